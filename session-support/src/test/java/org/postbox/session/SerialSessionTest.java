package org.postbox.session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.textline.LineDelimiter;
import org.apache.mina.filter.codec.textline.TextLineCodecFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postbox.session.testing.LineClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The serial session core and its listener, driven over real sockets on 127.0.0.1 by the small
 * line protocol of {@link EchoSession}.
 */
class SerialSessionTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(15);

    private WorkerPool workers = new WorkerPool("echo-worker", 4, 1000);
    private final EchoSession.Observations seen = new EchoSession.Observations();
    private final AtomicInteger idleEvents = new AtomicInteger();
    /** Ends of input reported, by the client's port. */
    private final java.util.Map<Integer, AtomicInteger> endsOfInput = new java.util.concurrent.ConcurrentHashMap<>();
    private SessionListener listener;
    private InetSocketAddress address;

    @AfterEach
    void stop() throws InterruptedException {
        seen.work.countDown();
        if (listener != null) {
            listener.shutdown(Duration.ofSeconds(5));
        }
        workers.close();
        assertThat(workers.threads().isTerminated()).as("workers stopped").isTrue();
    }

    private void start(Duration idleTime, int maxConnections) throws IOException {
        start(idleTime, maxConnections, configured -> { });
    }

    private void start(Duration idleTime, int maxConnections, Consumer<SessionListener.Builder<String>> configure)
            throws IOException {
        SessionListener.Builder<String> builder = SessionListener.builder("echo", String.class)
                .ioThreads(2)
                .idleTimeAtStart(idleTime)
                .connectionLimit(maxConnections, "busy\r\n".getBytes(StandardCharsets.US_ASCII))
                .codec(new TextLineCodecFactory(StandardCharsets.US_ASCII, LineDelimiter.CRLF, LineDelimiter.CRLF))
                .workers(workers)
                .opener(EchoSession.opener(seen));
        configure.accept(builder);
        builder.filterAfterLimit("idle-counter", new IoFilterAdapter() {
            @Override
            public void sessionIdle(NextFilter next, IoSession session, IdleStatus status) throws Exception {
                idleEvents.incrementAndGet();
                next.sessionIdle(session, status);
            }
        });
        builder.filterAfterLimit("end-of-input-counter", new IoFilterAdapter() {
            @Override
            public void inputClosed(NextFilter next, IoSession session) throws Exception {
                int port = ((InetSocketAddress) session.getRemoteAddress()).getPort();
                endsOfInput.computeIfAbsent(port, p -> new AtomicInteger()).incrementAndGet();
                next.inputClosed(session);
            }
        });
        listener = builder.build();
        address = listener.bind(new InetSocketAddress("127.0.0.1", 0));
    }

    private void start() throws IOException {
        start(Duration.ofMinutes(5), 100);
    }

    private LineClient connect() throws IOException {
        LineClient client = LineClient.connect(address, StandardCharsets.US_ASCII);
        assertThat(client.readLine()).isEqualTo("hello");
        return client;
    }

    @Test
    void answersEveryInputInOrderAndEndsWhenTheProtocolAsks() throws Exception {
        start();
        try (LineClient client = connect()) {
            client.sendRaw("one\r\nlater two\r\nthree\r\nquit\r\nnever read\r\n");
            assertThat(client.readLine()).isEqualTo("echo one");
            assertThat(client.readLine()).as("an answer that completed on another thread").isEqualTo("echo two");
            assertThat(client.readLine()).isEqualTo("echo three");
            assertThat(client.readLine()).isEqualTo("bye");
            assertThat(client.readLine()).as("nothing after the session asked to close").isNull();
        }
        assertThat(seen.endings.poll(15, TimeUnit.SECONDS)).isEqualTo(EndReason.QUIT);
        await().atMost(EVENTUALLY).until(() -> listener.openSessions() == 0);
    }

    /**
     * Far more pipelined lines than the backlog allows, sent before the client reads a reply:
     * reading stops, and resumes from a worker as the queue drains (which the read gate must
     * make the I/O thread see), until every line is answered in order.
     */
    @Test
    void aPipelinedFloodStopsReadingAndIsStillAnsweredCompletelyAndInOrder() throws Exception {
        start();
        int lines = 20_000;
        try (LineClient client = connect()) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                StringBuilder flood = new StringBuilder();
                for (int i = 0; i < lines; i++) {
                    flood.append("line ").append(i).append("\r\n");
                }
                try {
                    client.sendRaw(flood.append("quit\r\n").toString());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            for (int i = 0; i < lines; i++) {
                assertThat(client.readLine()).isEqualTo("echo line " + i);
            }
            assertThat(client.readLine()).isEqualTo("bye");
            writer.get(15, TimeUnit.SECONDS);
        }
        assertThat(seen.readingWasSuspended).as("the backlog limit stopped reading at some point").isTrue();
    }

    @Test
    void anInputThatDecidesHowToReadStopsReadingUntilItIsHandled() throws Exception {
        start();
        try (LineClient client = connect()) {
            client.sendRaw("decide\r\nafter\r\n");
            assertThat(client.readLine()).isEqualTo("decided while reading stopped");
            assertThat(client.readLine()).isEqualTo("echo after");
            client.send("quit");
            assertThat(client.readLine()).isEqualTo("bye");
        }
    }

    @Test
    void aSilentClientGetsTheIdleFarewell() throws Exception {
        start(Duration.ofSeconds(1), 100);
        try (LineClient client = connect()) {
            assertThat(client.readLine()).isEqualTo("idle");
            assertThat(client.readLine()).isNull();
        }
        assertThat(seen.endings.poll(15, TimeUnit.SECONDS)).isEqualTo(EndReason.IDLE);
    }

    @Test
    void theIdleTimeoutDoesNotCountTheServersOwnWork() throws Exception {
        start(Duration.ofSeconds(1), 100);
        try (LineClient client = connect()) {
            client.send("work");
            await().atMost(EVENTUALLY).until(() -> idleEvents.get() >= 1);
            seen.work.countDown();
            assertThat(client.readLine()).as("still connected after the idle time passed during the work").isEqualTo("done");
        }
    }

    @Test
    void shutdownSaysGoodbyeToWaitingAndBusySessionsAndEndsThem() throws Exception {
        start();
        try (LineClient waiting = connect(); LineClient busy = connect()) {
            busy.send("work");
            assertThat(seen.workStarted.await(15, TimeUnit.SECONDS)).as("work started").isTrue();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> listener.shutdown(Duration.ofSeconds(10)));
            assertThat(waiting.readLine()).isEqualTo("shutdown");
            assertThat(waiting.readLine()).isNull();
            seen.work.countDown();
            assertThat(busy.readLine()).as("the busy session finishes its input first").isEqualTo("done");
            assertThat(busy.readLine()).isEqualTo("shutdown");
            assertThat(busy.readLine()).isNull();
            stopped.get(15, TimeUnit.SECONDS);
        }
        assertThat(listener.openSessions()).isZero();
        assertThat(seen.endings).containsExactly(EndReason.SHUTDOWN, EndReason.SHUTDOWN);
    }

    @Test
    void aHalfClosedClientIsAnsweredThenClosed() throws Exception {
        start();
        try (LineClient client = connect()) {
            client.sendRaw("one\r\ntwo\r\n");
            client.socket().shutdownOutput();
            assertThat(client.readLine()).isEqualTo("echo one");
            assertThat(client.readLine()).isEqualTo("echo two");
            assertThat(client.readLine()).isNull();
        }
        assertThat(seen.endings.poll(15, TimeUnit.SECONDS)).isEqualTo(EndReason.DROP);
    }

    /**
     * MINA reports the end of input again on every turn of the I/O thread for as long as the
     * connection is read: a half-closed client waiting for a long answer (a big RETR) would keep
     * that thread spinning. The session stops reading at the first report.
     */
    /**
     * The client half-closes while one large answer is only partly taken by its full socket, then
     * reads on. Holding reading at the end of input re-applies the connection's interest on the
     * I/O thread; MINA derives write interest from its write queue, which no longer holds a write
     * under way, so the rest of the answer used to stay unsent for good.
     */
    @Test
    void aHalfClosedClientGetsTheRestOfAnAnswerItsSocketCouldNotTakeYet() throws Exception {
        start();
        try (LineClient client = LineClient.over(smallReceiveBuffer(), StandardCharsets.US_ASCII)) {
            assertThat(client.readLine()).isEqualTo("hello");
            client.send("big");
            await().atMost(EVENTUALLY).until(() -> listener.scheduledWriteBytes() > 0);
            client.socket().shutdownOutput();
            // The server has seen the end of input, and held reading for it.
            await().atMost(EVENTUALLY).until(() -> !endsOfInput.isEmpty());
            assertThat(client.readLine()).hasSize(EchoSession.BIG_LINE);
            assertThat(client.readLine()).as("closed once answered").isNull();
        }
    }

    private Socket smallReceiveBuffer() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(16 * 1024);
        socket.connect(address, 10_000);
        return socket;
    }

    @Test
    void theEndOfInputIsReportedOnceWhileTheAnswerIsStillBeingWorkedOn() throws Exception {
        start();
        try (LineClient client = connect()) {
            client.sendRaw("work\r\n");
            client.socket().shutdownOutput();
            AtomicInteger reports = endsOfInput.computeIfAbsent(client.socket().getLocalPort(), p -> new AtomicInteger());
            await().atMost(EVENTUALLY).until(() -> reports.get() >= 1);
            // Traffic on other connections makes both I/O threads (sessions are spread over them)
            // turn many times meanwhile; each turn would report the first one's end of input again.
            for (int i = 0; i < 3; i++) {
                try (LineClient other = connect()) {
                    for (int round = 0; round < 20; round++) {
                        other.send("ping " + round);
                        assertThat(other.readLine()).isEqualTo("echo ping " + round);
                    }
                }
            }
            assertThat(reports).as("ends of input reported while the work went on").hasValue(1);
            seen.work.countDown();
            assertThat(client.readLine()).isEqualTo("done");
            assertThat(client.readLine()).isNull();
        }
        assertThat(seen.endings.poll(15, TimeUnit.SECONDS)).isEqualTo(EndReason.DROP);
    }

    @Test
    void aDefectClosesTheConnectionAndStillCleansUp() throws Exception {
        start();
        try (LineClient client = connect()) {
            client.sendRaw("boom\r\nnever answered\r\n");
            assertThat(client.readLine()).isNull();
        }
        assertThat(seen.endings.poll(15, TimeUnit.SECONDS)).isEqualTo(EndReason.ERROR);
        assertThat(seen.defects).hasValue(1);
        await().atMost(EVENTUALLY).until(() -> listener.openSessions() == 0);
    }

    @Test
    void connectionsOverTheLimitGetTheRefusalLineAndNeverBecomeSessions() throws Exception {
        start(Duration.ofMinutes(5), 1);
        try (LineClient first = connect()) {
            try (LineClient second = LineClient.connect(address, StandardCharsets.US_ASCII)) {
                assertThat(second.readLine()).isEqualTo("busy");
                assertThat(second.readLine()).isNull();
            }
            assertThat(listener.openSessions()).isEqualTo(1);
            first.send("quit");
            assertThat(first.readLine()).isEqualTo("bye");
        }
        await().atMost(EVENTUALLY).until(() -> listener.openSessions() == 0);
        try (LineClient again = connect()) {
            again.send("quit");
            assertThat(again.readLine()).as("a slot is free again").isEqualTo("bye");
        }
    }

    /**
     * A reply paused by back-pressure waits for its last write; MINA may never complete a write
     * it took while removing a closed connection, so the session must not wait for it: the
     * close wakes it, and the clean-up (the maildrop lock's release) runs at once.
     */
    @Test
    void aSessionParkedOnAWriteThatNeverCompletesIsCleanedUpWhenTheConnectionCloses() throws Exception {
        start();
        try (LineClient client = connect()) {
            client.send("park");
            assertThat(client.readLine()).isEqualTo("parked");
            // As a client does that leaves with a reply unread: its close resets the connection.
            client.socket().setSoLinger(true, 0);
        }
        assertThat(seen.endings.poll(5, TimeUnit.SECONDS)).as("cleaned up after the close").isEqualTo(EndReason.DROP);
        await().atMost(EVENTUALLY).until(() -> listener.openSessions() == 0);
    }

    /** The watchdog's last resort: a step stuck for good does not keep what the session holds. */
    @Test
    void aClosedSessionWhoseStepIsStuckIsForceReleasedByTheWatchdog() throws Exception {
        AtomicInteger forced = new AtomicInteger();
        start(Duration.ofMinutes(5), 100,
                configured -> configured.forceReleaseAfter(Duration.ofMillis(300)).observer(new ListenerObserver() {
                    @Override
                    public void sessionForceReleased() {
                        forced.incrementAndGet();
                    }
                }));
        try (LineClient client = connect()) {
            client.send("work");
            assertThat(seen.workStarted.await(15, TimeUnit.SECONDS)).as("work started").isTrue();
            client.socket().setSoLinger(true, 0);
        }
        assertThat(seen.endings.poll(5, TimeUnit.SECONDS)).as("released while the step is still stuck")
                .isEqualTo(EndReason.DROP);
        await().atMost(EVENTUALLY).until(() -> forced.get() == 1 && listener.openSessions() == 0);
        seen.work.countDown();
        try (LineClient other = connect()) {
            other.send("quit");
            assertThat(other.readLine()).isEqualTo("bye");
        }
        assertThat(seen.endings.poll(15, TimeUnit.SECONDS)).isEqualTo(EndReason.QUIT);
        assertThat(seen.endings).as("the stuck step, back, did not clean up a second time").isEmpty();
        assertThat(forced).hasValue(1);
    }

    /**
     * The login deadline counts from connect: a client that keeps talking without logging in is
     * still disconnected when it passes, unlike with an idle timer; one that logged in is not.
     */
    @Test
    void aClientThatTalksButNeverLogsInIsDisconnectedAtTheLoginDeadline() throws Exception {
        start(Duration.ofMinutes(5), 100, configured -> configured.requireLoginWithin(Duration.ofSeconds(1)));
        try (LineClient chatty = connect(); LineClient member = connect()) {
            member.send("login");
            assertThat(member.readLine()).isEqualTo("welcome");
            long start = System.nanoTime();
            String line = null;
            int round = 0;
            // Bounded, so that a listener without the deadline fails the test instead of hanging it.
            long giveUp = start + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < giveUp) {
                chatty.send("ping " + round);
                line = chatty.readLine();
                if (!line.equals("echo ping " + round)) {
                    break;
                }
                round++;
            }
            assertThat(line).isEqualTo("login_timeout");
            assertThat(chatty.readLine()).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(round).as("it kept talking until the deadline").isPositive();
            member.send("still here");
            assertThat(member.readLine()).isEqualTo("echo still here");
        }
        assertThat(seen.endings.poll(15, TimeUnit.SECONDS)).isEqualTo(EndReason.LOGIN_TIMEOUT);
    }

    /**
     * A full listener makes room by closing its oldest connection that has not logged in, and
     * refuses only when every connection has logged in.
     */
    @Test
    void aFullListenerClosesTheOldestConnectionNotLoggedInToTakeANewOne() throws Exception {
        start(Duration.ofMinutes(5), 3, configured -> configured.requireLoginWithin(Duration.ofMinutes(1)));
        try (LineClient oldest = connect(); LineClient member = connect(); LineClient younger = connect()) {
            member.send("login");
            assertThat(member.readLine()).isEqualTo("welcome");
            try (LineClient newcomer = connect()) {
                assertThat(oldest.readLine()).isEqualTo("evicted");
                assertThat(oldest.readLine()).isNull();
                newcomer.send("login");
                assertThat(newcomer.readLine()).isEqualTo("welcome");
                younger.send("login");
                assertThat(younger.readLine()).as("the younger one was spared").isEqualTo("welcome");
                await().atMost(EVENTUALLY).until(() -> listener.openSessions() == 3);
                try (LineClient refused = LineClient.connect(address, StandardCharsets.US_ASCII)) {
                    assertThat(refused.readLine()).as("every connection has logged in").isEqualTo("busy");
                    assertThat(refused.readLine()).isNull();
                }
            }
        }
        assertThat(seen.endings.poll(15, TimeUnit.SECONDS)).isEqualTo(EndReason.EVICTED);
    }

    /** MINA's own default backlog is 50: a burst of reconnecting clients would wait for SYN retries. */
    @Test
    void theListenBacklogIsLargeByDefaultAndCanBeSet() throws Exception {
        start();
        // Some kernels cap it at net.core.somaxconn; what is asked for is the default.
        int somaxconn = Integer.parseInt(java.nio.file.Files.readString(
                java.nio.file.Path.of("/proc/sys/net/core/somaxconn")).trim());
        assertThat(ListenSockets.backlog(address.getPort())).isIn(SessionListener.DEFAULT_BACKLOG, somaxconn);
        listener.shutdown(Duration.ofSeconds(5));
        start(Duration.ofMinutes(5), 100, configured -> configured.backlog(123));
        assertThat(ListenSockets.backlog(address.getPort())).isEqualTo(123);
    }

    /**
     * A full worker pool never has its work done on the caller (a network thread): a session whose
     * greeting or input it refuses is told the server is busy and closed, its clean-up runs on the
     * pool's reserve while the pool is still full, and the sessions it took carry on once it drains.
     */
    @Test
    void aSessionWhoseWorkTheFullPoolRefusesIsToldBusyAndStillCleansUp() throws Exception {
        workers.close();
        workers = new WorkerPool("tiny-worker", 1, 1);
        AtomicInteger endedBusy = new AtomicInteger();
        start(Duration.ofMinutes(5), 100, configured -> configured.observer(new ListenerObserver() {
            @Override
            public void sessionEndedBusy() {
                endedBusy.incrementAndGet();
            }
        }));
        ThreadPoolExecutor pool = (ThreadPoolExecutor) workers.threads();
        try (LineClient working = connect(); LineClient waiting = connect(); LineClient talking = connect()) {
            // Their greetings done, so that the pool is full of exactly what follows.
            await().atMost(EVENTUALLY).until(() -> pool.getActiveCount() == 0 && pool.getQueue().isEmpty());
            working.send("work");
            assertThat(seen.workStarted.await(15, TimeUnit.SECONDS)).as("the one worker is taken").isTrue();
            waiting.send("one");
            await().atMost(EVENTUALLY).until(() -> pool.getQueue().size() == 1);

            try (LineClient newcomer = LineClient.connect(address, StandardCharsets.US_ASCII)) {
                assertThat(newcomer.readLine()).as("instead of the greeting").isEqualTo("server busy");
                assertThat(newcomer.readLine()).isNull();
            }
            talking.send("two");
            assertThat(talking.readLine()).as("instead of the answer").isEqualTo("server busy");
            assertThat(talking.readLine()).isNull();
            assertThat(seen.endings.poll(15, TimeUnit.SECONDS)).isEqualTo(EndReason.BUSY);
            assertThat(seen.endings.poll(15, TimeUnit.SECONDS)).isEqualTo(EndReason.BUSY);
            assertThat(seen.releaseThreads).as("cleaned up while the pool is still full")
                    .containsExactly("tiny-worker-reserve", "tiny-worker-reserve");

            seen.work.countDown();
            assertThat(working.readLine()).isEqualTo("done");
            assertThat(waiting.readLine()).isEqualTo("echo one");
            waiting.send("three");
            assertThat(waiting.readLine()).isEqualTo("echo three");
        }
        await().atMost(EVENTUALLY).until(() -> listener.openSessions() == 0);
        assertThat(seen.releaseThreads).hasSize(4).allSatisfy(thread -> assertThat(thread).startsWith("tiny-worker-"));
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(endedBusy).hasValue(2));
    }
}
