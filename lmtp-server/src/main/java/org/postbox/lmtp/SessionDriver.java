package org.postbox.lmtp;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.IoSession;
import org.postbox.lmtp.codec.LmtpCommand;
import org.postbox.lmtp.codec.LmtpDecoder;
import org.postbox.lmtp.codec.LmtpInput;
import org.postbox.lmtp.codec.LmtpReply;
import org.postbox.lmtp.codec.MessageData;
import org.postbox.lmtp.session.ConnectionReplies;
import org.postbox.lmtp.session.EndReason;
import org.postbox.lmtp.session.LmtpSession;
import org.postbox.lmtp.session.ReplySink;
import org.postbox.lmtp.session.SessionEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection: the network threads only hand it events; it handles the client's input
 * one piece at a time, in order, on the worker pool (store lookups, spool writes and deliveries
 * block), and starts the next only when the previous one is done. Every way a session ends
 * (QUIT, drop, timeout, bad commands, shutdown, failure) comes through here, and each ends with
 * {@link #cleanUp()}, which discards an unfinished message and logs the one summary line.
 *
 * <p>Memory stays bounded: reading stops while more than {@value #SUSPEND_READING_ABOVE} inputs
 * or {@value #SUSPEND_READING_ABOVE_OCTETS} octets of message are queued (the spool writer has
 * fallen behind), and the next input waits while more than {@value #WRITE_HIGH_WATER} octets of
 * replies are unsent (a client that pipelines without reading).
 *
 * <p>Concurrency: the fields below {@link #lock} are guarded by it. "busy" is a token: whoever
 * holds it (one step at a time) may touch the {@link LmtpSession}. Each step returns the step
 * that follows it, which the same worker runs at once (up to {@value #STEPS_PER_TURN} in a row,
 * then it lets other sessions have the worker), or null when the session waits: for input, for
 * the network, or for nothing because it is over.
 */
final class SessionDriver {

    static final int SUSPEND_READING_ABOVE = 64;
    static final int RESUME_READING_AT = 16;
    static final long SUSPEND_READING_ABOVE_OCTETS = 256 * 1024;
    static final long RESUME_READING_AT_OCTETS = 64 * 1024;
    static final long WRITE_HIGH_WATER = 64 * 1024;
    static final int STEPS_PER_TURN = 64;

    private static final Logger LOG = LoggerFactory.getLogger(SessionDriver.class);

    /** A piece of the session's work; returns the step to run next, or null to stop here. */
    @FunctionalInterface
    private interface Step {
        Step run();
    }

    private final IoSession io;
    private final LmtpSession session;
    private final LogContext logContext;
    private final SessionEngine engine;
    private final Executor executor;
    private final ReadGate gate;
    private final ReplySink replies = new ConnectionReplySink();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final String hostname;

    private final Object lock = new Object();
    private final ArrayDeque<LmtpInput> queue = new ArrayDeque<>();
    private long queuedOctets;
    private boolean backlogHeld;
    private boolean busy;
    private boolean waitingForNetwork;
    private EndReason ending;
    private LmtpReply farewell;
    private boolean inputClosed;
    private boolean closed;
    private boolean cleanedUp;

    /** Only the holder of the busy token writes it. */
    private volatile WriteFuture lastWrite;

    /** @param executor runs the session's tasks on a worker; never rejects */
    SessionDriver(IoSession io, LmtpSession session, LogContext logContext, SessionEngine engine, Executor executor) {
        this.io = io;
        this.session = session;
        this.logContext = logContext;
        this.engine = engine;
        this.executor = executor;
        this.gate = new ReadGate(io);
        this.hostname = session.settings().hostname();
    }

    LogContext logContext() {
        return logContext;
    }

    /** Completes once the session has ended and been cleaned up. */
    CompletionStage<Void> finished() {
        return finished;
    }

    // ---- events from the network threads ----------------------------------------------------

    /** The connection is open: greet. */
    void start() {
        synchronized (lock) {
            busy = true;
        }
        execute(() -> {
            replies.send(ConnectionReplies.greeting(hostname));
            return next();
        });
    }

    /**
     * The decoder yielded {@code input}. Comes from the I/O thread, or from a worker when held
     * input is decoded after a DATA decision.
     */
    void onInput(LmtpInput input) {
        Step next = null;
        synchronized (lock) {
            if (ending != null || closed) {
                return;
            }
            queue.add(input);
            if (input instanceof LmtpCommand.Data) {
                // The decoder holds what follows DATA; stop reading until the session has decided.
                gate.hold(ReadGate.Reason.DATA_DECISION);
            } else if (input instanceof MessageData data) {
                queuedOctets += data.octets().length;
            }
            if (!backlogHeld && (queue.size() > SUSPEND_READING_ABOVE || queuedOctets > SUSPEND_READING_ABOVE_OCTETS)) {
                backlogHeld = true;
                gate.hold(ReadGate.Reason.BACKLOG);
            }
            if (!busy) {
                busy = true;
                next = nextTaskLocked();
            }
        }
        execute(next);
    }

    /** Neither side has sent anything for the idle timeout. */
    void onIdle() {
        boolean hangUp = false;
        Step next = null;
        synchronized (lock) {
            if (ending != null || closed) {
                return;
            }
            if (busy && !waitingForNetwork) {
                // The server is at work (a long delivery, a slow store): that is not the client's silence.
                return;
            }
            ending = EndReason.IDLE;
            queue.clear();
            if (busy) {
                // Replies are stuck because the client stopped reading: nothing can be said, hang up.
                hangUp = true;
            } else {
                busy = true;
                farewell = ConnectionReplies.idle(hostname);
                next = nextTaskLocked();
            }
        }
        if (hangUp) {
            LOG.info("closing connection: the client stopped reading replies");
            io.closeNow();
        }
        execute(next);
    }

    /** The server is stopping: say so at the next point between inputs, then close. */
    void onShutdown() {
        Step next = null;
        synchronized (lock) {
            if (ending != null || closed) {
                return;
            }
            ending = EndReason.SHUTDOWN;
            queue.clear();
            farewell = ConnectionReplies.shuttingDown(hostname);
            if (!busy) {
                busy = true;
                next = nextTaskLocked();
            }
        }
        execute(next);
    }

    /** The grace period is over: close whatever is still going on. */
    void forceClose() {
        synchronized (lock) {
            if (ending == null) {
                ending = EndReason.SHUTDOWN;
            }
        }
        io.closeNow();
    }

    /** The network layer failed unexpectedly (e.g. a decoder defect). */
    void onFailure() {
        synchronized (lock) {
            if (ending == null) {
                ending = EndReason.ERROR;
            }
            queue.clear();
            farewell = null;
        }
        io.closeNow();
    }

    /** The client half-closed: answer what it sent, then close. */
    void onInputClosed() {
        boolean nothingLeftToAnswer = false;
        synchronized (lock) {
            inputClosed = true;
            if (!busy && ending == null && !closed) {
                ending = EndReason.DROP;
                nothingLeftToAnswer = true;
            }
        }
        if (nothingLeftToAnswer) {
            io.closeOnFlush();
        }
    }

    void onClosed() {
        Step next = null;
        synchronized (lock) {
            closed = true;
            if (ending == null) {
                ending = EndReason.DROP;
            }
            queue.clear();
            farewell = null;
            if (!busy) {
                busy = true;
                next = nextTaskLocked();
            }
            // Otherwise the running step leads to the clean-up through next().
        }
        execute(next);
    }

    // ---- work on the worker pool ------------------------------------------------------------

    private Step next() {
        synchronized (lock) {
            return nextTaskLocked();
        }
    }

    private Step nextTaskLocked() {
        if (closed) {
            if (cleanedUp) {
                busy = false;
                return null;
            }
            cleanedUp = true;
            return this::cleanUp;
        }
        if (farewell != null) {
            LmtpReply last = farewell;
            farewell = null;
            return () -> sayFarewell(last);
        }
        if (ending != null) {
            // Closing is under way; sessionClosed will bring the clean-up.
            busy = false;
            return null;
        }
        LmtpInput input = queue.poll();
        if (input == null) {
            if (inputClosed) {
                ending = EndReason.DROP;
                return () -> {
                    io.closeOnFlush();
                    return next();
                };
            }
            busy = false;
            return null;
        }
        if (input instanceof MessageData data) {
            queuedOctets -= data.octets().length;
        }
        if (backlogHeld && queue.size() <= RESUME_READING_AT && queuedOctets <= RESUME_READING_AT_OCTETS) {
            backlogHeld = false;
            gate.release(ReadGate.Reason.BACKLOG);
        }
        return () -> handle(input);
    }

    private Step handle(LmtpInput input) {
        try {
            engine.handle(input, session, replies);
        } finally {
            if (input instanceof LmtpCommand.Data) {
                releaseDecoder();
            }
        }
        if (session.closeRequest().isPresent()) {
            synchronized (lock) {
                if (ending == null) {
                    ending = session.closeRequest().get();
                }
                farewell = null;
                queue.clear();
            }
            io.closeOnFlush();
        }
        return nextWhenWritten();
    }

    /** The DATA reply is decided: the decoder reads the message or commands, and reading resumes. */
    private void releaseDecoder() {
        try {
            LmtpDecoder.release(io, session.receivingMessage());
        } finally {
            gate.release(ReadGate.Reason.DATA_DECISION);
        }
    }

    /** The next step, or none for now if too many replies are unsent: the network's progress brings it. */
    private Step nextWhenWritten() {
        WriteFuture pending = lastWrite;
        if (pending == null || pending.isDone() || io.getScheduledWriteBytes() <= WRITE_HIGH_WATER) {
            return next();
        }
        synchronized (lock) {
            waitingForNetwork = true;
        }
        pending.addListener(written -> execute(() -> {
            synchronized (lock) {
                waitingForNetwork = false;
            }
            return next();
        }));
        return null;
    }

    private Step sayFarewell(LmtpReply reply) {
        replies.send(reply);
        io.closeOnFlush();
        return next();
    }

    private Step cleanUp() {
        try {
            session.end();
        } catch (RuntimeException failure) {
            LOG.warn("discarding the unfinished transaction failed", failure);
        }
        EndReason end;
        synchronized (lock) {
            end = session.closeRequest().orElse(ending == null ? EndReason.DROP : ending);
        }
        LOG.info("session end {} end={}", session.summary(), end.logName());
        finished.complete(null);
        return next();
    }

    /**
     * Runs {@code first} and the steps that follow it on a worker (whose executor never rejects,
     * see {@link LogContext#wrap}). Called only by the holder of the busy token.
     */
    private void execute(Step first) {
        if (first != null) {
            executor.execute(() -> runSteps(first));
        }
    }

    private void runSteps(Step first) {
        Step step = first;
        for (int steps = 0; step != null; steps++) {
            if (steps == STEPS_PER_TURN) {
                // A client pipelining thousands of commands must not keep a worker from other sessions.
                execute(step);
                return;
            }
            step = runGuarded(step);
        }
    }

    /** A defect in a step must not strand the busy token: end the session and let clean-up run. */
    private Step runGuarded(Step step) {
        try {
            return step.run();
        } catch (RuntimeException defect) {
            LOG.error("internal error in session task, closing the connection", defect);
            session.requestClose(EndReason.ERROR);
            synchronized (lock) {
                if (ending == null) {
                    ending = EndReason.ERROR;
                }
                farewell = null;
            }
            io.closeNow();
            return next();
        }
    }

    /** Replies go to the connection; the last write is remembered for back-pressure. */
    private final class ConnectionReplySink implements ReplySink {
        @Override
        public void send(LmtpReply reply) {
            lastWrite = io.write(reply);
        }

        @Override
        public boolean connected() {
            return io.isConnected() && !io.isClosing();
        }
    }
}
