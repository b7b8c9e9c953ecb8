package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.commons.net.pop3.POP3Client;
import org.apache.commons.net.pop3.POP3MessageInfo;
import org.junit.jupiter.api.Test;
import org.postbox.mailstore.CrlfSize;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MessageInfo;

/**
 * Apache Commons Net's {@link POP3Client} against a real daemon.
 *
 * <p>What Commons Net does with the bytes: it decodes the connection as ISO-8859-1, so every
 * octet is one char. {@code retrieveMessage} returns a {@code DotTerminatedMessageReader} whose
 * {@code readLine()} drops line ends, but whose {@code read()} passes every char through,
 * removing only the dot-stuffing and the terminating line; reading it char by char and
 * converting back with ISO-8859-1 yields the octets the server sent.
 */
class CommonsNetEndToEndTest extends CorpusEndToEndTest {
    private static POP3Client connect(MailboxAddress user) throws IOException {
        POP3Client client = new POP3Client();
        client.setDefaultTimeout(30_000);
        client.setConnectTimeout(10_000);
        client.connect("127.0.0.1", daemon.port());
        assertThat(client.login(user.toString(), RunningDaemon.PASSWORD)).as(client.getReplyString()).isTrue();
        return client;
    }

    private static byte[] octets(Reader reader) throws IOException {
        StringWriter text = new StringWriter();
        try (reader) {
            reader.transferTo(text);
        }
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void listsCountSizesAndUniqueIdsAsTheStoreHasThem() throws Exception {
        List<MessageInfo> inStore = daemon.messages(alice);
        POP3Client client = connect(alice);
        try {
            POP3MessageInfo status = client.status();
            POP3MessageInfo[] list = client.listMessages();
            POP3MessageInfo[] uids = client.listUniqueIdentifiers();

            assertThat(status.number).isEqualTo(inStore.size()).isEqualTo(byUid.size());
            assertThat((long) status.size).isEqualTo(inStore.stream().mapToLong(MessageInfo::size).sum());
            assertThat(list).hasSize(inStore.size());
            assertThat(uids).hasSize(inStore.size());
            for (int n = 1; n <= inStore.size(); n++) {
                assertThat(list[n - 1].number).isEqualTo(n);
                assertThat(uids[n - 1].identifier).isEqualTo(inStore.get(n - 1).uniqueId());
                assertThat((long) list[n - 1].size).isEqualTo(inStore.get(n - 1).size())
                        .isEqualTo(CrlfSize.of(byUid.get(uids[n - 1].identifier)));
                assertThat(client.listUniqueIdentifier(n).identifier).isEqualTo(uids[n - 1].identifier);
            }
            assertThat(client.logout()).isTrue();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void retrDeliversExactlyTheNormalisedBytes() throws Exception {
        POP3Client client = connect(alice);
        try {
            POP3MessageInfo[] uids = client.listUniqueIdentifiers();
            for (POP3MessageInfo uid : uids) {
                byte[] received = octets(client.retrieveMessage(uid.number));
                assertThat(TestMessages.sha256(received)).as("message %d", uid.number)
                        .isEqualTo(TestMessages.sha256(TestMessages.expectedRetr(byUid.get(uid.identifier))));
            }
            assertThat(client.logout()).isTrue();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void topDeliversTheHeaderAndTheFirstLines() throws Exception {
        POP3Client client = connect(alice);
        try {
            for (POP3MessageInfo uid : client.listUniqueIdentifiers()) {
                byte[] stored = byUid.get(uid.identifier);
                for (int lines : new int[] {0, 1, 3}) {
                    String received = new String(octets(client.retrieveMessageTop(uid.number, lines)),
                            StandardCharsets.ISO_8859_1);
                    assertThat(received).as("TOP %d %d", uid.number, lines)
                            .isEqualTo(new String(TestMessages.expectedTop(stored, lines), StandardCharsets.ISO_8859_1));
                }
            }
            assertThat(client.logout()).isTrue();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void deleAndQuitRemovesTheMessage() throws Exception {
        MailboxAddress carol = daemon.addMailbox("carol-net@example.com");
        String keep = daemon.deliver(carol, "Subject: keep\r\n\r\nkeep\r\n".getBytes(StandardCharsets.US_ASCII));
        daemon.deliver(carol, "Subject: remove\r\n\r\nremove\r\n".getBytes(StandardCharsets.US_ASCII));
        POP3Client client = connect(carol);
        try {
            int remove = client.listUniqueIdentifiers()[0].identifier.equals(keep) ? 2 : 1;
            assertThat(client.deleteMessage(remove)).isTrue();
            assertThat(client.logout()).as(client.getReplyString()).isTrue();
        } finally {
            client.disconnect();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.daemon().openSessions() == 0);
        assertThat(daemon.messages(carol)).extracting(MessageInfo::uniqueId).containsExactly(keep);
    }

    @Test
    void deleThenDroppedConnectionKeepsTheMessage() throws Exception {
        MailboxAddress dave = daemon.addMailbox("dave-net@example.com");
        String uid = daemon.deliver(dave, "Subject: precious\r\n\r\nkeep me\r\n".getBytes(StandardCharsets.US_ASCII));
        POP3Client client = connect(dave);
        assertThat(client.deleteMessage(1)).isTrue();
        client.disconnect(); // closes the socket without QUIT

        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.daemon().openSessions() == 0);
        assertThat(daemon.messages(dave)).extracting(MessageInfo::uniqueId).containsExactly(uid);
    }

    @Test
    void secondLoginWhileTheMaildropIsHeldIsInUse() throws Exception {
        MailboxAddress erin = daemon.addMailbox("erin-net@example.com");
        daemon.deliver(erin, "Subject: hi\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));
        POP3Client first = connect(erin);
        try {
            POP3Client second = new POP3Client();
            second.setDefaultTimeout(30_000);
            second.connect("127.0.0.1", daemon.port());
            try {
                assertThat(second.login(erin.toString(), RunningDaemon.PASSWORD)).isFalse();
                assertThat(second.getReplyString()).startsWith("-ERR [IN-USE]");
            } finally {
                second.disconnect();
            }
            assertThat(first.status().number).isEqualTo(1);
            assertThat(first.logout()).isTrue();
        } finally {
            first.disconnect();
        }
    }

    @Test
    void wrongPasswordIsRefusedWithTheAuthCode() throws Exception {
        POP3Client client = new POP3Client();
        client.setDefaultTimeout(30_000);
        client.connect("127.0.0.1", daemon.port());
        try {
            assertThat(client.login(alice.toString(), "wrong")).isFalse();
            assertThat(client.getReplyString()).startsWith("-ERR [AUTH]");
        } finally {
            client.disconnect();
        }
    }
}
