package org.postbox.pop3.server;

import org.postbox.mailstore.jpa.testing.MaildirStoreFixture;
import org.postbox.mailstore.jpa.testing.StoreFixture;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.MessageSource;
import org.postbox.session.LogContext;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * How sessions end: the lock is released on every path, timeouts, the connection limit,
 * shutdown, half-closed connections, and the one summary line per session.
 */
class SessionLifecycleTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(15);
    private static final String ALICE = "alice@example.com";

    @TempDir
    Path temp;

    private final ListAppender<ILoggingEvent> summaries = new ListAppender<>();
    private final Logger driverLog = (Logger) LoggerFactory.getLogger(SessionDriver.class);
    private final StoreFixture fixture = new MaildirStoreFixture();

    @BeforeEach
    void captureSummaries() {
        summaries.start();
        driverLog.addAppender(summaries);
    }

    @AfterEach
    void stopCapturing() {
        driverLog.detachAppender(summaries);
    }

    private TestServer server(TestSettings settings) throws IOException {
        TestServer server = TestServer.start(fixture, temp, settings.build());
        server.addMailbox(ALICE, "secret");
        server.deliver(ALICE, text("Subject: one\n\nfirst\n"));
        server.deliver(ALICE, text("Subject: two\n\nsecond\n"));
        return server;
    }

    private static MessageSource text(String text) {
        return MessageSource.of(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static void login(Pop3TestClient client) throws IOException {
        assertThat(client.readLine()).isEqualTo("+OK Postbox ready.");
        client.send("USER " + ALICE);
        assertThat(client.readLine()).isEqualTo("+OK send PASS");
        client.send("PASS secret");
        assertThat(client.readLine()).startsWith("+OK " + ALICE + " has 2 messages");
    }

    /** Logged in as alice, with a small receive buffer: a client the server soon waits for when it stops reading. */
    private static Pop3TestClient loggedInSlowReader(TestServer server) throws IOException {
        Pop3TestClient client = Pop3TestClient.connect(server.address(), 16 * 1024);
        try {
            assertThat(client.readLine()).isEqualTo("+OK Postbox ready.");
            client.send("USER " + ALICE);
            client.send("PASS secret");
            assertThat(client.readLine()).isEqualTo("+OK send PASS");
            assertThat(client.readLine()).startsWith("+OK " + ALICE);
            return client;
        } catch (IOException | AssertionError failure) {
            client.close();
            throw failure;
        }
    }

    private static void awaitUnlocked(TestServer server) {
        await().atMost(EVENTUALLY).ignoreException(MaildropLockedException.class)
                .until(() -> server.messageCount(ALICE) >= 0);
    }

    private List<String> summaryLines() {
        return summaries.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(message -> message.startsWith("session end ")).toList();
    }

    @Test
    void clientDropReleasesTheLockAndDeletesNothing() throws Exception {
        try (TestServer server = server(TestSettings.defaults())) {
            try (Pop3TestClient client = server.connect()) {
                login(client);
                client.send("DELE 1");
                assertThat(client.readLine()).isEqualTo("+OK message 1 deleted");
                assertThatThrownBy(() -> server.store().open(MailboxAddress.parse(ALICE)))
                        .isInstanceOf(MaildropLockedException.class);
            }
            awaitUnlocked(server);
            assertThat(server.messageCount(ALICE)).isEqualTo(2);
            await().atMost(EVENTUALLY).until(() -> server.acceptor().openSessions() == 0);
            await().atMost(EVENTUALLY).until(() -> summaryLines().size() == 1);
            assertThat(summaryLines().get(0)).contains("user=" + ALICE, "deleted=0", "end=drop");
        }
    }

    @Test
    void clientDropInTheMiddleOfRetrReleasesTheLock() throws Exception {
        try (TestServer server = TestServer.start(fixture, temp, TestSettings.defaults().build())) {
            server.addMailbox(ALICE, "secret");
            GeneratedMessage big = GeneratedMessage.ofAbout(8L * 1024 * 1024);
            server.deliver(ALICE, big);
            try (Pop3TestClient client = loggedInSlowReader(server)) {
                client.send("RETR 1");
                assertThat(client.readLine()).isEqualTo("+OK " + big.crlfSize() + " octets");
                assertThat(client.readLine()).isEqualTo("Subject: generated");
            }
            awaitUnlocked(server);
            await().atMost(EVENTUALLY).until(() -> server.acceptor().openSessions() == 0);
            assertThat(summaryLines()).singleElement().asString().contains("retrieved=1", "end=drop");
        }
    }

    @Test
    void summaryLineAfterQuitCarriesEveryFieldAndTheSessionContext() throws Exception {
        try (TestServer server = server(TestSettings.defaults())) {
            try (Pop3TestClient client = server.connect()) {
                login(client);
                client.send("RETR 2");
                assertThat(client.readLine()).startsWith("+OK");
                assertThat(client.readMultiline()).contains("second");
                client.send("DELE 1");
                assertThat(client.readLine()).isEqualTo("+OK message 1 deleted");
                client.send("QUIT");
                assertThat(client.readLine()).isEqualTo("+OK Postbox signing off (1 messages left)");
                assertThat(client.readLine()).isNull();
            }
            await().atMost(EVENTUALLY).until(() -> summaryLines().size() == 1);
            ILoggingEvent summary = summaries.list.stream()
                    .filter(event -> event.getFormattedMessage().startsWith("session end ")).findFirst().orElseThrow();
            assertThat(summary.getFormattedMessage()).matches("session end listener=pop3-test user=alice@example.com "
                    + "duration_ms=\\d+ commands=5 retrieved=1 deleted=1 octets_out=\\d+ tls=- end=quit");
            assertThat(summary.getMDCPropertyMap().get(LogContext.SESSION_KEY)).matches("[0-9a-f]{8}");
            assertThat(summary.getMDCPropertyMap().get(LogContext.REMOTE_KEY)).startsWith("127.0.0.1:");
            assertThat(server.messageCount(ALICE)).isEqualTo(1);
        }
    }

    @Test
    void loginTimeoutDisconnectsAnIdleClient() throws Exception {
        try (TestServer server = server(TestSettings.defaults().loginTimeout(Duration.ofSeconds(1)))) {
            try (Pop3TestClient client = server.connect()) {
                assertThat(client.readLine()).isEqualTo("+OK Postbox ready.");
                assertThat(client.readLine()).isEqualTo("-ERR disconnected for inactivity");
                assertThat(client.readLine()).isNull();
            }
            await().atMost(EVENTUALLY).until(() -> summaryLines().size() == 1);
            assertThat(summaryLines().get(0)).contains("user=-", "end=idle");
        }
    }

    @Test
    void idleTimeoutAfterLoginDisconnectsAndReleasesTheLock() throws Exception {
        TestSettings settings = TestSettings.defaults().loginTimeout(Duration.ofSeconds(30)).idleTimeout(Duration.ofSeconds(1));
        try (TestServer server = server(settings)) {
            try (Pop3TestClient client = server.connect()) {
                login(client);
                client.send("DELE 1");
                assertThat(client.readLine()).isEqualTo("+OK message 1 deleted");
                assertThat(client.readLine()).isEqualTo("-ERR disconnected for inactivity");
                assertThat(client.readLine()).isNull();
            }
            awaitUnlocked(server);
            assertThat(server.messageCount(ALICE)).isEqualTo(2);
            await().atMost(EVENTUALLY).until(() -> summaryLines().size() == 1);
            assertThat(summaryLines().get(0)).contains("end=idle");
        }
    }

    @Test
    void connectionsOverTheLimitAreToldAndClosed() throws Exception {
        try (TestServer server = server(TestSettings.defaults().maxConnections(2))) {
            server.addMailbox("bob@example.com", "secret");
            try (Pop3TestClient first = server.connect(); Pop3TestClient second = server.connect()) {
                // Logged in, so that the full listener has no connection it could close to make room.
                login(first);
                assertThat(second.readLine()).isEqualTo("+OK Postbox ready.");
                second.send("USER bob@example.com");
                assertThat(second.readLine()).isEqualTo("+OK send PASS");
                second.send("PASS secret");
                assertThat(second.readLine()).startsWith("+OK bob@example.com has 0 messages");
                try (Pop3TestClient third = server.connect()) {
                    assertThat(third.readLine()).isEqualTo("-ERR [SYS/TEMP] too many connections, try again later");
                    assertThat(third.readLine()).isNull();
                }
                assertThat(server.acceptor().openSessions()).isEqualTo(2);
                first.send("QUIT");
                assertThat(first.readLine()).startsWith("+OK Postbox signing off");
                assertThat(first.readLine()).isNull();
            }
            await().atMost(EVENTUALLY).until(() -> server.acceptor().openSessions() == 0);
            try (Pop3TestClient again = server.connect()) {
                assertThat(again.readLine()).isEqualTo("+OK Postbox ready.");
            }
            await().atMost(EVENTUALLY).until(() -> summaryLines().size() == 3);
        }
    }

    @Test
    void shutdownSaysGoodbyeBetweenCommandsReleasesLocksAndStopsListening() throws Exception {
        TestServer server = server(TestSettings.defaults());
        try (Pop3TestClient loggedIn = server.connect(); Pop3TestClient anonymous = server.connect()) {
            login(loggedIn);
            loggedIn.send("DELE 1");
            assertThat(loggedIn.readLine()).isEqualTo("+OK message 1 deleted");
            assertThat(anonymous.readLine()).isEqualTo("+OK Postbox ready.");

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> server.acceptor().shutdown(Duration.ofSeconds(10)));
            assertThat(loggedIn.readLine()).isEqualTo("-ERR [SYS/TEMP] server shutting down");
            assertThat(loggedIn.readLine()).isNull();
            assertThat(anonymous.readLine()).isEqualTo("-ERR [SYS/TEMP] server shutting down");
            assertThat(anonymous.readLine()).isNull();
            stopped.get(15, TimeUnit.SECONDS);

            assertThat(server.acceptor().openSessions()).isZero();
            assertThat(server.messageCount(ALICE)).as("nothing deleted").isEqualTo(2);
            assertThatThrownBy(() -> new Socket(server.address().getAddress(), server.address().getPort()).close())
                    .isInstanceOf(ConnectException.class);
            assertThat(summaryLines()).hasSize(2).allSatisfy(line -> assertThat(line).contains("end=shutdown"));
        } finally {
            server.close();
        }
    }

    @Test
    void shutdownClosesASessionStalledOnASlowReaderWithinTheGracePeriod() throws Exception {
        TestServer server = TestServer.start(fixture, temp, TestSettings.defaults().build());
        try {
            server.addMailbox(ALICE, "secret");
            server.deliver(ALICE, GeneratedMessage.ofAbout(16L * 1024 * 1024));
            try (Pop3TestClient client = loggedInSlowReader(server)) {
                client.send("RETR 1");
                // Stalled: the socket buffers are full and data waits in the server's queue.
                await().atMost(EVENTUALLY).during(Duration.ofMillis(500))
                        .until(() -> server.acceptor().scheduledWriteBytes() > 0);

                long start = System.nanoTime();
                server.acceptor().shutdown(Duration.ofSeconds(2));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
                assertThat(server.acceptor().openSessions()).isZero();
                assertThat(server.messageCount(ALICE)).isEqualTo(1);
            }
        } finally {
            server.close();
        }
    }

    @Test
    void halfClosedClientGetsEveryAnswerAndQuitStillCommits() throws Exception {
        try (TestServer server = server(TestSettings.defaults())) {
            try (Pop3TestClient client = server.connect()) {
                client.sendRaw("USER " + ALICE + "\r\nPASS secret\r\nDELE 1\r\nQUIT\r\n");
                client.socket().shutdownOutput();
                assertThat(client.readLine()).isEqualTo("+OK Postbox ready.");
                assertThat(client.readLine()).isEqualTo("+OK send PASS");
                assertThat(client.readLine()).startsWith("+OK " + ALICE);
                assertThat(client.readLine()).isEqualTo("+OK message 1 deleted");
                assertThat(client.readLine()).isEqualTo("+OK Postbox signing off (1 messages left)");
                assertThat(client.readLine()).isNull();
            }
            awaitUnlocked(server);
            assertThat(server.messageCount(ALICE)).isEqualTo(1);
        }
    }

    @Test
    void halfClosedClientWithoutQuitDeletesNothing() throws Exception {
        try (TestServer server = server(TestSettings.defaults())) {
            try (Pop3TestClient client = server.connect()) {
                client.sendRaw("USER " + ALICE + "\r\nPASS secret\r\nDELE 1\r\n");
                client.socket().shutdownOutput();
                assertThat(client.readLine()).isEqualTo("+OK Postbox ready.");
                assertThat(client.readLine()).isEqualTo("+OK send PASS");
                assertThat(client.readLine()).startsWith("+OK " + ALICE);
                assertThat(client.readLine()).isEqualTo("+OK message 1 deleted");
                assertThat(client.readLine()).isNull();
            }
            awaitUnlocked(server);
            assertThat(server.messageCount(ALICE)).isEqualTo(2);
        }
    }

    @Test
    void aFloodOfPipelinedCommandsIsAnsweredCompletelyAndInOrder() throws Exception {
        int commands = 3000;
        try (TestServer server = server(TestSettings.defaults())) {
            try (Pop3TestClient client = server.connect()) {
                login(client);
                StringBuilder flood = new StringBuilder();
                for (int i = 0; i < commands; i++) {
                    flood.append(i % 2 == 0 ? "NOOP\r\n" : "LIST 2\r\n");
                }
                client.sendRaw(flood.toString());
                for (int i = 0; i < commands; i++) {
                    assertThat(client.readLine()).as("reply %d", i).isEqualTo(i % 2 == 0 ? "+OK" : "+OK 2 24");
                }
                client.send("QUIT");
                assertThat(client.readLine()).isEqualTo("+OK Postbox signing off (2 messages left)");
            }
        }
    }

    /**
     * More pipelined commands than the backlog allows (64 queued) stop the reading of the
     * connection; the client reads nothing until the server is stalled on it, so the I/O thread
     * is busy with writes when workers resume reading as the queue drains. Every command must
     * still be read and answered, in order. MINA 2.2 switches read interest from the calling
     * thread without waking the selector, racing with the I/O thread's write-interest changes:
     * a lost resume would leave this test waiting for replies to commands never read. The race
     * is rare, so this test exercises the read gate's repair rather than fail every time without it.
     */
    @Test
    void pipelinedCommandsBeyondTheBacklogAreAllAnsweredInOrderWhenTheClientReadsLate() throws Exception {
        int retrievals = 1000;
        try (TestServer server = TestServer.start(fixture, temp, TestSettings.defaults().build())) {
            server.addMailbox(ALICE, "secret");
            GeneratedMessage message = GeneratedMessage.ofAbout(8 * 1024);
            server.deliver(ALICE, message);
            try (Pop3TestClient client = loggedInSlowReader(server)) {

                client.sendRaw("RETR 1\r\nNOOP\r\n".repeat(retrievals));
                // Megabytes of replies the client does not read yet: the server ends up waiting for it.
                await().atMost(EVENTUALLY).until(() -> server.acceptor().scheduledWriteBytes() > 0);

                for (int i = 0; i < retrievals; i++) {
                    assertThat(client.readLine()).as("RETR %d", i).isEqualTo("+OK " + message.crlfSize() + " octets");
                    assertThat(client.readMultiline()).as("RETR %d", i).hasSize(message.lineCount());
                    assertThat(client.readLine()).as("NOOP %d", i).isEqualTo("+OK");
                }
                client.send("QUIT");
                assertThat(client.readLine()).isEqualTo("+OK Postbox signing off (1 messages left)");
            }
        }
    }

    @Test
    void aClientThatStopsReadingInTheMiddleOfRetrIsDisconnectedAfterTheIdleTimeout() throws Exception {
        TestSettings settings = TestSettings.defaults().idleTimeout(Duration.ofSeconds(1));
        try (TestServer server = TestServer.start(fixture, temp, settings.build())) {
            server.addMailbox(ALICE, "secret");
            server.deliver(ALICE, GeneratedMessage.ofAbout(16L * 1024 * 1024));
            try (Pop3TestClient client = loggedInSlowReader(server)) {
                client.send("RETR 1");
                // The reply waits for a client that reads no more: that is the client's silence.
                await().atMost(EVENTUALLY).until(() -> server.acceptor().openSessions() == 0);
            }
            awaitUnlocked(server);
            assertThat(summaryLines()).singleElement().asString().contains("end=idle");
        }
    }

    @Test
    void theLockIsHeldExactlyWhileTheSessionIsInTransaction() throws Exception {
        try (TestServer server = server(TestSettings.defaults())) {
            try (Pop3TestClient client = server.connect()) {
                login(client);
                assertThatThrownBy(() -> server.store().open(MailboxAddress.parse(ALICE)))
                        .isInstanceOf(MaildropLockedException.class);
                client.send("QUIT");
                assertThat(client.readLine()).startsWith("+OK Postbox signing off");
                // The lock is released before the goodbye is sent, so an immediate new login works.
                try (Maildrop again = server.store().open(MailboxAddress.parse(ALICE))) {
                    assertThat(again.messages()).hasSize(2);
                }
            }
        }
    }
}
