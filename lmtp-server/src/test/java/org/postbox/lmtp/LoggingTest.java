package org.postbox.lmtp;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailboxAddress;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One line per delivery and one per session, each with the session's MDC, never message content. */
class LoggingTest {

    private static final String SECRET = "the-content-must-not-be-logged";

    @TempDir
    Path temp;

    private final Logger lmtpLogger = (Logger) LoggerFactory.getLogger("org.postbox.lmtp");
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private Level previousLevel;

    @BeforeEach
    void capture() {
        previousLevel = lmtpLogger.getLevel();
        lmtpLogger.setLevel(Level.DEBUG);
        events.start();
        lmtpLogger.addAppender(events);
    }

    @AfterEach
    void release() {
        lmtpLogger.detachAppender(events);
        lmtpLogger.setLevel(previousLevel);
    }

    @Test
    void logsEachDeliveryAndOneSummaryPerSession() throws Exception {
        String session;
        try (TestServer server = TestServer.start(temp)) {
            server.addMailbox("alice@example.com");
            server.addMailbox("dave@example.com");
            server.store().outcome(MailboxAddress.parse("dave@example.com"), new DeliveryOutcome.OverQuota("mailbox quota"));
            try (LmtpTestClient client = server.connect()) {
                client.reply();
                DeliveryTest.transaction(client, "<bob@example.org>", List.of("alice@example.com", "dave@example.com"));
                client.sendRaw("Subject: " + SECRET + "\r\n\r\n" + SECRET + "\r\n.\r\n");
                String delivered = client.reply();
                client.reply();
                client.send("QUIT");
                client.reply();
                assertThat(delivered).startsWith("250 ");
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.acceptor().openSessions()).isZero());
        }

        ILoggingEvent delivery = single("delivery rcpt=alice@example.com outcome=delivered size=");
        assertThat(delivery.getFormattedMessage()).matches("delivery rcpt=alice@example\\.com outcome=delivered size=\\d+ id=\\S+");
        session = delivery.getMDCPropertyMap().get("session");
        assertThat(session).matches("[0-9a-f]{8}");
        assertThat(delivery.getMDCPropertyMap().get("remote")).startsWith("127.0.0.1:");

        ILoggingEvent overQuota = single("delivery rcpt=dave@example.com outcome=over_quota size=");
        assertThat(overQuota.getFormattedMessage()).endsWith("reason=\"mailbox quota\"");
        assertThat(overQuota.getMDCPropertyMap()).containsEntry("session", session);

        ILoggingEvent summary = single("session end ");
        assertThat(summary.getFormattedMessage()).matches("session end client=mx\\.example\\.net messages=1 delivered=1 "
                + "not_delivered=1 octets_in=\\d+ commands=6 bad_commands=0 duration_ms=\\d+ end=quit");
        assertThat(summary.getMDCPropertyMap()).containsEntry("session", session);

        assertThat(events.list).noneMatch(event -> event.getFormattedMessage().contains(SECRET));
    }

    private ILoggingEvent single(String prefix) {
        List<ILoggingEvent> matching = events.list.stream().filter(e -> e.getFormattedMessage().startsWith(prefix)).toList();
        assertThat(matching).as("log lines starting with '%s' in %s", prefix,
                events.list.stream().map(ILoggingEvent::getFormattedMessage).toList()).hasSize(1);
        return matching.get(0);
    }
}
