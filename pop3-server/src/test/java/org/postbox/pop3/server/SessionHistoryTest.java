package org.postbox.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.HistoryEvent;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.StoreUnavailableException;
import org.postbox.mailstore.jpa.testing.MaildirStoreFixture;

/**
 * The engine writes each login and each UPDATE's deletions into the mailbox's history, and a
 * history it cannot write fails neither. Over real sockets; the backends' own conformance suite
 * holds both stores to the history SPI.
 */
class SessionHistoryTest {

    private static final String ALICE = "alice@example.com";
    private static final MailboxAddress ALICE_ADDRESS = MailboxAddress.parse(ALICE);

    @TempDir
    Path temp;

    private TestServer server() throws IOException {
        TestServer server = TestServer.start(FaultyStore.around(new MaildirStoreFixture()), temp,
                TestSettings.defaults().build());
        server.addMailbox(ALICE, "secret");
        for (int i = 0; i < 3; i++) {
            server.deliver(ALICE, GeneratedMessage.ofAbout(500 + i * 100));
        }
        return server;
    }

    private static List<HistoryEvent> history(TestServer server) {
        return server.store().history().events(ALICE_ADDRESS, Instant.EPOCH);
    }

    @Test
    void aLoginAndTheMessagesItsUpdateRemovedAreRecorded() throws Exception {
        Instant before = Instant.now().minusMillis(1);
        try (TestServer server = server()) {
            List<MessageInfo> messages;
            try (var maildrop = server.store().open(ALICE_ADDRESS)) {
                messages = maildrop.messages();
            }
            try (Pop3TestClient client = server.connect()) {
                client.readLine();
                assertThat(client.logIn(ALICE, "secret")).startsWith("+OK");
                assertThat(client.command("DELE 1")).startsWith("+OK");
                assertThat(client.command("DELE 3")).startsWith("+OK");
                assertThat(client.command("QUIT")).startsWith("+OK");
            }
            // A session that ends without QUIT deletes nothing, so its DELE is not in the history.
            try (Pop3TestClient client = server.connect()) {
                client.readLine();
                assertThat(client.authPlain(ALICE, "secret")).startsWith("+OK");
                assertThat(client.command("DELE 1")).startsWith("+OK");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> history(server).size() == 4);

            List<HistoryEvent> events = history(server);
            HistoryEvent.Login second = (HistoryEvent.Login) events.get(0);
            assertThat(second.mechanism()).isEqualTo("PLAIN");
            HistoryEvent.Deletion third = (HistoryEvent.Deletion) events.get(1);
            HistoryEvent.Deletion first = (HistoryEvent.Deletion) events.get(2);
            assertThat(List.of(first.uniqueId(), third.uniqueId()))
                    .containsExactlyInAnyOrder(messages.get(0).uniqueId(), messages.get(2).uniqueId());
            assertThat(List.of(first.size(), third.size()))
                    .containsExactlyInAnyOrder(messages.get(0).size(), messages.get(2).size());
            HistoryEvent.Login login = (HistoryEvent.Login) events.get(3);
            assertThat(login.mechanism()).isEqualTo("USER");
            assertThat(login.clientIp()).isEqualTo("127.0.0.1");
            assertThat(login.tls()).isEqualTo(Optional.empty());
            assertThat(login.at()).isBetween(before, first.at());
            assertThat(first.sessionId()).isEqualTo(login.sessionId()).isNotEqualTo(second.sessionId());
        }
    }

    @Test
    void aHistoryThatCannotBeWrittenFailsNeitherTheLoginNorTheUpdate() throws Exception {
        try (TestServer server = server()) {
            ((FaultyStore) server.store()).historyFailure = new StoreUnavailableException("disk full");
            try (Pop3TestClient client = server.connect()) {
                client.readLine();
                assertThat(client.logIn(ALICE, "secret")).startsWith("+OK alice@example.com has 3 messages");
                assertThat(client.command("DELE 2")).startsWith("+OK");
                assertThat(client.command("QUIT")).isEqualTo("+OK Postbox signing off (2 messages left)");
            }
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> server.messageCount(ALICE) == 2);
            assertThat(history(server)).isEmpty();
        }
    }
}
