package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.PostboxConfig;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.password.PasswordSchemes;

/**
 * A real MTA in front of Postbox: Postfix from Debian's packages, configured in a directory of
 * its own (queue, logs and all under a temporary directory, SMTP on a free loopback port), takes
 * one message over SMTP for two mailboxes on two hosted domains and hands it to the daemon's LMTP
 * listener; both copies are then fetched over POP3 and must be the message as sent, octet for
 * octet, below the trace headers Postfix and Postbox put on top.
 *
 * <p>Needs root (Postfix's master starts as root and runs its daemons as the {@code postfix}
 * user) and the {@code postfix} package; skipped without them. CI installs the package.
 */
class PostfixEndToEndTest {

    private static final Path POSTFIX = Path.of("/usr/sbin/postfix");
    private static final String PASSWORD = "postfix end to end";
    /** Headers Postfix would otherwise add (Date, Message-ID) are given, so nothing is added below them. */
    private static final String MESSAGE = String.join("\r\n",
            "From: Sender <sender@example.net>",
            "To: alice@example.com, bob@example.org",
            "Subject: through Postfix",
            "Date: Sun, 22 Nov 2026 10:00:00 +0000",
            "Message-ID: <postfix-e2e@example.net>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=us-ascii",
            "",
            "First line.",
            ".a line that starts with a dot, stuffed twice on the way",
            "..two dots",
            "",
            "\ttabbed and trailing spaces   ",
            "Last line.",
            "");

    @TempDir
    Path dir;

    private Path config;

    @AfterEach
    void stopPostfix() throws Exception {
        if (config != null) {
            postfix("abort");
        }
    }

    @Test
    void postfixRelaysToTwoMailboxesOnTwoDomainsOverLmtp() throws Exception {
        assumeTrue(Files.isExecutable(POSTFIX), "postfix is not installed (Debian package postfix)");
        assumeTrue("root".equals(System.getProperty("user.name")), "Postfix's master must start as root");

        try (PostboxDaemon daemon = PostboxDaemon.start(PostboxConfig.parse(postboxYaml(), "test"));
                MailStore store = PostboxConfig.parse(postboxYaml(), "test").store().open()) {
            MailboxAddress alice = mailbox(store, "alice@example.com");
            MailboxAddress bob = mailbox(store, "bob@example.org");
            int smtpPort = freePort();
            startPostfix(smtpPort, daemon.boundAddress("lmtp").getPort());

            sendOverSmtp(smtpPort);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .failFast("Postfix gave up on a recipient", () -> maillog().contains("status=bounced"))
                    .untilAsserted(() -> assertThat(count(store, alice) + count(store, bob))
                            .as("messages delivered; Postfix's log:%n%s", maillog()).isEqualTo(2));

            for (MailboxAddress mailbox : List.of(alice, bob)) {
                List<String> fetched = retrieve(daemon.boundAddress("pop3"), mailbox);
                assertThat(fetched.get(0)).isEqualTo("Return-Path: <sender@example.net>");
                assertThat(fetched.get(1)).isEqualTo("Delivered-To: " + mailbox);
                String below = String.join("\r\n", withoutTraceHeaders(fetched)) + "\r\n";
                assertThat(below).as("%s's copy below the trace headers", mailbox).isEqualTo(MESSAGE);
                assertThat(fetched).as("Postbox's and Postfix's Received lines")
                        .anyMatch(line -> line.startsWith("Received: from mta.test"))
                        .anyMatch(line -> line.contains("by mta.test (Postfix) with ESMTP"));
            }
            assertThat(maillog()).contains("relay=127.0.0.1[127.0.0.1]:" + daemon.boundAddress("lmtp").getPort());
        }
    }

    private String postboxYaml() {
        return String.join("\n",
                "listeners:",
                "  - name: pop3",
                "    port: 0",
                "  - name: lmtp",
                "    protocol: lmtp",
                "    port: 0",
                "    hostname: postbox.test",
                "    spool-directory: " + dir.resolve("spool"),
                "store:",
                "  type: maildir",
                "  path: " + dir.resolve("mail"),
                "  fsync: false",
                "auth:",
                "  hash-threads: 1",
                "metrics:",
                "  port: 0",
                "");
    }

    /**
     * A Postfix instance of its own: nothing of the machine's /etc/postfix is read. Services run
     * without chroot (the chroot jail would need copies of /etc files) and log to a file through
     * postlogd, since a test machine has no syslog.
     */
    private void startPostfix(int smtpPort, int lmtpPort) throws Exception {
        Path root = dir.resolve("postfix");
        config = Files.createDirectories(root.resolve("conf"));
        Files.createDirectories(root.resolve("queue"));
        Path data = Files.createDirectories(root.resolve("data"));
        // Postfix's daemons drop to the postfix user: they must be able to reach their directories.
        for (Path path : List.of(dir, root)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(data, users.lookupPrincipalByName("postfix"));
        Files.writeString(config.resolve("main.cf"), String.join("\n",
                "compatibility_level = 3.6",
                "queue_directory = " + root.resolve("queue"),
                "data_directory = " + data,
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "inet_interfaces = loopback-only",
                "inet_protocols = ipv4",
                "myhostname = mta.test",
                "mydomain = mta.test",
                "myorigin = mta.test",
                "mydestination =",
                "mynetworks = 127.0.0.0/8",
                "relay_domains =",
                "alias_maps =",
                "alias_database =",
                "smtpd_recipient_restrictions = permit_mynetworks, reject",
                "virtual_mailbox_domains = example.com, example.org",
                "virtual_transport = lmtp:inet:127.0.0.1:" + lmtpPort,
                "maillog_file = " + root.resolve("maillog"),
                "maillog_file_prefixes = " + root,
                "smtputf8_enable = no",
                "biff = no",
                ""));
        Files.writeString(config.resolve("master.cf"), String.join("\n",
                "127.0.0.1:" + smtpPort + " inet n - n - - smtpd",
                "pickup    unix  n - n 60 1 pickup",
                "cleanup   unix  n - n - 0 cleanup",
                "qmgr      unix  n - n 300 1 qmgr",
                "rewrite   unix  - - n - - trivial-rewrite",
                "bounce    unix  - - n - 0 bounce",
                "defer     unix  - - n - 0 bounce",
                "trace     unix  - - n - 0 bounce",
                "verify    unix  - - n - 1 verify",
                "flush     unix  n - n 1000? 0 flush",
                "proxymap  unix  - - n - - proxymap",
                "smtp      unix  - - n - - smtp",
                "showq     unix  n - n - - showq",
                "error     unix  - - n - - error",
                "retry     unix  - - n - - error",
                "discard   unix  - - n - - discard",
                "lmtp      unix  - - n - - lmtp",
                "anvil     unix  - - n - 1 anvil",
                "scache    unix  - - n - 1 scache",
                "postlog   unix-dgram n - n - 1 postlogd",
                ""));
        postfix("start");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    try (Socket probe = new Socket("127.0.0.1", smtpPort)) {
                        assertThat(probe.isConnected()).as("Postfix's log:%n%s", maillog()).isTrue();
                    }
                });
    }

    private void postfix(String command) throws Exception {
        Process process = new ProcessBuilder(POSTFIX.toString(), "-c", config.toString(), command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("postfix-" + command + ".out").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("postfix %s finished", command).isTrue();
        assertThat(process.exitValue()).as("postfix %s; its log:%n%s", command, maillog()).isZero();
    }

    private String maillog() throws IOException {
        Path log = dir.resolve("postfix").resolve("maillog");
        return Files.exists(log) ? Files.readString(log) : "(no log yet)";
    }

    /** One SMTP transaction for both recipients, each reply checked. */
    private static void sendOverSmtp(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(reply(in)).startsWith("220 ");
            assertThat(command(out, in, "EHLO client.example.net")).startsWith("250 ");
            assertThat(command(out, in, "MAIL FROM:<sender@example.net>")).startsWith("250 ");
            assertThat(command(out, in, "RCPT TO:<alice@example.com>")).startsWith("250 ");
            assertThat(command(out, in, "RCPT TO:<bob@example.org>")).startsWith("250 ");
            assertThat(command(out, in, "DATA")).startsWith("354 ");
            String stuffed = MESSAGE.replace("\r\n.", "\r\n..");
            out.write((stuffed + ".\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(reply(in)).startsWith("250 ");
            assertThat(command(out, in, "QUIT")).startsWith("221 ");
        }
    }

    private static String command(OutputStream out, BufferedReader in, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply(in);
    }

    /** The last line of a (possibly multi-line) reply. */
    private static String reply(BufferedReader in) throws IOException {
        String line = in.readLine();
        while (line != null && line.length() > 3 && line.charAt(3) == '-') {
            line = in.readLine();
        }
        if (line == null) {
            throw new IOException("the SMTP server closed the connection");
        }
        return line;
    }

    private static List<String> retrieve(InetSocketAddress pop3, MailboxAddress mailbox) throws IOException {
        try (RawPop3Client client = new RawPop3Client(pop3)) {
            assertThat(client.login(mailbox.toString(), PASSWORD)).startsWith("+OK");
            assertThat(client.command("RETR 1")).startsWith("+OK");
            List<String> lines = client.readBody();
            client.command("QUIT");
            return lines;
        }
    }

    /** Drops the Return-Path, Delivered-To and Received fields (with their folded lines) on top. */
    private static List<String> withoutTraceHeaders(List<String> lines) {
        List<String> rest = new ArrayList<>(lines);
        boolean inTrace = false;
        while (!rest.isEmpty()) {
            String line = rest.get(0);
            boolean folded = line.startsWith(" ") || line.startsWith("\t");
            boolean trace = line.startsWith("Return-Path:") || line.startsWith("Delivered-To:")
                    || line.startsWith("Received:");
            if (!(trace || (folded && inTrace))) {
                break;
            }
            inTrace = true;
            rest.remove(0);
        }
        return rest;
    }

    private static int count(MailStore store, MailboxAddress mailbox) {
        try (Maildrop maildrop = store.open(mailbox)) {
            return maildrop.messages().size();
        }
    }

    private static MailboxAddress mailbox(MailStore store, String address) {
        MailboxAddress mailbox = MailboxAddress.parse(address);
        store.directory().addDomain(mailbox.domain());
        store.directory().addMailbox(mailbox, PasswordSchemes.hash(PASSWORD));
        return mailbox;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
