package org.postbox.session;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mina.core.future.DefaultWriteFuture;
import org.apache.mina.core.session.IoSession;

/**
 * A line protocol small enough to test the serial session core with, over real sockets:
 * <ul>
 * <li>greeting {@code hello}; any line {@code x} is answered {@code echo x};</li>
 * <li>{@code quit}: {@code bye}, then the session asks to close;</li>
 * <li>{@code later x}: answered {@code echo x} from another thread, as a login delay would be;</li>
 * <li>{@code work}: blocks its worker until the test lets it finish, then {@code done};</li>
 * <li>{@code decide}: reading stops until it is handled ({@code decided});</li>
 * <li>{@code boom}: a defect;</li>
 * <li>{@code park}: answered {@code parked}, then waits for a write that never completes, as a
 * reply paused by back-pressure may wait once MINA has dropped the connection;</li>
 * <li>{@code login}: answered {@code welcome}; the session has logged in;</li>
 * <li>farewells named as the ending's log name: {@code idle}, {@code shutdown}, {@code login_timeout},
 * {@code evicted}; {@code server busy} when the worker pool refuses the session's work.</li>
 * </ul>
 */
final class EchoSession extends SerialSession<String> {

    /** What the sessions of one test did, for the test to check. */
    static final class Observations {
        /** The endings of cleaned-up sessions, in order. */
        final BlockingQueue<EndReason> endings = new LinkedBlockingQueue<>();
        /** Whether reading was ever seen suspended while an input was handled. */
        final AtomicBoolean readingWasSuspended = new AtomicBoolean();
        /** How many sessions reported a defect. */
        final AtomicInteger defects = new AtomicInteger();
        /** Counted down when {@code work} starts. */
        final CountDownLatch workStarted = new CountDownLatch(1);
        /** Holds {@code work} until the test lets it finish. */
        final CountDownLatch work = new CountDownLatch(1);
        /** The threads that ran the sessions' clean-ups, in order. */
        final BlockingQueue<String> releaseThreads = new LinkedBlockingQueue<>();
    }

    private final Observations observations;

    private EchoSession(IoSession io, String sessionId, WorkerPool workers, Observations observations) {
        super(io, new LogContext(sessionId, "test"), workers);
        this.observations = observations;
    }

    static SessionOpener<String> opener(Observations observations) {
        return (io, sessionId, workers) -> new EchoSession(io, sessionId, workers, observations);
    }

    /** The length of the line {@code big} answers. */
    static final int BIG_LINE = 8 * 1024 * 1024;

    @Override
    protected Step greet() {
        io().write("hello");
        return next();
    }

    @Override
    protected boolean decidesReading(String input) {
        return input.equals("decide");
    }

    @Override
    protected Step handle(String input) {
        if (io().isReadSuspended()) {
            observations.readingWasSuspended.set(true);
        }
        switch (input) {
            case "quit" -> {
                io().write("bye");
                endRequested(EndReason.QUIT);
                closeWhenAnswered();
                return next();
            }
            case "work" -> {
                observations.workStarted.countDown();
                awaitWork();
                io().write("done");
                return next();
            }
            case "decide" -> {
                io().write(io().isReadSuspended() ? "decided while reading stopped" : "decided while reading");
                readingDecided();
                return next();
            }
            case "boom" -> throw new IllegalStateException("a defect on purpose");
            case "park" -> {
                io().write("parked");
                whenWritten(new DefaultWriteFuture(io()), () -> {
                    io().write("unparked");
                    return next();
                });
                return null;
            }
            case "big" -> {
                // One write far larger than the socket buffers: MINA keeps it as the connection's
                // current write, partly taken, with nothing left in the write queue. The session
                // waits for it, as POP3's reply pump waits for a chunk under back-pressure.
                whenWritten(io().write("x".repeat(BIG_LINE)), this::next);
                return null;
            }
            case "login" -> {
                loggedIn();
                io().write("welcome");
                return next();
            }
            default -> {
                if (input.startsWith("later ")) {
                    CompletableFuture.runAsync(() -> { }).thenRun(() -> resume(() -> {
                        io().write("echo " + input.substring(6));
                        return next();
                    }));
                    return null;
                }
                io().write("echo " + input);
                return next();
            }
        }
    }

    private void awaitWork() {
        try {
            if (!observations.work.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the work finish");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    @Override
    protected Step farewell(EndReason why) {
        io().write(why.logName());
        io().closeOnFlush();
        return next();
    }

    @Override
    protected void closeWhenAnswered() {
        io().closeOnFlush();
    }

    @Override
    protected void release() {
        // Holds nothing; where this runs is what a test may check.
        observations.releaseThreads.add(Thread.currentThread().getName());
    }

    @Override
    protected void summarize(EndReason ending) {
        observations.endings.add(ending);
    }

    @Override
    protected void endedByDefect() {
        observations.defects.incrementAndGet();
    }

    @Override
    protected void endBusy() {
        io().write("server busy").addListener(written -> io().closeNow());
    }
}
