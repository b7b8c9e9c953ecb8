package org.postbox.session;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.FilterEvent;
import org.apache.mina.filter.ssl.SslFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection of a {@link SessionListener}: the network threads only hand it events; it
 * handles the client's inputs one at a time, in order, on the worker pool (store work blocks),
 * and starts the next only when the previous one is done. Every way a session ends (the client's
 * request, drop, timeout, shutdown, failure) comes through here and ends with the clean-up,
 * {@link #release()} then {@link #summarize}, exactly once. A protocol subclass says what happens
 * at each point.
 *
 * <p>Memory stays bounded: reading stops while more than {@value #SUSPEND_READING_ABOVE} inputs
 * or {@value #SUSPEND_READING_ABOVE_OCTETS} octets (as {@link #octets} counts them) are queued,
 * and resumes at {@value #RESUME_READING_AT} inputs and {@value #RESUME_READING_AT_OCTETS}
 * octets. Reading is switched through a {@link ReadGate}, which is safe from worker threads.
 *
 * <p>No step ever runs on a network thread. When the {@link WorkerPool} is full and refuses one,
 * the session ends as {@link EndReason#BUSY}: the protocol tells the client from the refusing
 * thread with one write ({@link #endBusy()}), and the clean-up, which must not be lost, goes to
 * the pool's reserve if the pool refuses it too.
 *
 * <p>Concurrency: the fields below {@link #lock} are guarded by it. "busy" is a token: whoever
 * holds it (one step at a time) may touch the protocol's session state. Each step returns the step
 * that follows it, which the same worker runs at once (up to {@value #STEPS_PER_TURN} in a row,
 * then it lets other sessions have the worker), or null when the session waits: for input, for
 * the network, for work completing elsewhere (which then hands the token on with
 * {@link #resume} or {@link #proceed}), or for nothing because it is over.
 *
 * @param <I> what the protocol's decoder yields
 */
public abstract class SerialSession<I> {

    static final int SUSPEND_READING_ABOVE = 64;
    static final int RESUME_READING_AT = 16;
    static final long SUSPEND_READING_ABOVE_OCTETS = 256 * 1024;
    static final long RESUME_READING_AT_OCTETS = 64 * 1024;
    static final int STEPS_PER_TURN = 64;

    private static final Logger LOG = LoggerFactory.getLogger(SerialSession.class);
    /** The session whose steps the current thread is running, if any; steps never nest. */
    private static final ThreadLocal<SerialSession<?>> STEPPING = new ThreadLocal<>();

    /** A piece of the session's work; returns the step to run next, or null to stop here. */
    @FunctionalInterface
    protected interface Step {
        Step run();
    }

    private final IoSession io;
    private final LogContext logContext;
    private final WorkerPool workers;
    private final ReadGate gate;
    private final CompletableFuture<EndReason> finished = new CompletableFuture<>();
    /** The clean-up step; the one step that, refused by the workers, goes to their reserve. */
    private final Step cleanUp = this::finish;

    private final Object lock = new Object();
    private final ArrayDeque<I> queue = new ArrayDeque<>();
    private long queuedOctets;
    private boolean backlogHeld;
    private boolean busy;
    private EndReason ending;
    private boolean farewellDue;
    private boolean inputClosed;
    private boolean closed;
    private boolean cleanedUp;
    /**
     * Where the token holder parked until a write completes, run by that write or by the close;
     * non-null exactly while the session waits for its client to take what was written.
     */
    private Parked parked;
    /** An end decided from outside (login deadline, eviction), taken at the next point between steps. */
    private EndReason pendingExpiry;

    private final long openedNanos = System.nanoTime();
    private final Instant openedAt = Instant.now();
    /** Who logged in, once someone has: what the admin API shows of the session. */
    private volatile String user;
    /** Until the protocol reports a login; only then may the listener expire or evict the session. */
    private volatile boolean awaitingLogin;
    /** When the transport reported the close; 0 while open. */
    private volatile long closedAtNanos;

    /** A parked continuation; a fresh one per park, so that a late write completion cannot run a newer one. */
    private record Parked(Step then) {
    }

    /**
     * @param workers runs the session's steps; when it refuses one, the session ends as
     *                {@link EndReason#BUSY} (see {@link #endBusy()}), and its clean-up goes to the
     *                pool's reserve
     */
    protected SerialSession(IoSession io, LogContext logContext, WorkerPool workers) {
        this.io = Objects.requireNonNull(io, "io");
        this.logContext = Objects.requireNonNull(logContext, "logContext");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.gate = new ReadGate(io);
    }

    // ---- what the protocol says ---------------------------------------------------------------

    /** The first step of a new connection: greet. */
    protected abstract Step greet();

    /** Handles one input, the only one in progress. */
    protected abstract Step handle(I input);

    /**
     * Tells the client why it is being disconnected ({@link EndReason#IDLE}, {@link EndReason#SHUTDOWN},
     * or for a session that has not logged in {@link EndReason#LOGIN_TIMEOUT} or
     * {@link EndReason#EVICTED}), between two inputs, and closes the connection once that is sent.
     */
    protected abstract Step farewell(EndReason why);

    /**
     * Closes the connection once every reply written so far has gone out: the client half-closed
     * and has been answered. May run on the I/O thread.
     */
    protected abstract void closeWhenAnswered();

    /**
     * The connection is closed and no step runs any more: release what the session holds (a
     * maildrop lock, an unfinished message). A failure is logged, and the clean-up goes on.
     */
    protected abstract void release();

    /**
     * Logs the session's one summary line, after {@link #release()}. {@code ending} is what the
     * protocol gave {@link #endRequested} when it asked to close, else what the connection saw.
     */
    protected abstract void summarize(EndReason ending);

    /** A step failed unexpectedly; the connection is being closed. Records the end as an error. */
    protected abstract void endedByDefect();

    /**
     * The worker pool refused the session's next step, and the client still waits for an answer:
     * tell it the server is busy, unless part of a reply is out already, and close the connection
     * once that is written. Runs on whatever thread found the pool full, which may be a network
     * thread: write one line, touch no store and no disk, never block.
     */
    protected abstract void endBusy();

    /** What {@code input} counts against the backlog limit in octets; called on the I/O thread. */
    protected long octets(I input) {
        return 0;
    }

    /**
     * True when the decoder holds what follows {@code input} until it has been handled: reading
     * stops until the protocol calls {@link #readingDecided()}. Called on the I/O thread.
     */
    protected boolean decidesReading(I input) {
        return false;
    }

    /** A filter event (e.g. TLS established), on the I/O thread in the session's log context. */
    protected void onEvent(FilterEvent event) {
    }

    // ---- what the protocol may use ------------------------------------------------------------

    protected final IoSession io() {
        return io;
    }

    /** The step after the current one; the holder of the busy token returns it when done. */
    protected final Step next() {
        synchronized (lock) {
            return nextTaskLocked();
        }
    }

    /** Runs the next step on a worker: for a holder of the token whose work completed elsewhere. */
    protected final void proceed() {
        carryOn(next());
    }

    /** Runs {@code step} on a worker: for a holder of the token whose work completed elsewhere. */
    protected final void resume(Step step) {
        carryOn(Objects.requireNonNull(step, "step"));
    }

    /**
     * Work that completed on one of the pool's own workers (a login's store work) goes on there at
     * once: handing it back to the pool's queue would cost a hop and, with the queue full, the
     * session, whose work the pool has taken already. Within a step (of any session: steps never
     * nest), or on any other thread, the next step goes to the pool as usual.
     */
    private void carryOn(Step step) {
        if (step != null && STEPPING.get() == null && workers.ownsCurrentThread()) {
            logContext.run(() -> runSteps(step));
        } else {
            execute(step);
        }
    }

    /**
     * Runs {@code then} on a worker once {@code write} is done (written, failed or the connection
     * closed). Until then the session waits for its client, so an idle timeout hangs up.
     */
    protected final void whenWritten(WriteFuture write, Step then) {
        Parked here = new Parked(Objects.requireNonNull(then, "then"));
        boolean closedAlready;
        synchronized (lock) {
            parked = here;
            closedAlready = closed;
        }
        if (closedAlready) {
            // The close was reported before this park: MINA may never complete a write it took
            // after removing the connection, so do not wait for it.
            unpark(here);
            return;
        }
        write.addListener(done -> unpark(here));
    }

    /**
     * Runs a parked continuation once: when its write completes, or when the connection closes,
     * whichever comes first. MINA does not complete every write of a closed connection (one
     * queued while the connection was being removed stays pending for ever), so a session parked
     * on such a write would never clean up and would keep its maildrop locked.
     */
    private void unpark(Parked which) {
        synchronized (lock) {
            if (parked != which) {
                return;
            }
            parked = null;
        }
        execute(which.then());
    }

    /** The protocol ends the session ({@code why}: QUIT, too many bad commands...): nothing more is read or answered. */
    protected final void endRequested(EndReason why) {
        Objects.requireNonNull(why, "why");
        synchronized (lock) {
            if (ending == null) {
                ending = why;
            }
            farewellDue = false;
            discardQueueLocked();
        }
    }

    /** The input of {@link #decidesReading} is handled: the connection may be read again. */
    protected final void readingDecided() {
        gate.release(ReadGate.Reason.DECISION);
    }

    /**
     * The client has logged in: the listener's login deadline no longer applies, and the session
     * is no longer among those closed to make room when the listener is full.
     */
    protected final void loggedIn() {
        awaitingLogin = false;
    }

    /** {@link #loggedIn()}, naming who logged in, for the listener's {@link SessionView}s. */
    protected final void loggedIn(String user) {
        this.user = Objects.requireNonNull(user, "user");
        loggedIn();
    }

    // ---- events from the network threads and the listener --------------------------------------

    final LogContext logContext() {
        return logContext;
    }

    /** Completes, with how it ended, once the session has ended and been cleaned up. */
    final CompletionStage<EndReason> finished() {
        return finished;
    }

    /** The connection is open: greet. {@code loginRequired}: the listener expects a login before a deadline. */
    final void start(boolean loginRequired) {
        awaitingLogin = loginRequired;
        synchronized (lock) {
            busy = true;
        }
        execute(this::greet);
    }

    final boolean awaitingLogin() {
        return awaitingLogin;
    }

    /** What an administrator sees of this session; safe from any thread. */
    final SessionView view(String listenerName) {
        // MINA sets the attribute once the handshake is done, for implicit TLS and STLS alike.
        boolean tls = io.getAttribute(SslFilter.SSL_SECURED) != null;
        return new SessionView(logContext.sessionId(), listenerName, Optional.ofNullable(user), logContext.remote(),
                openedAt, tls);
    }

    /** How long the connection has been open, at {@code nowNanos}. */
    final long ageNanos(long nowNanos) {
        return nowNanos - openedNanos;
    }

    /** How long ago the transport reported the close, at {@code nowNanos}; negative while open. */
    final long closedForNanos(long nowNanos) {
        long closedAt = closedAtNanos;
        return closedAt == 0 ? -1 : nowNanos - closedAt;
    }

    /**
     * Ends a session that has not logged in ({@link EndReason#LOGIN_TIMEOUT} or
     * {@link EndReason#EVICTED}): with the protocol's farewell at the next point between inputs, or
     * at once when its replies are stuck on a client that does not read. A login that is being
     * checked right now may finish first; if it succeeds, the session carries on.
     *
     * @return false when the session is not waiting for a login, is ending already, or is
     *         marked for expiry already (so that each eviction makes room once)
     */
    final boolean expire(EndReason why) {
        if (why != EndReason.LOGIN_TIMEOUT && why != EndReason.EVICTED) {
            throw new IllegalArgumentException("not an expiry: " + why);
        }
        boolean hangUp = false;
        Step next = null;
        synchronized (lock) {
            if (!awaitingLogin || closed || ending != null || pendingExpiry != null) {
                return false;
            }
            if (parked != null) {
                ending = why;
                discardQueueLocked();
                hangUp = true;
            } else {
                pendingExpiry = why;
                if (!busy) {
                    busy = true;
                    next = nextTaskLocked();
                }
            }
        }
        if (hangUp) {
            io.closeNow();
        }
        execute(next);
        return true;
    }

    /**
     * An administrator ends the session ({@link EndReason#KICKED}), logged in or not: the way an
     * expiry does, with the protocol's farewell at the next point between inputs, or at once when
     * its replies are stuck on a client that does not read (a long reply stays unfinished rather
     * than holding the kick back). Whatever the client sent and is not handled yet is dropped.
     *
     * @return false when the session is ending already
     */
    final boolean kick() {
        boolean hangUp = false;
        Step next = null;
        synchronized (lock) {
            if (closed || ending != null) {
                return false;
            }
            ending = EndReason.KICKED;
            discardQueueLocked();
            pendingExpiry = null;
            if (parked != null) {
                hangUp = true;
            } else {
                farewellDue = true;
                if (!busy) {
                    busy = true;
                    next = nextTaskLocked();
                }
            }
        }
        LOG.info("session ended by an administrator");
        if (hangUp) {
            io.closeNow();
        }
        execute(next);
        return true;
    }

    /**
     * The last resort of the listener's watchdog: the connection closed long ago and the clean-up
     * has not run, so a step is stuck somewhere. Releases what the session holds (its maildrop
     * lock above all) and logs the summary, without the stuck step; that step, should it ever
     * come back, finds the session cleaned up and stops.
     *
     * @return false when the clean-up has run or begun already
     */
    final boolean forceRelease() {
        EndReason end;
        synchronized (lock) {
            if (cleanedUp) {
                return false;
            }
            cleanedUp = true;
            end = ending == null ? EndReason.DROP : ending;
        }
        cleanUp(end);
        return true;
    }

    /**
     * The decoder yielded {@code input}. Comes from the I/O thread, or from a worker when a
     * decoder re-delivers input it held.
     */
    final void onInput(I input) {
        Step next = null;
        synchronized (lock) {
            if (ending != null || closed) {
                return;
            }
            queue.add(input);
            if (decidesReading(input)) {
                gate.hold(ReadGate.Reason.DECISION);
            }
            queuedOctets += octets(input);
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
    final void onIdle() {
        boolean hangUp = false;
        Step next = null;
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (ending != null) {
                // The end is decided and its last words are not out after a whole idle period:
                // the client does not read them. Without this, it could keep the connection for ever.
                hangUp = true;
            } else if (busy && parked == null) {
                // The server is at work (a long delivery, a slow store, a login delay): that is not the client's silence.
                return;
            } else {
                ending = EndReason.IDLE;
                discardQueueLocked();
                if (busy) {
                    // Replies are stuck because the client stopped reading: nothing can be said, hang up.
                    hangUp = true;
                } else {
                    busy = true;
                    farewellDue = true;
                    next = nextTaskLocked();
                }
            }
        }
        if (hangUp) {
            LOG.info("closing connection: the client stopped reading replies");
            io.closeNow();
        }
        execute(next);
    }

    /** The listener is stopping: say so at the next point between inputs, then close. */
    final void onShutdown() {
        Step next = null;
        synchronized (lock) {
            if (ending != null || closed) {
                return;
            }
            ending = EndReason.SHUTDOWN;
            discardQueueLocked();
            farewellDue = true;
            if (!busy) {
                busy = true;
                next = nextTaskLocked();
            }
        }
        execute(next);
    }

    /** The grace period is over: close whatever is still going on. */
    final void forceClose() {
        synchronized (lock) {
            if (ending == null) {
                ending = EndReason.SHUTDOWN;
            }
        }
        io.closeNow();
    }

    /** The network layer failed unexpectedly (e.g. a decoder defect). */
    final void onFailure() {
        synchronized (lock) {
            if (ending == null) {
                ending = EndReason.ERROR;
            }
            discardQueueLocked();
            farewellDue = false;
        }
        io.closeNow();
    }

    /** The client half-closed: answer what it sent, then close. */
    final void onInputClosed() {
        boolean nothingLeftToAnswer = false;
        synchronized (lock) {
            if (inputClosed) {
                return;
            }
            inputClosed = true;
            if (!busy && ending == null && !closed) {
                ending = EndReason.DROP;
                nothingLeftToAnswer = true;
            }
        }
        // Nothing more can come, and MINA would report the end of input again on every turn of
        // the I/O thread while the connection is read: a busy loop for as long as the answer
        // takes (a long RETR to a client that half-closed).
        gate.hold(ReadGate.Reason.END_OF_INPUT);
        if (nothingLeftToAnswer) {
            closeWhenAnswered();
        }
    }

    final void onClosed() {
        closedAtNanos = System.nanoTime();
        Step next = null;
        Parked wake;
        synchronized (lock) {
            closed = true;
            if (ending == null) {
                ending = EndReason.DROP;
            }
            discardQueueLocked();
            farewellDue = false;
            pendingExpiry = null;
            wake = parked;
            if (!busy) {
                busy = true;
                next = nextTaskLocked();
            }
            // Otherwise the running step leads to the clean-up through next(); a step parked on
            // a write is woken here, as that write may never complete now.
        }
        if (wake != null) {
            unpark(wake);
        }
        execute(next);
    }

    // ---- work on the worker pool ----------------------------------------------------------------

    private Step nextTaskLocked() {
        if (closed) {
            if (cleanedUp) {
                busy = false;
                return null;
            }
            cleanedUp = true;
            return cleanUp;
        }
        if (farewellDue) {
            farewellDue = false;
            EndReason why = ending;
            return () -> farewell(why);
        }
        if (pendingExpiry != null && ending == null) {
            EndReason why = pendingExpiry;
            pendingExpiry = null;
            if (awaitingLogin) {
                ending = why;
                discardQueueLocked();
                return () -> farewell(why);
            }
            // The login that was being checked when the expiry came succeeded: carry on.
        }
        if (ending != null) {
            // Closing is under way; onClosed will bring the clean-up.
            busy = false;
            return null;
        }
        I input = queue.poll();
        if (input == null) {
            if (inputClosed) {
                ending = EndReason.DROP;
                return () -> {
                    closeWhenAnswered();
                    return next();
                };
            }
            busy = false;
            return null;
        }
        queuedOctets -= octets(input);
        if (backlogHeld && queue.size() <= RESUME_READING_AT && queuedOctets <= RESUME_READING_AT_OCTETS) {
            backlogHeld = false;
            gate.release(ReadGate.Reason.BACKLOG);
        }
        return () -> handle(input);
    }

    private void discardQueueLocked() {
        queue.clear();
        queuedOctets = 0;
    }

    private Step finish() {
        EndReason end;
        synchronized (lock) {
            end = ending == null ? EndReason.DROP : ending;
        }
        cleanUp(end);
        return next();
    }

    private void cleanUp(EndReason end) {
        try {
            release();
        } catch (RuntimeException failure) {
            LOG.warn("releasing what the session held failed", failure);
        }
        try {
            summarize(end);
        } finally {
            finished.complete(end);
        }
    }

    /** Runs {@code first} and the steps that follow it on a worker. Only the holder of the busy token calls this. */
    private void execute(Step first) {
        if (first == null) {
            return;
        }
        Runnable steps = () -> logContext.run(() -> runSteps(first));
        try {
            workers.execute(steps);
        } catch (RejectedExecutionException full) {
            if (first == cleanUp) {
                workers.executeCleanUp(steps);
            } else {
                logContext.run(this::refused);
            }
        }
    }

    /**
     * The workers refused the token holder's next step, on this thread: the step is dropped and the
     * session ends as {@link EndReason#BUSY}. A client still waiting for an answer is told so; one
     * whose session was ending anyway is closed. The clean-up follows the close as always.
     */
    private void refused() {
        boolean tell;
        Step next;
        synchronized (lock) {
            tell = ending == null && !closed;
            if (ending == null) {
                ending = EndReason.BUSY;
            }
            discardQueueLocked();
            farewellDue = false;
            pendingExpiry = null;
            // The clean-up if the connection is closed already; else nothing, and the token is put down.
            next = nextTaskLocked();
        }
        if (tell) {
            LOG.warn("worker pool {} is full, telling the client the server is busy", workers.name());
            endBusy();
        } else {
            LOG.warn("worker pool {} is full, closing the connection", workers.name());
            io.closeNow();
        }
        execute(next);
    }

    private void runSteps(Step first) {
        STEPPING.set(this);
        try {
            Step step = first;
            for (int steps = 0; step != null; steps++) {
                if (steps == STEPS_PER_TURN) {
                    // A client pipelining thousands of commands must not keep a worker from other sessions.
                    execute(step);
                    return;
                }
                step = runGuarded(step);
            }
        } finally {
            STEPPING.remove();
        }
    }

    /** A defect in a step must not strand the busy token: end the session and let clean-up run. */
    private Step runGuarded(Step step) {
        try {
            return step.run();
        } catch (RuntimeException defect) {
            LOG.error("internal error in session task, closing the connection", defect);
            endedByDefect();
            synchronized (lock) {
                if (ending == null) {
                    ending = EndReason.ERROR;
                }
                farewellDue = false;
            }
            io.closeNow();
            return next();
        }
    }
}
