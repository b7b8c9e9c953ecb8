package org.postbox.benchmarks.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.postbox.benchmarks.KeyValueArguments;
import org.postbox.password.PasswordSchemes;

/**
 * Writes the mail tree both servers read: Dovecot's {@code %d/%n/Maildir} layout, which is
 * Postbox's Maildir store, and one Dovecot-style passwd-file for both.
 *
 * <pre>
 * dir/mail/bench.example/u0..u{mailboxes-1}/Maildir   the same {messages} mixed-size messages each
 * dir/mail/bench.example/i0..i{idle-1}/Maildir        empty, one per idle session
 * dir/mail/bench.example/big/Maildir                  {big} small messages
 * dir/mail/example.com/user0..user15/Maildir          LMTP recipients (LmtpLoad's)
 * dir/passwd, dir/manifest.txt, dir/pool/             accounts, what was generated, the originals
 * </pre>
 *
 * The mixed-size messages are hard links to one pool file per message, so that many mailboxes
 * cost the disk and the page cache one copy; the big maildrop has files of its own, since a cold
 * listing of it should touch 100,000 distinct inodes. File names carry Dovecot's {@code ,S=} and
 * {@code ,W=} sizes, which both servers read instead of the files. Every password is
 * {@code password} (default {@code secret}), stored in {@code scheme} (default {@code SSHA512},
 * cheap, so that logins measure the servers rather than a hash; {@code ARGON2ID} measures the
 * hash, one shared hash then).
 */
public final class TreeGenerator {

    static final String DOMAIN = "bench.example";
    private static final long FIRST_DELIVERY = 1_700_000_000L;

    private TreeGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = KeyValueArguments.parse(args);
        Path dir = Path.of(options.getOrDefault("dir", "compare-data"));
        int mailboxes = Integer.parseInt(options.getOrDefault("mailboxes", "64"));
        int messages = Integer.parseInt(options.getOrDefault("messages", "40"));
        int idle = Integer.parseInt(options.getOrDefault("idle", "10000"));
        int big = Integer.parseInt(options.getOrDefault("big", "100000"));
        String scheme = options.getOrDefault("scheme", "SSHA512");
        String password = options.getOrDefault("password", "secret");
        String signature = String.join(" ", "mailboxes=" + mailboxes, "messages=" + messages, "idle=" + idle,
                "big=" + big, "scheme=" + scheme, "password=" + password);
        Path done = dir.resolve("generated.txt");
        if (Files.exists(done) && Files.readString(done).strip().equals(signature)) {
            System.out.println("tree in " + dir + " is up to date (" + signature + ")");
            return;
        }
        if (Files.exists(dir)) {
            throw new IOException(dir + " holds another tree (" + (Files.exists(done) ? Files.readString(done).strip()
                    : "unfinished") + "); remove it first");
        }
        long start = System.nanoTime();
        Path mail = Files.createDirectories(dir.resolve("mail"));
        Path pool = Files.createDirectories(dir.resolve("pool"));
        List<BenchMessage> generated = new ArrayList<>();
        List<String> poolNames = new ArrayList<>();
        for (int id = 0; id < messages; id++) {
            BenchMessage message = BenchMessage.of(id, BenchMessage.mixedSize(id));
            generated.add(message);
            String name = fileName(id, message);
            Files.write(pool.resolve(name), message.stored());
            poolNames.add(name);
        }
        Manifest.write(dir.resolve("manifest.txt"), generated);

        StringBuilder passwd = new StringBuilder();
        String hash = "ARGON2ID".equals(scheme) ? PasswordSchemes.hash(password) : null;
        for (int i = 0; i < mailboxes; i++) {
            Path cur = maildir(mail, DOMAIN, "u" + i);
            for (String name : poolNames) {
                Files.createLink(cur.resolve(name), pool.resolve(name));
            }
            passwd.append(account("u" + i + "@" + DOMAIN, hash, scheme, password));
        }
        for (int i = 0; i < idle; i++) {
            maildir(mail, DOMAIN, "i" + i);
            passwd.append(account("i" + i + "@" + DOMAIN, hash, scheme, password));
        }
        if (big > 0) {
            Path cur = maildir(mail, DOMAIN, "big");
            for (int n = 0; n < big; n++) {
                BenchMessage message = BenchMessage.of(n, BenchMessage.smallSize(n));
                Files.write(cur.resolve(fileName(n, message)), message.stored());
            }
            passwd.append(account("big@" + DOMAIN, hash, scheme, password));
        }
        for (int i = 0; i < 16; i++) {
            maildir(mail, "example.com", "user" + i);
            passwd.append(account("user" + i + "@example.com", hash, scheme, password));
        }
        Files.writeString(dir.resolve("passwd"), passwd);
        Files.writeString(done, signature + "\n");
        System.out.printf("generated %s in %.1f s (%s)%n", dir, (System.nanoTime() - start) / 1e9, signature);
    }

    /** {@code <root>/<domain>/<local>/Maildir} with its three folders; returns {@code cur/}. */
    private static Path maildir(Path mail, String domain, String local) throws IOException {
        Path maildir = mail.resolve(domain).resolve(local).resolve("Maildir");
        Files.createDirectories(maildir.resolve("new"));
        Files.createDirectories(maildir.resolve("tmp"));
        return Files.createDirectories(maildir.resolve("cur"));
    }

    /** A Maildir name as Dovecot's delivery writes it, seen and moved to cur/, in delivery order. */
    private static String fileName(int n, BenchMessage message) {
        return (FIRST_DELIVERY + n) + ".M" + (n % 1_000_000) + "P4242Q" + n + ".bench.example,S="
                + message.stored().length + ",W=" + message.pop3Size() + ":2,S";
    }

    private static String account(String address, String sharedHash, String scheme, String password)
            throws NoSuchAlgorithmException {
        String hash = sharedHash;
        if (hash == null) {
            if (!"SSHA512".equals(scheme) && !"PLAIN".equals(scheme)) {
                throw new IllegalArgumentException("scheme is SSHA512, PLAIN or ARGON2ID, got " + scheme);
            }
            hash = "PLAIN".equals(scheme) ? "{PLAIN}" + password : ssha512(password);
        }
        // user:password:uid:gid:gecos:home:shell:extra; the rest comes from each server's configuration
        return address + ":" + hash + "::::::\n";
    }

    /** Dovecot's {@code {SSHA512}}: base64 of SHA-512(password + salt) followed by the salt. */
    private static String ssha512(String password) throws NoSuchAlgorithmException {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        MessageDigest sha = MessageDigest.getInstance("SHA-512");
        sha.update(password.getBytes(StandardCharsets.UTF_8));
        sha.update(salt);
        byte[] digest = sha.digest();
        byte[] stored = new byte[digest.length + salt.length];
        System.arraycopy(digest, 0, stored, 0, digest.length);
        System.arraycopy(salt, 0, stored, digest.length, salt.length);
        return "{SSHA512}" + Base64.getEncoder().encodeToString(stored);
    }
}
