package org.postbox.lmtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MTA whose connection broke after the message was stored but before it read the {@code 250}
 * sends the message again: that retry is answered {@code 250} and leaves exactly one copy.
 */
class RepeatedDeliveryTest {

    private static final String MESSAGE = "From: bob@example.org\r\nMessage-ID: <1@example.org>\r\n"
            + "Subject: once\r\n\r\nHello.\r\n";

    @TempDir
    Path temp;

    @Test
    void theRetryOfAMessageWhoseReplyWasLostLeavesOneCopy() throws Exception {
        try (TestServer server = TestServer.start(temp)) {
            server.addMailbox("alice@example.com");

            sendOnce(server, "<bob@example.org>", MESSAGE);
            sendOnce(server, "<bob@example.org>", MESSAGE); // the retry, in a new session with new trace headers

            assertThat(server.messages("alice@example.com")).hasSize(1);
            assertThat(StoredMessages.withoutTraceHeaders(server.messages("alice@example.com").get(0))).isEqualTo(MESSAGE);
        }
    }

    @Test
    void anotherSenderOrOtherOctetsAreAnotherMessage() throws Exception {
        try (TestServer server = TestServer.start(temp)) {
            server.addMailbox("alice@example.com");

            sendOnce(server, "<bob@example.org>", MESSAGE);
            sendOnce(server, "<carol@example.org>", MESSAGE);
            sendOnce(server, "<bob@example.org>", MESSAGE.replace("Hello.", "Hello!"));

            assertThat(server.messages("alice@example.com")).hasSize(3);
        }
    }

    @Test
    void aZeroWindowStoresEveryRetry() throws Exception {
        LmtpSettings defaults = TestServer.settings(temp);
        LmtpSettings off = new LmtpSettings(defaults.hostname(), defaults.maxLineLength(), defaults.maxMessageSize(),
                defaults.maxRecipients(), defaults.maxBadCommands(), defaults.idleTimeout(), defaults.maxConnections(),
                defaults.overQuotaTemporary(), defaults.spoolDirectory(), Duration.ZERO);
        try (TestServer server = TestServer.start(temp, off)) {
            server.addMailbox("alice@example.com");

            sendOnce(server, "<bob@example.org>", MESSAGE);
            sendOnce(server, "<bob@example.org>", MESSAGE);

            assertThat(server.messages("alice@example.com")).hasSize(2);
        }
    }

    private static void sendOnce(TestServer server, String sender, String message) throws Exception {
        try (LmtpTestClient client = server.connect()) {
            client.reply();
            DeliveryTest.transaction(client, sender, List.of("alice@example.com"));
            client.sendRaw(message + ".\r\n");
            assertThat(client.reply()).startsWith("250 2.0.0 <alice@example.com> delivered (");
        }
    }
}
