package org.postbox.lmtp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MailboxQuotaReport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * N LMTP clients deliver to one mailbox at the same moment, each having passed the RCPT-time
 * check while the mailbox was still empty, so only the store's atomic check at delivery stands
 * between them and an overshoot: exactly K may get in, the others get {@code 552 5.2.2}, and the
 * recorded usage is what the stored messages really occupy.
 */
class QuotaConcurrencyTest {

    private static final int CLIENTS = 12;
    private static final int ROOM = 4;
    /** About the size of each message: large next to its trace headers (a few hundred octets). */
    private static final int BODY_OCTETS = 8_000;

    @TempDir
    Path temp;

    @Test
    void aMessageLimitLetsExactlyKIn() throws Exception {
        raceInto(new MailboxQuota(0, ROOM));
    }

    @Test
    void aStorageLimitLetsExactlyKIn() throws Exception {
        // Room for ROOM messages with their trace headers, not for ROOM + 1.
        raceInto(new MailboxQuota((long) ROOM * BODY_OCTETS + BODY_OCTETS / 2, 0));
    }

    private void raceInto(MailboxQuota quota) throws Exception {
        try (TestServer server = TestServer.start(temp)) {
            MailboxAddress alice = server.addMailbox("alice@example.com");
            Directory directory = server.store().real().directory();
            directory.setMailboxQuota(alice, quota);

            CountDownLatch allAccepted = new CountDownLatch(CLIENTS);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<String>> replies = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    int client = i;
                    replies.add(clients.submit(() -> deliver(server, client, allAccepted)));
                }
                List<String> finalReplies = new ArrayList<>();
                for (Future<String> reply : replies) {
                    finalReplies.add(reply.get(60, TimeUnit.SECONDS));
                }
                assertThat(finalReplies.stream().filter(r -> r.startsWith("250 2.0.0 ")).count())
                        .as("deliveries accepted: %s", finalReplies).isEqualTo(ROOM);
                assertThat(finalReplies).filteredOn(r -> !r.startsWith("250 "))
                        .allMatch(r -> r.equals("552 5.2.2 <alice@example.com> mailbox is full"));
            } finally {
                clients.shutdownNow();
            }

            assertThat(server.messageCount("alice@example.com")).isEqualTo(ROOM);
            MailboxQuotaReport report = directory.mailboxQuota(alice);
            assertThat(report.usage().messages()).isEqualTo(ROOM);
            long transmitted = server.messages("alice@example.com").stream().mapToLong(m -> m.length).sum();
            // As stored (Maildir keeps LF line ends) never more than POP3 transmits (CRLF).
            assertThat(report.usage().storedOctets()).isPositive().isLessThanOrEqualTo(transmitted);
            if (quota.storageOctets() > 0) {
                assertThat(report.usage().storedOctets()).isLessThanOrEqualTo(quota.storageOctets());
            }
            // The recorded usage is exactly what the stored messages occupy: a recount finds no drift.
            assertThat(directory.recalculateQuota(Optional.of("example.com")))
                    .as("drift between the recorded usage and the messages").isEmpty();
        }
    }

    /** One client's transaction; returns the reply to the end of its message. */
    private static String deliver(TestServer server, int client, CountDownLatch allAccepted) throws Exception {
        try (LmtpTestClient lmtp = server.connect()) {
            lmtp.reply();
            lmtp.send("LHLO client" + client + ".example.net");
            lmtp.readReply();
            lmtp.send("MAIL FROM:<sender@example.net>");
            assertThat(lmtp.reply()).startsWith("250 ");
            lmtp.send("RCPT TO:<alice@example.com>");
            assertThat(lmtp.reply()).as("RCPT while the mailbox is empty").isEqualTo("250 2.1.5 OK");
            lmtp.send("DATA");
            assertThat(lmtp.reply()).startsWith("354 ");
            allAccepted.countDown();
            assertThat(allAccepted.await(60, TimeUnit.SECONDS)).as("every client past RCPT").isTrue();
            StringBuilder message = new StringBuilder("Subject: race " + client + "\r\n\r\n");
            while (message.length() < BODY_OCTETS) {
                message.append("0123456789012345678901234567890123456789012345678901234567890123456789\r\n");
            }
            message.append(".\r\n");
            lmtp.sendBytes(message.toString().getBytes(StandardCharsets.US_ASCII));
            String reply = lmtp.reply();
            lmtp.send("QUIT");
            return reply;
        }
    }
}
