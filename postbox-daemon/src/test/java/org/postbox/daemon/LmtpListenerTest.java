package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.PostboxConfig;
import org.postbox.lmtp.LmtpTestClient;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.password.PasswordSchemes;
import org.postbox.pop3.server.Pop3TestClient;

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
            try (LmtpTestClient lmtp = LmtpTestClient.connect(daemon.boundAddress("lmtp"))) {
                assertThat(lmtp.reply()).isEqualTo("220 mx.test LMTP Postbox ready");
                lmtp.send("LHLO mta.example.net");
                List<String> lhlo = lmtp.readReply();
                assertThat(lhlo).first().isEqualTo("250-mx.test");
                assertThat(lhlo).last().asString().endsWith("250 SIZE 1048576");
                assertThat(lmtp.command("MAIL FROM:<sender@example.net>")).startsWith("250 ");
                assertThat(lmtp.command("RCPT TO:<alice@example.com>")).isEqualTo("250 2.1.5 OK");
                assertThat(lmtp.command("RCPT TO:<bob@example.org>")).isEqualTo("250 2.1.5 OK");
                assertThat(lmtp.command("DATA")).startsWith("354 ");
                for (String line : body) {
                    lmtp.send(line);
                }
                assertThat(lmtp.command(".")).startsWith("250 2.0.0 <alice@example.com> delivered");
                assertThat(lmtp.reply()).startsWith("250 2.0.0 <bob@example.org> delivered");
                // bob is now at his message limit, configured as temporary: 452 4.2.2 at RCPT time.
                assertThat(lmtp.command("MAIL FROM:<sender@example.net>")).startsWith("250 ");
                assertThat(lmtp.command("RCPT TO:<bob@example.org>"))
                        .isEqualTo("452 4.2.2 <bob@example.org> mailbox is full, try again later");
                assertThat(lmtp.command("QUIT")).startsWith("221 ");
            }
            try (Pop3TestClient pop3 = Pop3TestClient.greeted(daemon.boundAddress("pop3"))) {
                assertThat(pop3.logIn("alice@example.com", PASSWORD)).startsWith("+OK");
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
            try (LmtpTestClient first = LmtpTestClient.connect(daemon.boundAddress("lmtp"))) {
                assertThat(first.reply()).isEqualTo("220 mx.test LMTP Postbox ready");
                try (LmtpTestClient second = LmtpTestClient.connect(daemon.boundAddress("lmtp"))) {
                    assertThat(second.reply()).isEqualTo("421 4.3.2 mx.test too many connections, try again later");
                }
                // 590 octets: over the protocol's 512, within this listener's 600.
                assertThat(first.command("NOOP " + "x".repeat(583))).startsWith("250 ");
                assertThat(first.command("EHLO mta.example.net")).startsWith("5");
                assertThat(first.command("HELO mta.example.net"))
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
}
