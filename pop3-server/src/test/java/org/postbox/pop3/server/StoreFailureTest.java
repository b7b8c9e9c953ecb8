package org.postbox.pop3.server;

import org.postbox.mailstore.jpa.testing.StoreFixture;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postbox.mailstore.LockLostException;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.MessageVanishedException;
import org.postbox.mailstore.StoreUnavailableException;
import org.postbox.mailstore.jpa.testing.PostgresExtension;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Store failures reach the client as the right response code, never as exception text, and
 * never cost mail or leave a lock behind.
 */
class StoreFailureTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(15);
    private static final String ALICE = "alice@example.com";

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @TempDir
    Path temp;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger driverLog = (Logger) LoggerFactory.getLogger(SessionDriver.class);

    @BeforeEach
    void captureSummaries() {
        logs.start();
        driverLog.addAppender(logs);
    }

    @AfterEach
    void stopCapturing() {
        driverLog.detachAppender(logs);
    }

    static Stream<StoreFixture> stores() {
        return StoreFixture.all(POSTGRES).stream().map(FaultyStore::around);
    }

    private TestServer server(StoreFixture fixture, long messageOctets) throws IOException {
        TestServer server = TestServer.start(fixture, temp, TestSettings.defaults().build());
        server.addMailbox(ALICE, "secret");
        server.deliver(ALICE, GeneratedMessage.ofAbout(messageOctets));
        return server;
    }

    private static FaultyStore faults(TestServer server) {
        return (FaultyStore) server.store();
    }

    private static void login(Pop3TestClient client) throws IOException {
        assertThat(client.readLine()).isEqualTo("+OK Postbox ready.");
        client.send("USER " + ALICE);
        assertThat(client.readLine()).isEqualTo("+OK send PASS");
        client.send("PASS secret");
        assertThat(client.readLine()).startsWith("+OK " + ALICE + " has 1 messages");
    }

    private String summary() {
        await().atMost(EVENTUALLY).until(() -> summaries().size() == 1);
        return summaries().get(0);
    }

    private List<String> summaries() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("session end ")).toList();
    }

    /** Every complete line until the server hangs up, which may be in the middle of a line. */
    private static List<String> readUntilClosed(Pop3TestClient client) {
        List<String> lines = new java.util.ArrayList<>();
        try {
            for (String line = client.readLine(); line != null; line = client.readLine()) {
                lines.add(line);
            }
        } catch (IOException closedMidLine) {
            assertThat(closedMidLine).hasMessageContaining("closed mid-line");
        }
        return lines;
    }

    private static void awaitUnlocked(TestServer server) {
        await().atMost(EVENTUALLY).ignoreException(MaildropLockedException.class)
                .until(() -> server.messageCount(ALICE) >= 0);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void failedCommitIsReportedAndDeletesNothing(StoreFixture fixture) throws Exception {
        try (TestServer server = server(fixture, 1000)) {
            faults(server).commitFailure = new StoreUnavailableException("disk full");
            try (Pop3TestClient client = server.connect()) {
                login(client);
                client.send("DELE 1");
                assertThat(client.readLine()).isEqualTo("+OK message 1 deleted");
                client.send("QUIT");
                assertThat(client.readLine()).isEqualTo("-ERR [SYS/TEMP] some deleted messages not removed");
                assertThat(client.readLine()).isNull();
            }
            awaitUnlocked(server);
            assertThat(server.messageCount(ALICE)).isEqualTo(1);
            assertThat(summary()).contains("deleted=0", "end=quit");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void lockLostAtCommitSaysNothingWasDeleted(StoreFixture fixture) throws Exception {
        try (TestServer server = server(fixture, 1000)) {
            faults(server).commitFailure = new LockLostException("lease taken over");
            try (Pop3TestClient client = server.connect()) {
                login(client);
                client.send("DELE 1");
                assertThat(client.readLine()).isEqualTo("+OK message 1 deleted");
                client.send("QUIT");
                assertThat(client.readLine()).isEqualTo("-ERR [SYS/TEMP] maildrop lock lost, no messages deleted");
                assertThat(client.readLine()).isNull();
            }
            awaitUnlocked(server);
            assertThat(server.messageCount(ALICE)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void storeUnavailableAtLoginIsTemporaryAndTheSessionGoesOn(StoreFixture fixture) throws Exception {
        try (TestServer server = server(fixture, 1000)) {
            faults(server).openFailure = new StoreUnavailableException("database down");
            try (Pop3TestClient client = server.connect()) {
                assertThat(client.readLine()).isEqualTo("+OK Postbox ready.");
                client.send("USER " + ALICE);
                assertThat(client.readLine()).isEqualTo("+OK send PASS");
                client.send("PASS secret");
                assertThat(client.readLine()).isEqualTo("-ERR [SYS/TEMP] mail store temporarily unavailable, try again later");
                faults(server).openFailure = null;
                client.send("USER " + ALICE);
                assertThat(client.readLine()).isEqualTo("+OK send PASS");
                client.send("PASS secret");
                assertThat(client.readLine()).startsWith("+OK " + ALICE);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void vanishedMessageIsNoSuchMessage(StoreFixture fixture) throws Exception {
        try (TestServer server = server(fixture, 1000)) {
            faults(server).contentFailure = new MessageVanishedException("removed by another agent");
            try (Pop3TestClient client = server.connect()) {
                login(client);
                client.send("RETR 1");
                assertThat(client.readLine()).isEqualTo("-ERR no such message");
                client.send("TOP 1 0");
                assertThat(client.readLine()).isEqualTo("-ERR no such message");
                client.send("NOOP");
                assertThat(client.readLine()).isEqualTo("+OK");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void readFailureBeforeAnyOctetIsSentIsATemporaryError(StoreFixture fixture) throws Exception {
        try (TestServer server = server(fixture, 1000)) {
            faults(server).contentWrapper = FaultyStore.failingAfter(0);
            try (Pop3TestClient client = server.connect()) {
                login(client);
                client.send("RETR 1");
                assertThat(client.readLine()).isEqualTo("-ERR [SYS/TEMP] mail store temporarily unavailable, try again later");
                client.send("STAT");
                assertThat(client.readLine()).startsWith("+OK 1 ");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void readFailureInTheMiddleOfAMessageClosesTheConnection(StoreFixture fixture) throws Exception {
        try (TestServer server = server(fixture, 2L * 1024 * 1024)) {
            faults(server).contentWrapper = FaultyStore.failingAfter(300_000);
            try (Pop3TestClient client = server.connect()) {
                login(client);
                client.send("RETR 1");
                assertThat(client.readLine()).startsWith("+OK ");
                assertThat(readUntilClosed(client)).as("no terminator may follow a broken message").doesNotContain(".");
            }
            awaitUnlocked(server);
            assertThat(server.messageCount(ALICE)).isEqualTo(1);
            assertThat(summary()).contains("end=error");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void unexpectedFailureIsAnInternalErrorWithoutDetailsAndEndsTheSession(StoreFixture fixture) throws Exception {
        try (TestServer server = server(fixture, 1000)) {
            faults(server).contentFailure = new IllegalStateException("secret internal detail");
            try (Pop3TestClient client = server.connect()) {
                login(client);
                client.send("DELE 1");
                assertThat(client.readLine()).isEqualTo("+OK message 1 deleted");
                client.send("RETR 1");
                assertThat(client.readLine()).isEqualTo("-ERR message 1 already deleted");
                client.send("RSET");
                assertThat(client.readLine()).startsWith("+OK maildrop has 1 messages");
                client.send("RETR 1");
                assertThat(client.readLine()).isEqualTo("-ERR [SYS/TEMP] internal error");
                assertThat(client.readLine()).isNull();
            }
            awaitUnlocked(server);
            assertThat(server.messageCount(ALICE)).isEqualTo(1);
            assertThat(summary()).contains("end=error");
        }
    }
}
