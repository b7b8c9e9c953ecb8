package org.postbox.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.PostboxConfig;
import org.postbox.daemon.PostboxDaemon;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MessageSource;
import org.slf4j.LoggerFactory;

/**
 * The acceptance test of issue 6: a scripted mix of sessions against a real daemon, and every
 * series moves by exactly what the mix did, read from {@code /metrics} before and after.
 */
class MetricsAcceptanceTest {

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");
    private static final MailboxAddress BOB = MailboxAddress.parse("bob@example.com");
    private static final String PASSWORD = "secret";
    private static final byte[] MESSAGE = "Subject: hello\r\n\r\nHello, world.\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private PostboxDaemon daemon;
    private MailStore admin;
    private final ListAppender<ILoggingEvent> summaries = new ListAppender<>();

    @BeforeEach
    void start() {
        PostboxConfig config = PostboxConfig.parse(String.join("\n",
                "listeners:",
                "  - {name: pop3, address: 127.0.0.1, port: 0, default-domain: example.com}",
                "  - {name: lmtp, protocol: lmtp, address: 127.0.0.1, port: 0, hostname: mail.example.com,"
                        + " spool-directory: '" + dir.resolve("spool") + "'}",
                "store: {type: maildir, path: '" + dir.resolve("mail") + "', fsync: false}",
                "auth: {failure-delay: 50ms, hash-threads: 2, penalty-initial: 100ms, penalty-max: 200ms}",
                "limits: {max-connections: 2}",
                "metrics: {port: 0, per-domain: {enabled: true, refresh-interval: 5s}}",
                ""), "test");
        admin = config.store().open();
        admin.directory().addDomain("example.com");
        admin.directory().setDomainQuota("example.com", new DomainQuota(1_000_000, 0));
        for (MailboxAddress mailbox : List.of(ALICE, BOB)) {
            admin.directory().addMailbox(mailbox, "{PLAIN}" + PASSWORD);
            admin.deliver(List.of(mailbox), MessageSource.of(MESSAGE));
            admin.deliver(List.of(mailbox), MessageSource.of(MESSAGE));
        }
        // Bob's mailbox is full: an LMTP delivery to him is refused.
        admin.directory().setMailboxQuota(BOB, new MailboxQuota(2L * MESSAGE.length, 0));
        summaries.start();
        sessionLog().addAppender(summaries);
        daemon = PostboxDaemon.start(config);
    }

    private static Logger sessionLog() {
        return (Logger) LoggerFactory.getLogger("org.postbox.pop3.server.SessionDriver");
    }

    @AfterEach
    void stop() {
        sessionLog().detachAppender(summaries);
        if (daemon != null) {
            daemon.close();
        }
        admin.close();
    }

    @Test
    void everySeriesMovesByExactlyWhatTheSessionsDid() throws Exception {
        InetSocketAddress pop3 = daemon.boundAddress("pop3");
        InetSocketAddress metrics = daemon.metricsAddress().orElseThrow();
        // The per-domain gauges are read on a timer: wait for the first reading.
        await().atMost(Duration.ofSeconds(10)).until(() -> Scrape.of(metrics).has("postbox_domain_messages"));
        Scrape before = Scrape.of(metrics);
        long octets = 0;
        long aliceOctets;

        // A: USER/PASS, LIST, two RETRs, a DELE, QUIT: one message is gone.
        try (CountingClient a = new CountingClient(pop3)) {
            a.readLine();
            assertThat(a.command("USER alice")).startsWith("+OK");
            assertThat(a.command("PASS " + PASSWORD)).startsWith("+OK");
            assertThat(a.command("LIST")).startsWith("+OK");
            a.readBody();
            assertThat(a.command("RETR 1")).startsWith("+OK");
            a.readBody();
            assertThat(a.command("RETR 2")).startsWith("+OK");
            a.readBody();
            assertThat(a.command("DELE 1")).startsWith("+OK");
            assertThat(a.command("FOO")).startsWith("-ERR");
            assertThat(a.command("QUIT")).startsWith("+OK");
            a.awaitClose();
            octets += a.received();
            aliceOctets = a.received();
        }

        // B: a wrong password, then AUTH PLAIN after the penalty; B keeps bob's maildrop locked.
        try (CountingClient b = new CountingClient(pop3)) {
            b.readLine();
            assertThat(b.command("USER bob")).startsWith("+OK");
            assertThat(b.command("PASS wrong")).startsWith("-ERR [AUTH]");
            assertThat(b.authPlain("bob", PASSWORD)).startsWith("+OK");

            // C: the right password, but the maildrop is locked: a lock conflict.
            try (CountingClient c = new CountingClient(pop3)) {
                c.readLine();
                assertThat(c.command("USER bob")).startsWith("+OK");
                assertThat(c.command("PASS " + PASSWORD)).startsWith("-ERR [IN-USE]");
                assertThat(c.command("QUIT")).startsWith("+OK");
                c.awaitClose();
                octets += c.received();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Scrape.of(metrics).sum("postbox_sessions_open") == 1);

            // D logs in as well: a full listener closes a connection that has not logged in to
            // make room, so only with both logged in is a newcomer refused.
            try (CountingClient d = new CountingClient(pop3)) {
                d.readLine();
                assertThat(d.command("USER alice")).startsWith("+OK");
                assertThat(d.command("PASS " + PASSWORD)).startsWith("+OK");

                // E: over the listener's limit of two connections.
                try (CountingClient e = new CountingClient(pop3)) {
                    assertThat(e.readLine()).startsWith("-ERR [SYS/TEMP] too many connections");
                    e.awaitClose();
                    octets += e.received();
                }
                assertThat(d.command("QUIT")).startsWith("+OK");
                d.awaitClose();
                octets += d.received();
            }
            assertThat(b.command("QUIT")).startsWith("+OK");
            b.awaitClose();
            octets += b.received();
        }

        // LMTP: one message for alice (delivered), bob (over quota) and nobody (refused at RCPT).
        try (CountingClient lmtp = new CountingClient(daemon.boundAddress("lmtp"))) {
            assertThat(lmtp.readLine()).startsWith("220 ");
            assertThat(lmtp.command("LHLO mta.example.org")).startsWith("250");
            while (!lmtp.readLine().startsWith("250 ")) {
                // the rest of the LHLO reply
            }
            assertThat(lmtp.command("MAIL FROM:<sender@example.org>")).startsWith("250");
            assertThat(lmtp.command("RCPT TO:<alice@example.com>")).startsWith("250");
            assertThat(lmtp.command("RCPT TO:<bob@example.com>")).startsWith("250");
            assertThat(lmtp.command("RCPT TO:<nobody@example.com>")).startsWith("550");
            assertThat(lmtp.command("DATA")).startsWith("354");
            assertThat(lmtp.command("Subject: hi\r\n\r\nHello.\r\n.")).startsWith("250 2.0.0");
            assertThat(lmtp.readLine()).startsWith("552 5.2.2");
            assertThat(lmtp.command("QUIT")).startsWith("221");
            lmtp.awaitClose();
        }

        long stored = admin.directory().mailboxes(Optional.of("example.com")).stream()
                .mapToLong(mailbox -> mailbox.storedOctets()).sum();
        // Sessions end, and the per-domain gauges refresh (every 5 s here), after the clients are gone.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Scrape now = Scrape.of(metrics);
            assertThat(now.sum("postbox_sessions_open")).isZero();
            assertThat(now.sum("postbox_connections_total", "result", "rejected") - before.sum("postbox_connections_total",
                    "result", "rejected")).isEqualTo(1);
            assertThat(now.sum("postbox_domain_storage_used_bytes", "domain", "example.com")).isEqualTo(stored);
        });
        Scrape after = Scrape.of(metrics);
        Deltas deltas = new Deltas(before, after);

        deltas.expect(1 + 1 + 1 + 1, "postbox_connections_total", "listener", "pop3", "protocol", "pop3", "result", "accepted");
        deltas.expect(1, "postbox_connections_total", "listener", "pop3", "protocol", "pop3", "result", "rejected");
        deltas.expect(octets, "postbox_sent_bytes_total", "listener", "pop3");
        deltas.expect(2, "postbox_messages_retrieved_total", "listener", "pop3");
        deltas.expect(1, "postbox_messages_deleted_total", "listener", "pop3");
        // Commands by command and result: each one exactly as often as it was sent.
        deltas.expect(4, "postbox_command_duration_seconds_count", "command", "USER", "result", "ok");
        deltas.expect(2, "postbox_command_duration_seconds_count", "command", "PASS", "result", "ok");
        deltas.expect(1, "postbox_command_duration_seconds_count", "command", "PASS", "result", "auth");
        deltas.expect(1, "postbox_command_duration_seconds_count", "command", "PASS", "result", "in_use");
        deltas.expect(1, "postbox_command_duration_seconds_count", "command", "AUTH", "result", "ok");
        deltas.expect(1, "postbox_command_duration_seconds_count", "command", "LIST", "result", "ok");
        deltas.expect(2, "postbox_command_duration_seconds_count", "command", "RETR", "result", "ok");
        deltas.expect(1, "postbox_command_duration_seconds_count", "command", "DELE", "result", "ok");
        deltas.expect(1, "postbox_command_duration_seconds_count", "command", "INVALID", "result", "err");
        deltas.expect(4, "postbox_command_duration_seconds_count", "command", "QUIT", "result", "ok");
        deltas.expect(4 + 2 + 1 + 1 + 1 + 1 + 2 + 1 + 1 + 4, "postbox_command_duration_seconds_count");
        // Logins: USER/PASS counts as PLAIN, like AUTH PLAIN.
        deltas.expect(4, "postbox_logins_total", "mechanism", "PLAIN", "result", "success");
        deltas.expect(1, "postbox_logins_total", "mechanism", "PLAIN", "result", "failure");
        deltas.expect(0, "postbox_logins_total", "result", "unavailable");
        deltas.expect(1, "postbox_login_penalty_seconds_count");
        deltas.expect(1, "postbox_maildrop_lock_conflicts_total");
        // LMTP: two copies went to the store, one delivered and one over quota.
        long delivered = admin.directory().mailboxes(Optional.of("example.com")).stream()
                .filter(mailbox -> mailbox.address().equals(ALICE)).findFirst().orElseThrow().storedOctets()
                - MESSAGE.length;
        deltas.expect(1, "postbox_connections_total", "listener", "lmtp", "protocol", "lmtp", "result", "accepted");
        deltas.expect(1, "postbox_lmtp_deliveries_total", "listener", "lmtp", "result", "delivered");
        deltas.expect(1, "postbox_lmtp_deliveries_total", "listener", "lmtp", "result", "over_quota");
        deltas.expect(2, "postbox_lmtp_deliveries_total");
        deltas.expect(2, "postbox_lmtp_delivery_duration_seconds_count", "listener", "lmtp");
        deltas.expect(1, "postbox_lmtp_delivery_size_bytes_count", "listener", "lmtp");
        deltas.expect(delivered, "postbox_lmtp_delivery_size_bytes_sum", "listener", "lmtp");
        deltas.expect(1, "postbox_quota_rejections_total", "stage", "delivery");
        deltas.expect(0, "postbox_quota_rejections_total", "stage", "recipient");
        deltas.expect(2, "postbox_store_operation_duration_seconds_count", "operation", "deliver", "result", "ok");
        // Store calls: four opens (one refused), two reads, three commits (QUIT commits even nothing), three closes.
        deltas.expect(3, "postbox_store_operation_duration_seconds_count", "operation", "open", "result", "ok");
        deltas.expect(1, "postbox_store_operation_duration_seconds_count", "operation", "open", "result", "refused");
        deltas.expect(2, "postbox_store_operation_duration_seconds_count", "operation", "content", "result", "ok");
        deltas.expect(3, "postbox_store_operation_duration_seconds_count", "operation", "commit", "result", "ok");
        deltas.expect(3, "postbox_store_operation_duration_seconds_count", "operation", "close", "result", "ok");
        deltas.expect(0, "postbox_store_operation_duration_seconds_count", "result", "unavailable");
        // Per-domain gauges, read from the store: one message deleted, one delivered, the limit as set.
        deltas.expect(0, "postbox_domain_messages", "domain", "example.com");
        deltas.expect(0, "postbox_domain_storage_limit_bytes", "domain", "example.com");
        assertThat(after.sum("postbox_domain_storage_limit_bytes", "domain", "example.com")).isEqualTo(1_000_000);
        assertThat(after.sum("postbox_domain_messages", "domain", "example.com")).isEqualTo(4);
        assertThat(after.sum("postbox_domain_mailboxes", "domain", "example.com")).isEqualTo(2);
        assertThat(after.sum("postbox_domains")).isEqualTo(1);
        assertThat(after.sum("postbox_store_up")).isEqualTo(1);
        assertThat(after.has("postbox_sessions_open", "listener", "pop3", "tls", "none")).isTrue();
        assertThat(after.text()).doesNotContain("alice", "bob", "127.0.0.1");

        // The log's summary line of A's session tells the same story, in stable key=value fields.
        assertThat(summaries.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.contains("user=alice@example.com")).toList())
                .as("A's session and D's, in that order").hasSize(2).first().asString()
                .matches("session end listener=pop3 user=alice@example\\.com duration_ms=\\d+ commands=8 retrieved=2"
                        + " deleted=1 octets_out=" + aliceOctets + " tls=- end=quit");
    }

    @Test
    void readinessFollowsTheListenersAndTheStore() throws Exception {
        InetSocketAddress metrics = daemon.metricsAddress().orElseThrow();
        assertThat(daemon.notReadyBecause()).isEqualTo(Optional.empty());
        assertThat(Scrape.of(metrics).sum("postbox_store_up")).isEqualTo(1);

        daemon.close();

        assertThat(daemon.notReadyBecause()).hasValue("shutting down");
    }

    /** Differences between two scrapes, asserted one series selection at a time. */
    private record Deltas(Scrape before, Scrape after) {
        void expect(double delta, String name, String... labels) {
            assertThat(after.sum(name, labels) - before.sum(name, labels))
                    .as("change of %s%s", name, List.of(labels))
                    .isEqualTo(delta);
        }
    }
}
