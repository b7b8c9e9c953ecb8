package org.postbox.pop3.server;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Decoder;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.Pop3Request;
import org.postbox.pop3.protocol.ResponseCode;
import org.postbox.pop3.protocol.SaslResponseMode;
import org.postbox.pop3.server.command.CommandDispatcher;
import org.postbox.pop3.server.command.ErrorReplies;
import org.postbox.pop3.server.session.EndReason;
import org.postbox.pop3.server.session.LogContext;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.pop3.server.session.SessionState;
import org.postbox.pop3.server.session.TlsFacts;
import org.postbox.pop3.server.tls.ListenerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one session: the network threads only hand it events; it handles the client's requests
 * one at a time, in order, on the worker pool, and starts the next only when the previous reply
 * has been handed to the network. Every way a session ends (QUIT, drop, timeout, bad commands,
 * shutdown, failure) comes through here, and each ends with {@link #cleanUp()}, which closes the
 * maildrop (releasing its lock) and logs the one summary line.
 *
 * <p>Concurrency: all fields below {@link #lock} are guarded by it. "busy" is a token: whoever
 * holds it (one task at a time) may touch the {@link Pop3Session}; it is handed from task to task
 * through {@link #proceed()}.
 */
final class SessionDriver {

    /** Queued requests above which the connection stops being read (a client pipelining blindly). */
    static final int SUSPEND_READING_ABOVE = 64;
    /** Queued requests at or below which reading resumes. */
    static final int RESUME_READING_AT = 16;

    static final Pop3Reply GREETING = new Pop3Reply.Ok("Postbox ready.");
    static final Pop3Reply INACTIVITY = Pop3Reply.Err.of("disconnected for inactivity");
    static final Pop3Reply SHUTTING_DOWN = new Pop3Reply.Err(ResponseCode.SYS_TEMP, "server shutting down");

    private static final Logger LOG = LoggerFactory.getLogger(SessionDriver.class);

    private final IoSession io;
    private final Pop3Session session;
    private final LogContext logContext;
    private final CommandDispatcher dispatcher;
    private final Executor executor;
    private final ReplyPump pump;
    private final ListenerTls tls;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    private final Object lock = new Object();
    private final ArrayDeque<Pop3Request> queue = new ArrayDeque<>();
    private boolean busy;
    private EndReason ending;
    private Pop3Reply farewell;
    private boolean inputClosed;
    private boolean closed;
    private boolean cleanedUp;
    private boolean readSuspended;
    private boolean idleTimeoutApplied;

    SessionDriver(IoSession io, Pop3Session session, LogContext logContext, CommandDispatcher dispatcher,
                  Executor executor, ListenerTls tls) {
        this.io = io;
        this.tls = tls;
        this.session = session;
        this.logContext = logContext;
        this.dispatcher = dispatcher;
        this.executor = executor;
        this.pump = new ReplyPump(io, session, this::execute);
    }

    LogContext logContext() {
        return logContext;
    }

    /** Completes once the session has ended and been cleaned up (lock released, summary logged). */
    CompletionStage<Void> finished() {
        return finished;
    }

    // ---- events from the network threads ------------------------------------------------

    /** The connection is open: greet. */
    void start() {
        synchronized (lock) {
            busy = true;
        }
        execute(() -> pump.write(session.login().greeting(GREETING), this::proceed));
    }

    /** The TLS handshake has completed (implicit TLS, or after STLS). */
    void onTlsEstablished(TlsFacts facts) {
        session.tlsEstablished(facts);
        LOG.debug("TLS established: {}", facts);
    }

    void onRequest(Pop3Request request) {
        Runnable next = null;
        synchronized (lock) {
            if (ending != null || closed) {
                return;
            }
            queue.add(request);
            if (queue.size() > SUSPEND_READING_ABOVE && !readSuspended) {
                readSuspended = true;
                io.suspendRead();
            }
            if (!busy) {
                busy = true;
                next = nextTaskLocked();
            }
        }
        execute(next);
    }

    /** The client sent nothing for the configured timeout. */
    void onIdle() {
        boolean interrupt = false;
        Runnable next = null;
        synchronized (lock) {
            if (ending != null || closed) {
                return;
            }
            ending = EndReason.IDLE;
            queue.clear();
            if (busy) {
                // A reply is stalled mid-way (the client stopped reading) or a login is pending:
                // there is no clean point to speak, so just hang up.
                interrupt = true;
            } else {
                busy = true;
                farewell = INACTIVITY;
                next = nextTaskLocked();
            }
        }
        if (interrupt) {
            LOG.info("closing stalled connection after inactivity");
            io.closeNow();
        }
        execute(next);
    }

    /** The server is stopping: say so between commands, then close. */
    void onShutdown() {
        Runnable next = null;
        synchronized (lock) {
            if (ending != null || closed) {
                return;
            }
            ending = EndReason.SHUTDOWN;
            queue.clear();
            farewell = SHUTTING_DOWN;
            if (!busy) {
                busy = true;
                next = nextTaskLocked();
            }
        }
        execute(next);
    }

    /** The grace period is over: close whatever is still going on, without UPDATE. */
    void forceClose() {
        synchronized (lock) {
            if (ending == null) {
                ending = EndReason.SHUTDOWN;
            }
        }
        io.closeNow();
    }

    /** The network layer failed unexpectedly (e.g. a decoder defect): end without UPDATE. */
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
            // The last reply may still be queued: close after it, so the client gets it.
            closeAfterLastReply();
        }
    }

    void onClosed() {
        Runnable next = null;
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
            // Otherwise the running task hands over through proceed(), which then cleans up.
        }
        execute(next);
    }

    // ---- work on the worker pool --------------------------------------------------------

    /** Called by the holder of the busy token when its task is done: runs the next one or idles. */
    private void proceed() {
        Runnable next;
        synchronized (lock) {
            next = nextTaskLocked();
        }
        execute(next);
    }

    private Runnable nextTaskLocked() {
        if (closed) {
            if (cleanedUp) {
                busy = false;
                return null;
            }
            cleanedUp = true;
            return this::cleanUp;
        }
        if (farewell != null) {
            Pop3Reply last = farewell;
            farewell = null;
            return () -> sayFarewell(last);
        }
        if (ending != null) {
            // Closing is under way; sessionClosed will bring the clean-up.
            busy = false;
            return null;
        }
        Pop3Request request = queue.poll();
        if (request == null) {
            if (inputClosed) {
                ending = EndReason.DROP;
                return () -> {
                    closeAfterLastReply();
                    proceed();
                };
            }
            busy = false;
            return null;
        }
        if (readSuspended && queue.size() <= RESUME_READING_AT) {
            readSuspended = false;
            io.resumeRead();
        }
        return () -> handle(request);
    }

    private void handle(Pop3Request request) {
        CompletableFuture<Pop3Reply> reply;
        try {
            reply = dispatcher.dispatch(request, session).toCompletableFuture();
        } catch (RuntimeException failure) {
            reply = CompletableFuture.completedFuture(ErrorReplies.of(failure, session));
        }
        if (reply.isDone()) {
            respond(request, reply.join());
        } else {
            // Completes on whatever thread finished it (e.g. the authenticator's timer): come back to a worker.
            reply.whenCompleteAsync((answer, failure) ->
                    respond(request, failure == null ? answer : ErrorReplies.of(failure, session)), this::execute);
        }
    }

    private void respond(Pop3Request request, Pop3Reply reply) {
        if (request instanceof Pop3Command.Stls) {
            reply = afterStls(reply);
        }
        // Before the reply goes out: the client's answer to a "+ " challenge must be read as SASL data.
        session.login().takeLineModeChange().ifPresent(sasl -> {
            if (sasl) {
                SaslResponseMode.enter(io);
            } else {
                SaslResponseMode.leave(io);
            }
        });
        if (session.closeRequest().isPresent()) {
            // Release the lock before the client reads the final reply, so that it may log in again at once.
            endingRequestedBySession();
        }
        applyIdleTimeout();
        pump.write(reply, () -> {
            if (session.closeRequest().isPresent()) {
                endingRequestedBySession();
                closeAfterLastReply();
            }
            proceed();
        });
    }

    /**
     * An accepted STLS puts TLS in place before its {@code +OK} is written, so that the client's
     * handshake right after it is read by the TLS filter (RFC 2595 section 4). A refused one
     * lets the decoder, which stopped at STLS, read the clear-text connection again.
     */
    private Pop3Reply afterStls(Pop3Reply reply) {
        if (!session.takeTlsSwitchRequest()) {
            Pop3Decoder.stlsRefused(io);
            return reply;
        }
        try {
            tls.startTls(io);
            return reply;
        } catch (RuntimeException failure) {
            // The session already counts as under TLS, so it must not carry on in the clear.
            LOG.error("cannot start TLS after STLS, closing the connection", failure);
            session.requestClose(EndReason.ERROR);
            return new Pop3Reply.Err(ResponseCode.SYS_TEMP, "TLS is temporarily unavailable");
        }
    }

    private void endingRequestedBySession() {
        synchronized (lock) {
            if (ending == null) {
                ending = session.closeRequest().orElseThrow();
            }
            farewell = null;
            queue.clear();
        }
        session.releaseMaildrop();
    }

    private void sayFarewell(Pop3Reply reply) {
        session.releaseMaildrop();
        pump.write(reply, () -> {
            closeAfterLastReply();
            proceed();
        });
    }

    /**
     * Closes the connection once the replies written so far have gone out. Under TLS the last
     * of them may still sit in the TLS filter, which a plain closeOnFlush would overtake, and
     * TLS ends with a close_notify alert (RFC 8446 section 6.1), sent when they are out.
     */
    private void closeAfterLastReply() {
        if (tls.awaitingHandshake(io)) {
            // What is queued waits for a handshake the client has not made (e.g. it stalled after
            // STLS until the login timeout): nothing more can reach it.
            io.closeNow();
            return;
        }
        pump.afterLastWrite(() -> {
            tls.closeNotify(io);
            io.closeOnFlush();
        });
    }

    private void applyIdleTimeout() {
        if (!idleTimeoutApplied && session.state() == SessionState.TRANSACTION) {
            idleTimeoutApplied = true;
            io.getConfig().setIdleTime(IdleStatus.BOTH_IDLE, Pop3Acceptor.seconds(session.settings().idleTimeout()));
        }
    }

    private void cleanUp() {
        try {
            session.releaseMaildrop();
        } catch (RuntimeException failure) {
            LOG.warn("closing the maildrop failed", failure);
        }
        EndReason end;
        synchronized (lock) {
            end = session.closeRequest().orElse(ending == null ? EndReason.DROP : ending);
        }
        Optional<String> user = session.user().map(Object::toString);
        LOG.info("session end listener={} user={} duration_ms={} commands={} retrieved={} deleted={} octets_out={} tls={} end={}",
                session.settings().listenerName(), user.orElse("-"), session.durationMillis(), session.commands(),
                session.retrieved(), session.deletedOnCommit(), session.octetsOut(),
                session.tls().map(TlsFacts::toString).orElse("-"), end.logName());
        finished.complete(null);
        proceed();
    }

    /** Runs a task of this session on the workers (whose executor never rejects, see {@link LogContext#wrap}). */
    private void execute(Runnable task) {
        if (task != null) {
            executor.execute(() -> runGuarded(task));
        }
    }

    /** A defect in a task must not strand the busy token: end the session and let clean-up run. */
    private void runGuarded(Runnable task) {
        try {
            task.run();
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
            proceed();
        }
    }
}
