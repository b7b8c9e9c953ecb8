package org.postbox.lmtp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.Alias;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.CrlfSize;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;

import static org.assertj.core.api.Assertions.assertThat;

/** What ends up in the mailboxes: the trace headers of each copy and the message, byte for byte. */
class DeliveryTest {

    private static final Pattern RECEIVED = Pattern.compile(
            "Received: from mx\\.example\\.net \\(\\[127\\.0\\.0\\.1]\\)\r\n"
                    + "\tby lmtp\\.test \\(Postbox\\) with LMTP id ([0-9a-f]{8})\r\n"
                    + "\tfor <([^>]+)>; (.+)\r\n");

    private static final String MESSAGE = "From: bob@example.org\r\nTo: alice@example.com, carol@example.net\r\n"
            + "Subject: =?UTF-8?Q?gr=C3=BC=C3=9Fe?=\r\n\r\nHello both.\r\n8-bit: \u00e4\u00f6\u00fc\r\n";

    @TempDir
    Path temp;

    @Test
    void eachCopyGetsItsOwnTraceHeadersAndTheMessageUnchanged() throws Exception {
        try (TestServer server = TestServer.start(temp)) {
            server.addMailbox("alice@example.com");
            server.addMailbox("carol@example.net");
            try (LmtpTestClient client = server.connect()) {
                client.reply();
                transaction(client, "<bob@example.org> BODY=8BITMIME", List.of("alice@example.com", "carol@example.net"));
                client.sendRaw(MESSAGE + ".\r\n");
                assertThat(client.reply()).startsWith("250 2.0.0 <alice@example.com> delivered (");
                assertThat(client.reply()).startsWith("250 2.0.0 <carol@example.net> delivered (");
            }

            byte[] alice = server.messages("alice@example.com").get(0);
            byte[] carol = server.messages("carol@example.net").get(0);
            assertThat(StoredMessages.withoutTraceHeaders(alice)).isEqualTo(MESSAGE);
            assertThat(StoredMessages.withoutTraceHeaders(carol)).isEqualTo(MESSAGE);

            String aliceTrace = StoredMessages.traceHeaders(alice);
            String carolTrace = StoredMessages.traceHeaders(carol);
            assertThat(aliceTrace).startsWith("Return-Path: <bob@example.org>\r\nDelivered-To: alice@example.com\r\n");
            assertThat(carolTrace).startsWith("Return-Path: <bob@example.org>\r\nDelivered-To: carol@example.net\r\n");
            Matcher aliceReceived = received(aliceTrace);
            Matcher carolReceived = received(carolTrace);
            assertThat(aliceReceived.group(2)).isEqualTo("alice@example.com");
            assertThat(carolReceived.group(2)).isEqualTo("carol@example.net");
            assertThat(aliceReceived.group(1)).as("one session, one id").isEqualTo(carolReceived.group(1));
            ZonedDateTime date = ZonedDateTime.parse(aliceReceived.group(3), DateTimeFormatter.RFC_1123_DATE_TIME);
            assertThat(date).isBetween(ZonedDateTime.now().minusMinutes(5), ZonedDateTime.now().plusMinutes(5));
        }
    }

    @Test
    void aBounceHasAnEmptyReturnPathAndTheSizeSeenByPop3IsExact() throws Exception {
        try (TestServer server = TestServer.start(temp)) {
            server.addMailbox("alice@example.com");
            try (LmtpTestClient client = server.connect()) {
                client.reply();
                transaction(client, "<>", List.of("alice@example.com"));
                // Bare LFs are stored as CRLF, so the stored size is the POP3 size.
                client.sendRaw("Subject: bounce\n\nyour message could not be delivered\r\n.\r\n");
                assertThat(client.reply()).startsWith("250 2.0.0 <alice@example.com> delivered (");
            }
            byte[] stored = server.messages("alice@example.com").get(0);
            assertThat(StoredMessages.traceHeaders(stored)).startsWith("Return-Path: <>\r\n");
            assertThat(StoredMessages.withoutTraceHeaders(stored))
                    .isEqualTo("Subject: bounce\r\n\r\nyour message could not be delivered\r\n");
            try (Maildrop maildrop = server.store().open(MailboxAddress.parse("alice@example.com"))) {
                assertThat(maildrop.messages().get(0).size()).isEqualTo(stored.length).isEqualTo(CrlfSize.of(stored));
            }
        }
    }

    @Test
    void aMailboxRemovedAfterItsRcptGetsNoSuchMailboxAfterTheMessage() throws Exception {
        try (TestServer server = TestServer.start(temp)) {
            MailboxAddress alice = server.addMailbox("alice@example.com");
            server.addMailbox("bob@example.com");
            try (LmtpTestClient client = server.connect()) {
                client.reply();
                transaction(client, "<x@example.org>", List.of("alice@example.com", "bob@example.com"));
                server.store().directory().removeMailbox(alice);
                client.sendRaw("hi\r\n.\r\n");
                assertThat(client.reply()).isEqualTo("550 5.1.1 <alice@example.com> no such mailbox");
                assertThat(client.reply()).startsWith("250 2.0.0 <bob@example.com> delivered (");
            }
            assertThat(server.messageCount("bob@example.com")).isEqualTo(1);
        }
    }

    @Test
    void aRepeatedRecipientGetsOneCopyAndAReplyPerRcpt() throws Exception {
        try (TestServer server = TestServer.start(temp)) {
            server.addMailbox("alice@example.com");
            server.addMailbox("bob@example.com");
            try (LmtpTestClient client = server.connect()) {
                client.reply();
                transaction(client, "<x@example.org>",
                        List.of("alice@example.com", "bob@example.com", "Alice@Example.COM", "alice@EXAMPLE.com"));
                client.sendRaw("Subject: once\r\n\r\nhi\r\n.\r\n");
                // RFC 2033 section 4.2: one reply per accepted RCPT, in RCPT order.
                String first = client.reply();
                assertThat(first).startsWith("250 2.0.0 <alice@example.com> delivered (");
                assertThat(client.reply()).startsWith("250 2.0.0 <bob@example.com> delivered (");
                assertThat(client.reply()).as("the result of the one delivery").isEqualTo(first);
                assertThat(client.reply()).isEqualTo(first);
                client.send("NOOP");
                assertThat(client.reply()).isEqualTo("250 2.0.0 OK");
            }
            assertThat(server.messageCount("alice@example.com")).isEqualTo(1);
            assertThat(server.messageCount("bob@example.com")).isEqualTo(1);
        }
    }

    @Test
    void aMailboxReachedThroughSeveralRecipientsGetsOneCopy() throws Exception {
        try (TestServer server = TestServer.start(temp)) {
            MailboxAddress alice = server.addMailbox("alice@example.com");
            MailboxAddress bob = server.addMailbox("bob@example.com");
            server.addMailbox("carol@example.com");
            server.store().directory().setAlias(new Alias(AliasName.parse("sales@example.com"), List.of(alice, bob)));
            server.store().directory().setAlias(new Alias(AliasName.parse("info@example.com"), List.of(bob)));
            server.store().directory().setAlias(new Alias(AliasName.catchAll("example.com"), List.of(alice)));
            try (LmtpTestClient client = server.connect()) {
                client.reply();
                transaction(client, "<x@example.org>", List.of("alice@example.com", "sales@example.com",
                        "info@example.com", "nobody@example.com", "carol@example.com"));
                client.sendRaw("Subject: once each\r\n\r\nhi\r\n.\r\n");
                String first = client.reply();
                assertThat(first).startsWith("250 2.0.0 <alice@example.com> delivered (");
                String id = first.substring(first.indexOf('('));
                assertThat(client.reply()).as("bob's copy made, alice's reused").isEqualTo("250 2.0.0 <sales@example.com> delivered " + id);
                assertThat(client.reply()).startsWith("250 2.0.0 <info@example.com> delivered (");
                assertThat(client.reply()).as("the catch-all's target").isEqualTo("250 2.0.0 <nobody@example.com> delivered " + id);
                assertThat(client.reply()).startsWith("250 2.0.0 <carol@example.com> delivered (");
            }
            assertThat(server.messageCount("alice@example.com")).isEqualTo(1);
            assertThat(server.messageCount("bob@example.com")).isEqualTo(1);
            assertThat(server.messageCount("carol@example.com")).isEqualTo(1);
            assertThat(StoredMessages.traceHeaders(server.messages("bob@example.com").get(0)))
                    .as("bob's copy is the one made for the alias").contains("Delivered-To: sales@example.com\r\n");
        }
    }

    @Test
    void aRepeatedRecipientOfARefusedMessageGetsARefusalPerRcpt() throws Exception {
        try (TestServer server = TestServer.start(temp)) {
            server.addMailbox("alice@example.com");
            try (LmtpTestClient client = server.connect()) {
                client.reply();
                transaction(client, "<x@example.org>", List.of("alice@example.com", "ALICE@example.com"));
                client.sendRaw("Subject: smuggled\r\n\r\nhi\n.\nbye\r\n.\r\n");
                String refusal = "554 5.5.2 <alice@example.com> message refused:"
                        + " a line of a single dot must be preceded and followed by <CRLF>";
                assertThat(client.reply()).isEqualTo(refusal);
                assertThat(client.reply()).isEqualTo(refusal);
                client.send("NOOP");
                assertThat(client.reply()).isEqualTo("250 2.0.0 OK");
            }
            assertThat(server.messageCount("alice@example.com")).isZero();
        }
    }

    @Test
    void aSessionCarriesManyTransactions() throws Exception {
        try (TestServer server = TestServer.start(temp)) {
            server.addMailbox("alice@example.com");
            try (LmtpTestClient client = server.connect()) {
                client.reply();
                client.send("LHLO mx.example.net");
                client.readReply();
                for (int i = 0; i < 20; i++) {
                    client.sendRaw("MAIL FROM:<x@example.org>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n");
                    assertThat(client.reply()).isEqualTo("250 2.1.0 OK");
                    assertThat(client.reply()).isEqualTo("250 2.1.5 OK");
                    assertThat(client.reply()).startsWith("354 ");
                    client.sendRaw("Subject: " + i + "\r\n\r\nmessage " + i + "\r\n.\r\n");
                    assertThat(client.reply()).startsWith("250 2.0.0 ");
                }
            }
            List<byte[]> messages = server.messages("alice@example.com");
            assertThat(messages).hasSize(20);
            for (int i = 0; i < 20; i++) {
                assertThat(StoredMessages.withoutTraceHeaders(messages.get(i))).contains("message " + i + "\r\n");
            }
        }
    }

    @Test
    void dataIsRefusedTemporarilyWhenTheMessageCannotBeSpooled() throws Exception {
        try (TestServer server = TestServer.start(temp)) {
            server.addMailbox("alice@example.com");
            Path spool = server.settings().spoolDirectory();
            Files.delete(spool);
            Files.writeString(spool, "a file where the spool directory should be");
            try (LmtpTestClient client = server.connect()) {
                client.reply();
                client.sendRaw("LHLO mx.example.net\r\nMAIL FROM:<>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n");
                client.readReply();
                assertThat(client.reply()).isEqualTo("250 2.1.0 OK");
                assertThat(client.reply()).isEqualTo("250 2.1.5 OK");
                assertThat(client.reply()).isEqualTo("451 4.3.0 cannot receive messages now, try again later");
                client.send("NOOP");
                assertThat(client.reply()).as("the connection reads commands again").isEqualTo("250 2.0.0 OK");
            }
            assertThat(server.messageCount("alice@example.com")).isZero();
        }
    }

    /** LHLO, MAIL and RCPTs, each answered with a 2xx, then DATA answered with 354. */
    static void transaction(LmtpTestClient client, String sender, List<String> recipients) throws Exception {
        client.send("LHLO mx.example.net");
        assertThat(client.readReply()).last().asString().startsWith("250 SIZE");
        client.send("MAIL FROM:" + sender);
        assertThat(client.reply()).isEqualTo("250 2.1.0 OK");
        for (String recipient : recipients) {
            client.send("RCPT TO:<" + recipient + ">");
            assertThat(client.reply()).isEqualTo("250 2.1.5 OK");
        }
        client.send("DATA");
        assertThat(client.reply()).startsWith("354 2.0.0 ");
    }

    private static Matcher received(String trace) {
        Matcher matcher = RECEIVED.matcher(trace.substring(trace.indexOf("Received: ")));
        assertThat(matcher.matches()).as("Received header: %s", trace).isTrue();
        return matcher;
    }
}
