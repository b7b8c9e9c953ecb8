package org.postbox.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.postbox.config.PostboxConfig;
import org.postbox.daemon.PostboxDaemon;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;

/**
 * Deliveries per second over LMTP, Postbox side by side with Dovecot's LMTP on the same machine,
 * the same clients and the same messages: {@code connections} clients on 127.0.0.1, each sending
 * {@code messages} messages of 4096 octets with one recipient, envelopes pipelined as Postfix's
 * LMTP client sends them, into 16 mailboxes of one domain. Targets:
 * <ul>
 * <li>Postbox on Maildir ({@code postboxd} in this JVM, its {@code lmtp} listener);</li>
 * <li>Dovecot's LMTP on Maildir ({@code dovecot -F -c <conf>}: its own configuration, base and
 *     state directories under a temporary directory, a passwd-file user database, loopback only;
 *     needs root to start and the Debian packages dovecot-core and dovecot-lmtpd);</li>
 * <li>Postbox on PostgreSQL, when {@code jdbc-url} (and {@code jdbc-user}, {@code jdbc-password})
 *     name a database it may migrate; best an empty one, since mail of earlier runs stays.</li>
 * </ul>
 * Both Maildir stores sync to disk the way their defaults do ({@code fsync=true}: Postbox's
 * {@code fsync: true} and Dovecot's {@code mail_fsync = optimized}) or neither does
 * ({@code fsync=false}: {@code never}). A program, not a test: it prints msgs/s per target.
 *
 * <pre>
 * ./mvnw -q -Dbuild.dirname=target-bench -pl benchmarks -am package -DskipTests
 * java -cp "$(cat benchmarks/target-bench/classpath.txt):benchmarks/target-bench/benchmarks-0.1.0-SNAPSHOT.jar" \
 *     org.postbox.benchmarks.LmtpComparisonBenchmark connections=4 messages=1000 fsync=true \
 *     [jdbc-url=jdbc:postgresql://127.0.0.1:5432/bench jdbc-user=postbox jdbc-password=secret]
 * </pre>
 */
public final class LmtpComparisonBenchmark {

    private static final int MESSAGE_OCTETS = 4096;
    private static final int MAILBOXES = 16;
    private static final String DOMAIN = "example.com";
    private static final Path DOVECOT = Path.of("/usr/sbin/dovecot");

    private LmtpComparisonBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int connections = Integer.parseInt(options.getOrDefault("connections", "4"));
        int messages = Integer.parseInt(options.getOrDefault("messages", "1000"));
        boolean fsync = Boolean.parseBoolean(options.getOrDefault("fsync", "true"));
        Path work = Files.createTempDirectory("lmtp-comparison-");
        // Dovecot delivers as the mail user, which must reach its directories.
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        byte[] message = message();
        System.out.printf(Locale.ROOT, "%d connections x %d messages of %d octets, one recipient each, fsync %s%n",
                connections, messages, MESSAGE_OCTETS, fsync ? "on" : "off");
        try {
            String maildir = String.join("\n", "store:", "  type: maildir", "  path: " + work.resolve("postbox-mail"),
                    "  fsync: " + fsync, "");
            report("Postbox LMTP -> Maildir", postbox(work, maildir, connections, messages, message), connections, messages);
            if (Files.isExecutable(DOVECOT)) {
                report("Dovecot LMTP -> Maildir", dovecot(work, fsync, connections, messages, message), connections, messages);
            } else {
                System.out.println("Dovecot LMTP -> Maildir: skipped, " + DOVECOT + " is not installed");
            }
            String url = options.get("jdbc-url");
            if (url != null) {
                String jpa = String.join("\n", "store:", "  type: jpa", "  url: \"" + url + "\"",
                        "  user: \"" + options.getOrDefault("jdbc-user", "postgres") + "\"",
                        "  password: \"" + options.getOrDefault("jdbc-password", "") + "\"", "");
                report("Postbox LMTP -> PostgreSQL", postbox(work, jpa, connections, messages, message), connections, messages);
            } else {
                System.out.println("Postbox LMTP -> PostgreSQL: skipped, give jdbc-url=... to measure it");
            }
        } finally {
            deleteTree(work);
        }
    }

    /** Seconds for the measured run against an in-process daemon over {@code storeYaml}. */
    private static double postbox(Path work, String storeYaml, int connections, int messages, byte[] message)
            throws Exception {
        String yaml = String.join("\n",
                "listeners:",
                "  - name: lmtp",
                "    protocol: lmtp",
                "    port: 0",
                "    hostname: postbox.bench",
                "    spool-directory: " + work.resolve("spool"),
                storeYaml.stripTrailing(),
                "metrics:",
                "  enabled: false",
                "logging:",
                "  level: warn",
                "");
        PostboxConfig config = PostboxConfig.parse(yaml, "benchmark");
        try (MailStore store = config.store().open()) {
            // A database kept from an earlier run has them already: it is measured as it is.
            if (store.directory().domains().stream().noneMatch(domain -> domain.name().equals(DOMAIN))) {
                store.directory().addDomain(DOMAIN);
            }
            for (int i = 0; i < MAILBOXES; i++) {
                MailboxAddress mailbox = MailboxAddress.parse("user" + i + "@" + DOMAIN);
                if (store.directory().account(mailbox).isEmpty()) {
                    store.directory().addMailbox(mailbox, "{PLAIN}x");
                }
            }
        }
        try (PostboxDaemon daemon = PostboxDaemon.start(config)) {
            return measure(daemon.boundAddress("lmtp"), connections, messages, message);
        }
    }

    /** Seconds for the measured run against a Dovecot started for it, stopped afterwards. */
    private static double dovecot(Path work, boolean fsync, int connections, int messages, byte[] message)
            throws Exception {
        Path home = Files.createDirectories(work.resolve("dovecot"));
        Path mail = Files.createDirectories(home.resolve("mail"));
        UserPrincipalLookupService users = work.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(mail, users.lookupPrincipalByName("mail"));
        StringBuilder passwd = new StringBuilder();
        for (int i = 0; i < MAILBOXES; i++) {
            // user:password:uid:gid:gecos:home:shell; 8 is Debian's mail user.
            passwd.append("user").append(i).append('@').append(DOMAIN).append(":{PLAIN}x:8:8::")
                    .append(mail.resolve(DOMAIN).resolve("user" + i)).append("::\n");
        }
        Files.writeString(home.resolve("users"), passwd);
        int port = freePort();
        Path conf = home.resolve("dovecot.conf");
        Files.writeString(conf, String.join("\n",
                "base_dir = " + home.resolve("run"),
                "state_dir = " + home.resolve("state"),
                "instance_name = postbox-benchmark-" + ProcessHandle.current().pid(),
                "log_path = " + home.resolve("dovecot.log"),
                "protocols = lmtp",
                "listen = 127.0.0.1",
                "ssl = no",
                "mail_fsync = " + (fsync ? "optimized" : "never"),
                "first_valid_uid = 8",
                "mail_location = maildir:" + mail + "/%d/%n/Maildir",
                "passdb {", "  driver = passwd-file", "  args = " + home.resolve("users"), "}",
                "userdb {", "  driver = passwd-file", "  args = " + home.resolve("users"), "}",
                "service lmtp {",
                "  inet_listener lmtp {", "    address = 127.0.0.1", "    port = " + port, "  }",
                "}",
                ""));
        Process dovecot = new ProcessBuilder(DOVECOT.toString(), "-F", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("dovecot.out").toFile()).start();
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            awaitListening(address, dovecot, home);
            return measure(address, connections, messages, message);
        } finally {
            dovecot.destroy(); // SIGTERM: the master stops its children
            if (!dovecot.waitFor(30, TimeUnit.SECONDS)) {
                dovecot.destroyForcibly();
            }
        }
    }

    private static void awaitListening(InetSocketAddress address, Process process, Path home) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(address, 1000);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("Dovecot did not start listening on " + address + ": "
                            + Files.readString(home.resolve("dovecot.out")), notYet);
                }
                Thread.sleep(50); // a program polling a child process, not a test
            }
        }
    }

    /** A warm-up of a tenth, then the timed run; returns its seconds. */
    private static double measure(InetSocketAddress address, int connections, int messages, byte[] message)
            throws Exception {
        run(address, connections, Math.max(1, messages / 10), message);
        long start = System.nanoTime();
        run(address, connections, messages, message);
        return (System.nanoTime() - start) / 1e9;
    }

    private static void report(String target, double seconds, int connections, int messages) {
        long total = (long) connections * messages;
        System.out.printf(Locale.ROOT, "%-28s %7d messages in %7.2f s = %8.0f msgs/s%n", target + ":", total, seconds,
                total / seconds);
    }

    private static void run(InetSocketAddress address, int connections, int messages, byte[] message) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                String recipient = "user" + (c % MAILBOXES) + "@" + DOMAIN;
                running.add(clients.submit(() -> {
                    client(address, recipient, messages, message);
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            clients.shutdown();
        }
    }

    private static void client(InetSocketAddress address, String recipient, int messages, byte[] message)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(address);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            out.write("LHLO bench.client\r\n".getBytes(StandardCharsets.US_ASCII));
            // As Postfix does: SIZE= only to a server that advertises SIZE (Dovecot 2.3 does not).
            boolean size = expect(in, "250").stream().anyMatch(line -> line.substring(4).startsWith("SIZE"));
            byte[] envelope = ("MAIL FROM:<sender@example.org>" + (size ? " SIZE=" + MESSAGE_OCTETS : "")
                    + "\r\nRCPT TO:<" + recipient + ">\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < messages; i++) {
                out.write(envelope);
                expect(in, "250");
                expect(in, "250");
                expect(in, "354");
                out.write(message);
                expect(in, "250");
            }
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            expect(in, "221");
        }
    }

    /** Reads one reply (all its lines), checks its code and returns its lines. */
    private static List<String> expect(InputStream in, String code) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("connection closed, expected " + code);
                }
                line.append((char) b);
            }
            if (!line.toString().startsWith(code)) {
                throw new IOException("expected " + code + " but got: " + line.toString().strip());
            }
            lines.add(line.toString().strip());
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
        }
    }

    /** 4096 octets of header and text lines, then the terminating dot line. */
    private static byte[] message() {
        StringBuilder text = new StringBuilder("From: sender@example.org\r\nTo: someone@example.com\r\nSubject: benchmark\r\n\r\n");
        String line = "The quick brown fox jumps over the lazy dog, again and again and again.\r\n";
        while (text.length() + line.length() <= MESSAGE_OCTETS - 3) {
            text.append(line);
        }
        text.append("x".repeat(MESSAGE_OCTETS - text.length() - 2)).append("\r\n");
        return text.append(".\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("arguments are key=value, got " + arg);
            }
            options.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        return options;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
