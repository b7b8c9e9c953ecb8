package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postbox.config.PostboxConfig;
import org.postbox.lmtp.LmtpTestClient;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MailboxQuotaReport;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.jpa.testing.PostgresExtension;
import org.postbox.mailstore.jpa.testing.StoreFixture;

/**
 * N parallel LMTP deliveries through the daemon into a mailbox with room for exactly K messages,
 * on every backend: all N pass the RCPT check while the mailbox is empty and then send their
 * message at the same moment, so only the store's atomic check stands in the way. Exactly K are
 * stored, the others get {@code 552 5.2.2}, and the recorded usage matches the stored messages,
 * among them exactly one quota warning.
 */
class LmtpQuotaRaceTest {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    static List<StoreFixture> stores() {
        return StoreFixture.all(POSTGRES);
    }

    private static final int CLIENTS = 10;
    private static final int ROOM = 3;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void exactlyKOfNParallelDeliveriesGetIn(StoreFixture backend) throws Exception {
        String yaml = String.join("\n",
                "listeners:",
                "  - name: lmtp",
                "    protocol: lmtp",
                "    port: 0",
                "    hostname: postbox.test",
                "    spool-directory: " + dir.resolve("spool"),
                RunningDaemon.storeSection(backend, dir).stripTrailing(),
                "metrics:",
                "  port: 0",
                "");
        PostboxConfig config = PostboxConfig.parse(yaml, "test");
        try (PostboxDaemon daemon = PostboxDaemon.start(config); MailStore store = config.store().open()) {
            MailboxAddress alice = MailboxAddress.parse("alice@example.com");
            store.directory().addDomain("example.com");
            store.directory().addMailbox(alice, "{PLAIN}x");
            store.directory().setMailboxQuota(alice, new MailboxQuota(0, ROOM));

            CountDownLatch allAccepted = new CountDownLatch(CLIENTS);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<String> replies = new ArrayList<>();
            try {
                List<Future<String>> running = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    int client = i;
                    running.add(clients.submit(() -> deliver(daemon.boundAddress("lmtp"), client, allAccepted)));
                }
                for (Future<String> reply : running) {
                    replies.add(reply.get(120, TimeUnit.SECONDS));
                }
            } finally {
                clients.shutdownNow();
            }

            assertThat(replies).filteredOn(reply -> reply.startsWith("250 2.0.0 <alice@example.com> delivered"))
                    .as("replies %s", replies).hasSize(ROOM);
            assertThat(replies).filteredOn(reply -> !reply.startsWith("250 "))
                    .allMatch(reply -> reply.equals("552 5.2.2 <alice@example.com> mailbox is full"))
                    .hasSize(CLIENTS - ROOM);
            try (Maildrop maildrop = store.open(alice)) {
                // And the one quota warning that the delivery filling the mailbox brought, past the quota
                // (docs/quota-warnings.md): from 66 % to 100 %, of 95 %, however many raced.
                assertThat(maildrop.messages()).hasSize(ROOM + 1);
                try (InputStream last = maildrop.content(ROOM + 1)) {
                    assertThat(new String(last.readAllBytes(), StandardCharsets.UTF_8))
                            .contains("\r\nX-Postbox-Quota-Warning: 95\r\n");
                }
            }
            MailboxQuotaReport report = store.directory().mailboxQuota(alice);
            assertThat(report.usage().messages()).isEqualTo(ROOM + 1);
            assertThat(store.directory().recalculateQuota(Optional.of("example.com")))
                    .as("difference between the recorded usage and the stored messages").isEmpty();
        }
    }

    /** One transaction; returns the reply to the message. */
    private static String deliver(InetSocketAddress address, int client, CountDownLatch allAccepted) throws Exception {
        try (LmtpTestClient lmtp = LmtpTestClient.connect(address)) {
            // Every client delivers at once, and the replies wait for the store: more patience than a line usually needs.
            lmtp.readTimeout(Duration.ofSeconds(60));
            assertThat(lmtp.reply()).startsWith("220 ");
            lmtp.send("LHLO client" + client + ".example.net");
            assertThat(lmtp.readReply()).last().asString().startsWith("250 ");
            assertThat(lmtp.command("MAIL FROM:<sender@example.net>")).startsWith("250 ");
            assertThat(lmtp.command("RCPT TO:<alice@example.com>")).isEqualTo("250 2.1.5 OK");
            assertThat(lmtp.command("DATA")).startsWith("354 ");
            allAccepted.countDown();
            assertThat(allAccepted.await(60, TimeUnit.SECONDS)).as("every client past RCPT").isTrue();
            String reply = lmtp.command("Subject: race " + client + "\r\n\r\nmessage " + client + "\r\n.");
            lmtp.command("QUIT");
            return reply;
        }
    }
}
