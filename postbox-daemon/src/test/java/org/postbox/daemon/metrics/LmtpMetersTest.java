package org.postbox.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.lmtp.LmtpAcceptor;
import org.postbox.lmtp.LmtpObserver;
import org.postbox.lmtp.LmtpSettings;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.session.WorkerPool;

/**
 * The LMTP listener's meters, from a real LMTP acceptor over a Maildir store: deliveries by result
 * with their store time and size, quota rejections, connections and sessions.
 */
class LmtpMetersTest {

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");
    private static final MailboxAddress BOB = MailboxAddress.parse("bob@example.com");

    @TempDir
    Path dir;

    /** Sessions turned away busy, per listener and protocol; 0 from the start, so that a dashboard shows it. */
    @Test
    void sessionsEndedForAFullWorkerPoolAreCountedPerListener() {
        try (DaemonMetrics metrics = DaemonMetrics.create("test")) {
            LmtpObserver lmtp = metrics.lmtp("lmtp");
            metrics.pop3("pop3");
            lmtp.sessionEndedBusy();
            lmtp.sessionEndedBusy();

            Scrape scrape = Scrape.parse(metrics.scrape());
            assertThat(scrape.sum("postbox_worker_rejections_total", "listener", "lmtp", "protocol", "lmtp")).isEqualTo(2);
            assertThat(scrape.series().values()).as("POP3's, present at 0")
                    .anySatisfy(series -> assertThat(series).isEqualTo(new Scrape.Series("postbox_worker_rejections_total",
                            Map.of("listener", "pop3", "protocol", "pop3"), 0)));
        }
    }

    @Test
    void deliveriesAreCountedByResultWithTheirTimeAndSize() throws Exception {
        WorkerPool workers = new WorkerPool("lmtp-worker", 2, 100);
        try (DaemonMetrics metrics = DaemonMetrics.create("test");
                MailStore store = metrics.instrument(MailStoreProvider.forType("maildir")
                        .open(Map.of("path", dir.resolve("mail").toString(), "fsync", false), dir))) {
            store.directory().addDomain("example.com");
            store.directory().addMailbox(ALICE, "{PLAIN}secret");
            store.directory().addMailbox(BOB, "{PLAIN}secret");
            store.directory().setMailboxQuota(BOB, new MailboxQuota(10, 0));
            LmtpAcceptor lmtp = LmtpAcceptor.builder(LmtpSettings.defaults("mail.example.com", dir.resolve("spool")), store,
                    workers).observer(metrics.lmtp("lmtp")).build();
            InetSocketAddress address = lmtp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try {
                try (CountingClient client = new CountingClient(address)) {
                    assertThat(client.readLine()).startsWith("220 ");
                    assertThat(client.command("LHLO client.example.com")).startsWith("250");
                    while (!client.readLine().startsWith("250 ")) {
                        // the rest of the LHLO reply
                    }
                    assertThat(client.command("MAIL FROM:<sender@example.org>")).startsWith("250");
                    assertThat(client.command("RCPT TO:<alice@example.com>")).startsWith("250");
                    assertThat(client.command("RCPT TO:<bob@example.com>")).startsWith("250");
                    assertThat(client.command("RCPT TO:<nobody@example.com>")).startsWith("550");
                    assertThat(client.command("DATA")).startsWith("354");
                    assertThat(client.command("Subject: hi\r\n\r\nHello Alice and Bob.\r\n.")).startsWith("250 2.0.0");
                    assertThat(client.readLine()).startsWith("552 5.2.2");
                    assertThat(client.command("QUIT")).startsWith("221");
                    client.awaitClose();
                }
                long stored = store.directory().mailboxes(Optional.of("example.com")).stream()
                        .filter(m -> m.address().equals(ALICE)).findFirst().orElseThrow().storedOctets();

                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Scrape.parse(metrics.scrape())
                        .sum("postbox_sessions_open", "protocol", "lmtp")).isZero());
                Scrape scrape = Scrape.parse(metrics.scrape());

                assertThat(scrape.sum("postbox_lmtp_deliveries_total", "listener", "lmtp", "result", "delivered")).isEqualTo(1);
                assertThat(scrape.sum("postbox_lmtp_deliveries_total", "listener", "lmtp", "result", "over_quota")).isEqualTo(1);
                assertThat(scrape.sum("postbox_lmtp_deliveries_total")).isEqualTo(2);
                assertThat(scrape.sum("postbox_lmtp_delivery_duration_seconds_count", "listener", "lmtp")).isEqualTo(2);
                assertThat(scrape.sum("postbox_lmtp_delivery_size_bytes_count", "listener", "lmtp")).isEqualTo(1);
                assertThat(scrape.sum("postbox_lmtp_delivery_size_bytes_sum", "listener", "lmtp")).isEqualTo(stored);
                assertThat(scrape.sum("postbox_quota_rejections_total", "stage", "delivery")).isEqualTo(1);
                assertThat(scrape.sum("postbox_connections_total", "protocol", "lmtp", "result", "accepted")).isEqualTo(1);
                assertThat(scrape.sum("postbox_connections_total", "protocol", "lmtp", "result", "rejected")).isZero();
                assertThat(scrape.sum("postbox_store_operation_duration_seconds_count", "operation", "deliver")).isEqualTo(2);
            } finally {
                lmtp.shutdown(Duration.ofSeconds(5));
            }
        } finally {
            workers.close();
        }
    }

    @Test
    void aConnectionOverTheLimitIsRejected() throws Exception {
        WorkerPool workers = new WorkerPool("lmtp-worker", 2, 100);
        try (DaemonMetrics metrics = DaemonMetrics.create("test");
                MailStore store = metrics.instrument(MailStoreProvider.forType("maildir")
                        .open(Map.of("path", dir.resolve("mail").toString(), "fsync", false), dir))) {
            LmtpSettings defaults = LmtpSettings.defaults("mail.example.com", dir.resolve("spool"));
            LmtpSettings one = new LmtpSettings(defaults.hostname(), defaults.maxLineLength(), defaults.maxMessageSize(),
                    defaults.maxRecipients(), defaults.maxBadCommands(), defaults.idleTimeout(), 1,
                    defaults.overQuotaTemporary(), defaults.spoolDirectory());
            LmtpAcceptor lmtp = LmtpAcceptor.builder(one, store, workers).observer(metrics.lmtp("lmtp")).build();
            InetSocketAddress address = lmtp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (CountingClient first = new CountingClient(address)) {
                assertThat(first.readLine()).startsWith("220 ");
                try (CountingClient second = new CountingClient(address)) {
                    assertThat(second.readLine()).startsWith("421");
                    second.awaitClose();
                }
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    Scrape scrape = Scrape.parse(metrics.scrape());
                    assertThat(scrape.sum("postbox_connections_total", "protocol", "lmtp", "result", "rejected")).isEqualTo(1);
                    assertThat(scrape.sum("postbox_connections_total", "protocol", "lmtp", "result", "accepted")).isEqualTo(1);
                    assertThat(scrape.sum("postbox_sessions_open", "protocol", "lmtp")).isEqualTo(1);
                });
            } finally {
                lmtp.shutdown(Duration.ofSeconds(5));
            }
        } finally {
            workers.close();
        }
    }

}
