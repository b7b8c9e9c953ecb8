package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.PostboxConfig;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.password.PasswordSchemes;
import org.postbox.session.testing.LineClient;

/**
 * The daemon with an {@code lmtp} listener next to POP3: mail handed over LMTP is fetched by POP3
 * from the same store, the listener's keys reach the LMTP engine, bind failures name the listener
 * and closing the daemon closes the LMTP port.
 */
class LmtpListenerTest {

    private static final String PASSWORD = "lmtp listener test";

    @TempDir
    Path dir;

    @Test
    void mailDeliveredOverLmtpIsFetchedOverPop3() throws IOException {
        try (PostboxDaemon daemon = PostboxDaemon.start(config(0, "    over-quota: temporary\n"));
                MailStore store = PostboxConfig.parse(yaml(0, ""), "test").store().open()) {
            MailboxAddress alice = mailbox(store, "alice@example.com");
            MailboxAddress bob = mailbox(store, "bob@example.org");
            store.directory().setMailboxQuota(bob, new MailboxQuota(0, 1));
            List<String> body = List.of("Subject: over LMTP", "", "..a line that starts with a dot", "the end");
            try (LineClient lmtp = connectLmtp(daemon.boundAddress("lmtp"))) {
                assertThat(lmtp.readLine()).isEqualTo("220 mx.test LMTP Postbox ready");
                assertThat(command(lmtp, "LHLO mta.example.net")).isEqualTo("250-mx.test");
                assertThat(lastLine(lmtp)).endsWith("250 SIZE 1048576");
                assertThat(command(lmtp, "MAIL FROM:<sender@example.net>")).startsWith("250 ");
                assertThat(command(lmtp, "RCPT TO:<alice@example.com>")).isEqualTo("250 2.1.5 OK");
                assertThat(command(lmtp, "RCPT TO:<bob@example.org>")).isEqualTo("250 2.1.5 OK");
                assertThat(command(lmtp, "DATA")).startsWith("354 ");
                for (String line : body) {
                    lmtp.send(line);
                }
                assertThat(command(lmtp, ".")).startsWith("250 2.0.0 <alice@example.com> delivered");
                assertThat(lmtp.readLine()).startsWith("250 2.0.0 <bob@example.org> delivered");
                // bob is now at his message limit, configured as temporary: 452 4.2.2 at RCPT time.
                assertThat(command(lmtp, "MAIL FROM:<sender@example.net>")).startsWith("250 ");
                assertThat(command(lmtp, "RCPT TO:<bob@example.org>"))
                        .isEqualTo("452 4.2.2 <bob@example.org> mailbox is full, try again later");
                assertThat(command(lmtp, "QUIT")).startsWith("221 ");
            }
            try (RawPop3Client pop3 = new RawPop3Client(daemon.boundAddress("pop3"))) {
                assertThat(pop3.login("alice@example.com", PASSWORD)).startsWith("+OK");
                assertThat(pop3.command("RETR 1")).startsWith("+OK");
                List<String> fetched = pop3.readBody();
                assertThat(fetched).startsWith("Return-Path: <sender@example.net>", "Delivered-To: alice@example.com");
                assertThat(fetched.get(2)).startsWith("Received: from mta.example.net");
                assertThat(withoutTraceHeaders(fetched)).isEqualTo(List.of("Subject: over LMTP", "",
                        ".a line that starts with a dot", "the end"));
                pop3.command("QUIT");
            }
            assertThat(daemon.describeListeners()).contains("lmtp=127.0.0.1:");
        }
    }

    @Test
    void aBindFailureNamesTheLmtpListener() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> PostboxDaemon.start(config(taken.getLocalPort(), "")))
                    .isInstanceOf(ListenerBindException.class)
                    .hasMessageStartingWith("listener 'lmtp' cannot bind 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void theListenersLimitsComeFromItsKeys() throws IOException {
        try (PostboxDaemon daemon = PostboxDaemon.start(config(0, String.join("\n",
                "    max-connections: 1",
                "    max-bad-commands: 1",
                "    max-line-length: 600")))) {
            try (LineClient first = connectLmtp(daemon.boundAddress("lmtp"))) {
                assertThat(first.readLine()).isEqualTo("220 mx.test LMTP Postbox ready");
                try (LineClient second = connectLmtp(daemon.boundAddress("lmtp"))) {
                    assertThat(second.readLine()).isEqualTo("421 4.3.2 mx.test too many connections, try again later");
                }
                // 590 octets: over the protocol's 512, within this listener's 600.
                assertThat(command(first, "NOOP " + "x".repeat(583))).startsWith("250 ");
                assertThat(command(first, "EHLO mta.example.net")).startsWith("5");
                assertThat(command(first, "HELO mta.example.net"))
                        .isEqualTo("421 4.7.0 mx.test too many errors, closing connection");
            }
        }
    }

    @Test
    void closingTheDaemonClosesTheLmtpPort() {
        InetSocketAddress address;
        try (PostboxDaemon daemon = PostboxDaemon.start(config(0, ""))) {
            address = daemon.boundAddress("lmtp");
        }
        assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
                .isInstanceOf(ConnectException.class);
    }

    private PostboxConfig config(int lmtpPort, String lmtpKeys) {
        return PostboxConfig.parse(yaml(lmtpPort, lmtpKeys), "test");
    }

    private String yaml(int lmtpPort, String lmtpKeys) {
        return String.join("\n",
                "listeners:",
                "  - name: pop3",
                "    port: 0",
                "  - name: lmtp",
                "    protocol: lmtp",
                "    port: " + lmtpPort,
                "    hostname: mx.test",
                "    max-message-size: 1M",
                "    spool-directory: " + dir.resolve("spool"),
                lmtpKeys.stripTrailing(),
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

    private static MailboxAddress mailbox(MailStore store, String address) {
        MailboxAddress mailbox = MailboxAddress.parse(address);
        if (store.directory().domains().stream().noneMatch(d -> d.name().equals(mailbox.domain()))) {
            store.directory().addDomain(mailbox.domain());
        }
        store.directory().addMailbox(mailbox, PasswordSchemes.hash(PASSWORD));
        return mailbox;
    }

    private static List<String> withoutTraceHeaders(List<String> lines) {
        List<String> rest = new ArrayList<>(lines);
        while (!rest.isEmpty() && (rest.get(0).startsWith("Return-Path:") || rest.get(0).startsWith("Delivered-To:")
                || rest.get(0).startsWith("Received:") || rest.get(0).startsWith("\t") || rest.get(0).startsWith(" "))) {
            rest.remove(0);
        }
        return rest;
    }

    private static LineClient connectLmtp(InetSocketAddress address) throws IOException {
        return LineClient.connect(address, StandardCharsets.UTF_8);
    }

    private static String command(LineClient client, String line) throws IOException {
        client.send(line);
        return client.readLine();
    }

    /** The last line of a multi-line reply whose first line was read already. */
    private static String lastLine(LineClient client) throws IOException {
        String line = client.readLine();
        while (line.length() > 3 && line.charAt(3) == '-') {
            line = client.readLine();
        }
        return line;
    }
}
