package org.postbox.lmtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.warnings.QuotaWarningObserver;
import org.postbox.mailstore.warnings.QuotaWarningSettings;
import org.postbox.mailstore.warnings.QuotaWarningStore;

/**
 * Mail arriving over LMTP takes a mailbox across 80 % of its quota: the one delivery that crossed
 * brings exactly one warning into the maildrop, an RFC 5322 message from the domain's postmaster,
 * and the deliveries after it, still above 80 %, bring none.
 */
class QuotaWarningDeliveryTest {

    private static final long LIMIT = 100_000;
    private static final int BODY_OCTETS = 10_000;

    @TempDir
    Path temp;

    private final List<String> sent = new CopyOnWriteArrayList<>();

    @Test
    void crossingEightyPercentOverLmtpStoresExactlyOneWarning() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-12-06T10:15:30Z"), ZoneOffset.UTC);
        try (TestServer server = TestServer.start(temp,
                store -> QuotaWarningStore.wrap(store, QuotaWarningSettings.defaults(clock), observer()))) {
            MailboxAddress alice = server.addMailbox("alice@example.com");
            server.store().real().directory().setMailboxQuota(alice, new MailboxQuota(LIMIT, 0));

            try (LmtpTestClient lmtp = server.connect()) {
                lmtp.reply();
                lmtp.send("LHLO mta.example.net");
                lmtp.readReply();
                for (int i = 0; i < 9; i++) { // each about 10 % with its trace headers: 80 % at the 8th
                    assertThat(lmtp.command("MAIL FROM:<sender@example.net>")).startsWith("250 ");
                    assertThat(lmtp.command("RCPT TO:<alice@example.com>")).startsWith("250 ");
                    assertThat(lmtp.command("DATA")).startsWith("354 ");
                    lmtp.sendBytes(message(i));
                    assertThat(lmtp.reply()).startsWith("250 2.0.0 ");
                }
                lmtp.send("QUIT");
            }

            List<String> warnings = server.messages("alice@example.com").stream()
                    .map(m -> new String(m, StandardCharsets.UTF_8))
                    .filter(m -> m.contains("\r\nX-Postbox-Quota-Warning: "))
                    .toList();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0))
                    .startsWith("Date: Sun, 6 Dec 2026 10:15:30 +0000\r\n")
                    .contains("\r\nFrom: postmaster@example.com\r\n", "\r\nTo: alice@example.com\r\n",
                            "\r\nSubject: Your mailbox alice@example.com is 8", "\r\nMessage-ID: <",
                            "\r\nContent-Type: text/plain; charset=UTF-8\r\n", "\r\nX-Postbox-Quota-Warning: 80\r\n");
            assertThat(server.messageCount("alice@example.com")).isEqualTo(10);
            assertThat(sent).containsExactly("alice@example.com 80");
        }
    }

    private QuotaWarningObserver observer() {
        return new QuotaWarningObserver() {
            @Override
            public void sent(MailboxAddress mailbox, int threshold) {
                sent.add(mailbox + " " + threshold);
            }

            @Override
            public void notStored(MailboxAddress mailbox, int threshold, String reason) {
                sent.add("not stored: " + reason);
            }

            @Override
            public void templateBroken(Path file, String problem) {
                sent.add("broken: " + problem);
            }
        };
    }

    private static byte[] message(int n) {
        StringBuilder message = new StringBuilder("Subject: filler " + n + "\r\n\r\n");
        while (message.length() < BODY_OCTETS - 72) {
            message.append("0123456789012345678901234567890123456789012345678901234567890123456789\r\n");
        }
        return message.append(".\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
