package org.postbox.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.postbox.config.PostboxConfig;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.password.GeneratedPassword;

/**
 * Times {@code postbox import dovecot} on a generated Dovecot installation: a passwd-file and
 * {@code mailboxes} Maildirs in Dovecot's {@code %d/%n/Maildir} layout holding {@code messages}
 * messages in all (1 to 6 KiB, LF line ends, names with {@code S=} and {@code W=}), each with its
 * {@code dovecot-uidlist}, every tenth message with a stored {@code P} UIDL. The import runs as the
 * command runs, in a JVM of its own ({@code org.postbox.cli.PostboxCommand}), into a fresh Maildir
 * store (or the PostgreSQL database of {@code jdbc-url}); then every mailbox's UIDLs are compared
 * with the ones Dovecot would have answered, and the import is run once more, which must find
 * everything there. Prints the figures; fails nothing.
 *
 * <pre>
 * ./mvnw -q -o -pl benchmarks -am package -DskipTests
 * java -cp "$(cat benchmarks/target/classpath.txt):benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar" \
 *     org.postbox.benchmarks.ImportBenchmark [mailboxes=100] [messages=100000] [dir=/tmp/postbox-import-bench] \
 *     [transfer=link|copy|move] [jdbc-url=jdbc:postgresql://... user=... password=...]
 * </pre>
 */
public final class ImportBenchmark {

    private static final long UID_VALIDITY = 1_700_000_000L;

    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = KeyValueArguments.parse(args);
        int mailboxes = Integer.parseInt(options.getOrDefault("mailboxes", "100"));
        int messages = Integer.parseInt(options.getOrDefault("messages", "100000"));
        Path dir = Path.of(options.getOrDefault("dir", "/tmp/postbox-import-bench"));
        String transfer = options.getOrDefault("transfer", "link");
        Optional<String> jdbcUrl = Optional.ofNullable(options.get("jdbc-url"));

        Path tree = dir.resolve("dovecot");
        Path store = dir.resolve("store");
        if (Files.exists(dir)) {
            throw new IllegalArgumentException(dir + " exists; give a new dir= (the benchmark never removes anything)");
        }
        long started = System.nanoTime();
        List<List<String>> expected = generate(tree, mailboxes, messages);
        long octets;
        try (var files = Files.walk(tree.resolve("mail"))) {
            octets = files.filter(Files::isRegularFile).filter(p -> p.getParent().getFileName().toString().equals("cur"))
                    .mapToLong(ImportBenchmark::size).sum();
        }
        System.out.printf(Locale.ROOT, "generated %d mailboxes, %d messages, %.1f MiB in %.1f s%n", mailboxes, messages,
                octets / 1048576.0, seconds(System.nanoTime() - started));

        Path config = dir.resolve("postbox.yaml");
        Files.writeString(config, jdbcUrl.map(url -> "store:\n  type: jpa\n  url: \"" + url + "\"\n  user: \""
                + options.getOrDefault("user", "postgres") + "\"\n  password: \"" + options.getOrDefault("password", "")
                + "\"\n").orElse("store:\n  type: maildir\n  path: " + store + "\n"));

        List<String> command = new ArrayList<>(List.of("--config", config.toString(), "import", "dovecot",
                "--passwd-file", tree.resolve("passwd").toString(), "--mail-root", tree.resolve("mail").toString(), "--json"));
        if (!transfer.equals("link")) {
            command.add("--" + transfer);
        }
        Duration first = run(command, dir.resolve("import-1.jsonl"));
        System.out.printf(Locale.ROOT, "import: %.1f s (the command's own summary: %s s), %.0f messages/s, %.1f MiB/s "
                + "(%s, store %s)%n", seconds(first.toNanos()), summarySeconds(dir.resolve("import-1.jsonl")),
                messages / seconds(first.toNanos()), octets / 1048576.0 / seconds(first.toNanos()), transfer,
                jdbcUrl.isPresent() ? "jpa" : "maildir");

        long refetched = 0;
        long checked = 0;
        try (MailStore opened = PostboxConfig.load(config).store().open()) {
            for (int m = 0; m < mailboxes; m++) {
                try (Maildrop maildrop = opened.open(address(m))) {
                    List<String> uidls = maildrop.messages().stream().map(MessageInfo::uniqueId).toList();
                    List<String> want = expected.get(m);
                    for (int i = 0; i < want.size(); i++) {
                        checked++;
                        if (i >= uidls.size() || !uidls.get(i).equals(want.get(i))) {
                            refetched++;
                        }
                    }
                    refetched += Math.max(0, uidls.size() - want.size());
                }
            }
        }
        System.out.printf(Locale.ROOT, "UIDLs compared with Dovecot's: %d messages, %d different or out of order "
                + "(would be fetched again)%n", checked, refetched);

        Duration second = run(command, dir.resolve("import-2.jsonl"));
        System.out.printf(Locale.ROOT, "second run (everything there already): %.1f s (summary: %s s)%n",
                seconds(second.toNanos()), summarySeconds(dir.resolve("import-2.jsonl")));
        System.out.println("JSON lines of both runs: " + dir.resolve("import-1.jsonl") + ", " + dir.resolve("import-2.jsonl"));
    }

    /** The {@code seconds} of the last JSON line the command wrote, its own measure without the JVM's start. */
    private static String summarySeconds(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        int at = last.indexOf("\"seconds\":");
        return at < 0 ? "?" : last.substring(at + 10, last.indexOf('}', at));
    }

    /** Runs the postbox command in a JVM of its own, its output into {@code log}. */
    private static Duration run(List<String> arguments, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                // As bin/postbox runs it: logs on standard error, warnings only.
                "-Dpostbox.log.target=System.err", "-Dpostbox.log.level=WARN", "org.postbox.cli.PostboxCommand"));
        command.addAll(arguments);
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(log.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!process.waitFor(2, TimeUnit.HOURS)) {
            process.destroy();
            throw new IllegalStateException("the import did not end within 2 hours");
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("postbox import dovecot exited with " + process.exitValue());
        return elapsed;
    }

    private static MailboxAddress address(int mailbox) {
        return new MailboxAddress(String.format(Locale.ROOT, "user%03d", mailbox), "d" + (mailbox % 10) + ".example");
    }

    /** Writes the installation; returns each mailbox's UIDLs as Dovecot answers them, in its order. */
    private static List<List<String>> generate(Path tree, int mailboxes, int messages) throws IOException {
        List<List<String>> expected = new ArrayList<>();
        String hash = GeneratedPassword.create().hash();
        StringBuilder passwd = new StringBuilder();
        int n = 0;
        for (int m = 0; m < mailboxes; m++) {
            MailboxAddress address = address(m);
            passwd.append(address).append(':').append(hash).append("::::::\n");
            Path maildir = Files.createDirectories(tree.resolve("mail").resolve(address.domain())
                    .resolve(address.localPart()).resolve("Maildir"));
            Path cur = Files.createDirectories(maildir.resolve("cur"));
            Files.createDirectories(maildir.resolve("new"));
            Files.createDirectories(maildir.resolve("tmp"));
            int count = messages / mailboxes + (m < messages % mailboxes ? 1 : 0);
            long uidValidity = UID_VALIDITY + m;
            List<String> uidls = new ArrayList<>(count);
            try (Writer uidlist = Files.newBufferedWriter(maildir.resolve("dovecot-uidlist"), StandardCharsets.UTF_8)) {
                uidlist.write("3 V" + uidValidity + " N" + (count + 1) + " G" + String.format(Locale.ROOT, "%032x", m) + "\n");
                for (int uid = 1; uid <= count; uid++, n++) {
                    byte[] message = message(n);
                    long lines = 0;
                    for (byte b : message) {
                        lines += b == '\n' ? 1 : 0;
                    }
                    String base = (UID_VALIDITY + n) + ".M" + n + "P4242.bench,S=" + message.length + ",W="
                            + (message.length + lines);
                    try (OutputStream out = Files.newOutputStream(cur.resolve(base + ":2,S"))) {
                        out.write(message);
                    }
                    if (uid % 10 == 0) {
                        String stored = "legacy-" + m + "-" + uid;
                        uidlist.write(uid + " P" + stored + " :" + base + ":2,S\n");
                        uidls.add(stored);
                    } else {
                        uidlist.write(uid + " :" + base + ":2,S\n");
                        uidls.add(String.format(Locale.ROOT, "%08x%08x", uid, uidValidity));
                    }
                }
            }
            expected.add(uidls);
        }
        Files.writeString(tree.resolve("passwd"), passwd);
        return expected;
    }

    /** Message {@code n}: 1 to 6 KiB of LF-ended lines, the same every time. */
    private static byte[] message(int n) {
        int size = 1024 + (int) ((n * 2654435761L) % 5120);
        StringBuilder text = new StringBuilder(size + 100);
        text.append("Return-Path: <sender").append(n % 97).append("@example.net>\n")
                .append("From: Sender <sender").append(n % 97).append("@example.net>\n")
                .append("To: reader@example.com\n")
                .append("Subject: benchmark message ").append(n).append('\n')
                .append("Message-ID: <").append(n).append("@bench.example>\n")
                .append("Date: Tue, 14 Nov 2023 22:13:20 +0000\n\n");
        while (text.length() < size) {
            text.append("Lorem ipsum dolor sit amet, consectetur adipiscing elit, message ").append(n).append(".\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
