package org.postbox.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.postbox.config.PostboxConfig;
import org.postbox.daemon.PostboxDaemon;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.spi.FileTrees;

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

    private static final String DOMAIN = LmtpLoad.DOMAIN;
    private static final Path DOVECOT = Path.of("/usr/sbin/dovecot");

    private LmtpComparisonBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = KeyValueArguments.parse(args);
        int connections = Integer.parseInt(options.getOrDefault("connections", "4"));
        int messages = Integer.parseInt(options.getOrDefault("messages", "1000"));
        boolean fsync = Boolean.parseBoolean(options.getOrDefault("fsync", "true"));
        Path work = Files.createTempDirectory("lmtp-comparison-");
        // Dovecot delivers as the mail user, which must reach its directories.
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.out.printf(Locale.ROOT, "%d connections x %d messages of %d octets, one recipient each, fsync %s%n",
                connections, messages, LmtpLoad.MESSAGE_OCTETS, fsync ? "on" : "off");
        try {
            String maildir = String.join("\n", "store:", "  type: maildir", "  path: " + work.resolve("postbox-mail"),
                    "  fsync: " + fsync, "");
            report("Postbox LMTP -> Maildir", postbox(work, maildir, connections, messages), connections, messages);
            if (Files.isExecutable(DOVECOT)) {
                report("Dovecot LMTP -> Maildir", dovecot(work, fsync, connections, messages), connections, messages);
            } else {
                System.out.println("Dovecot LMTP -> Maildir: skipped, " + DOVECOT + " is not installed");
            }
            String url = options.get("jdbc-url");
            if (url != null) {
                String jpa = String.join("\n", "store:", "  type: jpa", "  url: \"" + url + "\"",
                        "  user: \"" + options.getOrDefault("jdbc-user", "postgres") + "\"",
                        "  password: \"" + options.getOrDefault("jdbc-password", "") + "\"", "");
                report("Postbox LMTP -> PostgreSQL", postbox(work, jpa, connections, messages), connections, messages);
            } else {
                System.out.println("Postbox LMTP -> PostgreSQL: skipped, give jdbc-url=... to measure it");
            }
        } finally {
            FileTrees.deleteRecursively(work);
        }
    }

    /** Seconds for the measured run against an in-process daemon over {@code storeYaml}. */
    private static double postbox(Path work, String storeYaml, int connections, int messages) throws Exception {
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
            LmtpLoad.addMailboxes(store);
        }
        try (PostboxDaemon daemon = PostboxDaemon.start(config)) {
            return LmtpLoad.measure(daemon.boundAddress("lmtp"), connections, messages);
        }
    }

    /** Seconds for the measured run against a Dovecot started for it, stopped afterwards. */
    private static double dovecot(Path work, boolean fsync, int connections, int messages) throws Exception {
        Path home = Files.createDirectories(work.resolve("dovecot"));
        Path mail = Files.createDirectories(home.resolve("mail"));
        UserPrincipalLookupService users = work.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(mail, users.lookupPrincipalByName("mail"));
        StringBuilder passwd = new StringBuilder();
        for (int i = 0; i < LmtpLoad.MAILBOXES; i++) {
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
            return LmtpLoad.measure(address, connections, messages);
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

    private static void report(String target, double seconds, int connections, int messages) {
        System.out.printf(Locale.ROOT, "%-28s %s%n", target + ":", LmtpLoad.rate(connections, messages, seconds));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
