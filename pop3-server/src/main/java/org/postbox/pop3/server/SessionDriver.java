package org.postbox.pop3.server;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSession;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.FilterEvent;
import org.apache.mina.filter.ssl.SslEvent;
import org.apache.mina.filter.ssl.SslFilter;
import org.postbox.pop3.protocol.Pop3Decoder;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.Pop3Request;
import org.postbox.pop3.protocol.ResponseCode;
import org.postbox.pop3.protocol.SaslResponseMode;
import org.postbox.pop3.server.command.ErrorReplies;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.pop3.server.session.SessionState;
import org.postbox.pop3.server.session.TlsFacts;
import org.postbox.pop3.server.tls.ListenerTls;
import org.postbox.session.EndReason;
import org.postbox.session.IdleTime;
import org.postbox.session.LogContext;
import org.postbox.session.SerialSession;
import org.postbox.session.WorkerPool;
import org.postbox.session.command.Dispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one POP3 session on the serial session core: each request is handled on a worker, in
 * order, and the next starts only when the previous reply has been handed to the network (the
 * {@link ReplyPump} writes it with back-pressure). Every session ends by closing the maildrop
 * (releasing its lock) and logging the one summary line; only QUIT in TRANSACTION deletes.
 */
final class SessionDriver extends SerialSession<Pop3Request> {

    static final Pop3Reply GREETING = new Pop3Reply.Ok("Postbox ready.");
    static final Pop3Reply INACTIVITY = Pop3Reply.Err.of("disconnected for inactivity");
    static final Pop3Reply SHUTTING_DOWN = new Pop3Reply.Err(ResponseCode.SYS_TEMP, "server shutting down");
    static final Pop3Reply NO_LOGIN_IN_TIME = Pop3Reply.Err.of("no login in time, disconnecting");
    static final Pop3Reply EVICTED = new Pop3Reply.Err(ResponseCode.SYS_TEMP,
            "server full, closing the oldest connections that have not logged in");
    static final Pop3Reply KICKED = new Pop3Reply.Err(ResponseCode.SYS_TEMP, "disconnected by the administrator");

    /** Written as it is, on whatever thread found the worker pool full. */
    private static final byte[] BUSY_LINE = RefusalLine.of(ErrorReplies.SERVER_BUSY);

    private static final Logger LOG = LoggerFactory.getLogger(SessionDriver.class);

    private final Pop3Session session;
    private final Dispatcher<Pop3Request, Pop3Request, SessionState, Pop3Session, Pop3Reply> dispatcher;
    private final ReplyPump pump;
    private final ListenerTls tls;
    private boolean loginNoted;

    private SessionDriver(IoSession io, Pop3Session session, LogContext logContext,
            Dispatcher<Pop3Request, Pop3Request, SessionState, Pop3Session, Pop3Reply> dispatcher, WorkerPool workers,
            ListenerTls tls) {
        super(io, logContext, workers);
        this.session = session;
        this.dispatcher = dispatcher;
        this.tls = tls;
        this.pump = new ReplyPump(io, session, (write, then) -> whenWritten(write, () -> {
            then.run();
            return null;
        }));
    }

    /** The session of a new connection, on the network thread that accepted it. */
    static SessionDriver open(IoSession io, String sessionId, Pop3Settings settings, AccessPolicy access,
            Dispatcher<Pop3Request, Pop3Request, SessionState, Pop3Session, Pop3Reply> dispatcher, WorkerPool workers,
            ListenerTls tls) {
        // Behind a PROXY-protocol proxy, the client its header named: logs, limits and policy go by it.
        InetSocketAddress remote = ClientAddress.of(io);
        LogContext logContext = new LogContext(sessionId, LogContext.describe(remote));
        Pop3Session session = new Pop3Session(sessionId, settings, access, remote, logContext, logContext.wrap(workers));
        if (tls.implicit()) {
            session.useImplicitTls();
        } else if (tls.offersStartTls()) {
            session.offerStartTls();
        }
        return new SessionDriver(io, session, logContext, dispatcher, workers, tls);
    }

    @Override
    protected Step greet() {
        pump.write(session.login().greeting(GREETING), this::proceed);
        return null;
    }

    /** The TLS handshake has completed (implicit TLS, or after STLS). */
    @Override
    protected void onEvent(FilterEvent event) {
        if (event == SslEvent.SECURED && io().getAttribute(SslFilter.SSL_SECURED) instanceof SSLSession tlsSession) {
            TlsFacts facts = new TlsFacts(tlsSession.getProtocol(), tlsSession.getCipherSuite());
            session.tlsEstablished(facts);
            LOG.debug("TLS established: {}", facts);
        }
    }

    @Override
    protected Step handle(Pop3Request request) {
        boolean decidesReading = dispatcher.decidesReading(request);
        CompletableFuture<Pop3Reply> reply;
        try {
            reply = dispatcher.dispatch(request, session).toCompletableFuture();
        } catch (RuntimeException failure) {
            reply = CompletableFuture.completedFuture(ErrorReplies.of(failure, session));
        }
        if (reply.isDone()) {
            return respond(decidesReading, reply.join());
        }
        // Completes on whatever thread finished it (e.g. the authenticator's timer): come back to a worker.
        reply.whenComplete((answer, failure) ->
                resume(() -> respond(decidesReading, failure == null ? answer : ErrorReplies.of(failure, session))));
        return null;
    }

    /** @param decidesReading the request was one the decoder stopped behind (a clear-text STLS) */
    private Step respond(boolean decidesReading, Pop3Reply reply) {
        Pop3Reply answer = decidesReading ? afterStls(reply) : reply;
        // Before the reply goes out: the client's answer to a "+ " challenge must be read as SASL data.
        session.login().takeLineModeChange().ifPresent(sasl -> {
            if (sasl) {
                SaslResponseMode.enter(io());
            } else {
                SaslResponseMode.leave(io());
            }
        });
        if (session.closeRequest().isPresent()) {
            // Release the lock before the client reads the final reply, so that it may log in again at once.
            endingRequestedBySession();
        }
        noteLogin();
        pump.write(answer, () -> {
            if (session.closeRequest().isPresent()) {
                endingRequestedBySession();
                closeAfterLastReply();
            }
            proceed();
        });
        return null;
    }

    /**
     * An accepted STLS (the session is in AUTHORIZATION_STLS) puts TLS in place before its
     * {@code +OK} is written, so that the client's handshake right after it is read by the TLS
     * filter (RFC 2595 section 4). A refused one lets the decoder, which stopped at STLS, read the
     * clear-text connection again.
     */
    private Pop3Reply afterStls(Pop3Reply reply) {
        if (session.state() != SessionState.AUTHORIZATION_STLS) {
            Pop3Decoder.stlsRefused(io());
            return reply;
        }
        try {
            tls.startTls(io());
            return reply;
        } catch (RuntimeException failure) {
            // The session already counts as under TLS, so it must not carry on in the clear.
            LOG.error("cannot start TLS after STLS, closing the connection", failure);
            session.requestClose(EndReason.ERROR);
            return new Pop3Reply.Err(ResponseCode.SYS_TEMP, "TLS is temporarily unavailable");
        }
    }

    private void endingRequestedBySession() {
        endRequested(session.closeRequest().orElseThrow());
        session.releaseMaildrop();
    }

    @Override
    protected Step farewell(EndReason why) {
        session.releaseMaildrop();
        pump.write(farewellFor(why), () -> {
            closeAfterLastReply();
            proceed();
        });
        return null;
    }

    private static Pop3Reply farewellFor(EndReason why) {
        return switch (why) {
            case IDLE -> INACTIVITY;
            case LOGIN_TIMEOUT -> NO_LOGIN_IN_TIME;
            case EVICTED -> EVICTED;
            case KICKED -> KICKED;
            default -> SHUTTING_DOWN;
        };
    }

    @Override
    protected void closeWhenAnswered() {
        closeAfterLastReply();
    }

    /**
     * Closes the connection once the replies written so far have gone out. Under TLS the last
     * of them may still sit in the TLS filter, which a plain closeOnFlush would overtake, and
     * TLS ends with a close_notify alert (RFC 8446 section 6.1), sent when they are out.
     */
    private void closeAfterLastReply() {
        if (tls.awaitingHandshake(io())) {
            // What is queued waits for a handshake the client has not made (e.g. it stalled after
            // STLS until the login timeout): nothing more can reach it.
            io().closeNow();
            return;
        }
        pump.afterLastWrite(() -> {
            tls.closeNotify(io());
            io().closeOnFlush();
        });
    }

    /** Once the client has logged in: no login deadline any more, and TRANSACTION's idle timeout. */
    private void noteLogin() {
        if (!loginNoted && session.state() == SessionState.TRANSACTION) {
            loginNoted = true;
            loggedIn(session.user().map(Object::toString).orElse("?"));
            IdleTime.set(io(), IdleStatus.BOTH_IDLE, session.settings().idleTimeout());
        }
    }

    @Override
    protected void endedByDefect() {
        session.requestClose(EndReason.ERROR);
    }

    /**
     * The pool refused this session's work: the busy line, unless a reply is partly out (its
     * rest would be missing, and the line read as its text), then close once it is written. A
     * plain write: no chunk is produced and no store read here, which may be a network thread.
     */
    @Override
    protected void endBusy() {
        if (pump.replyStarted()) {
            io().closeNow();
            return;
        }
        io().write(IoBuffer.wrap(BUSY_LINE)).addListener(written -> io().closeNow());
    }

    /**
     * Closes the maildrop, if still open, without deleting anything: the lock is released on every
     * path. A reply the pool left unfinished gives back its message stream first.
     */
    @Override
    protected void release() {
        pump.abandon();
        session.releaseMaildrop();
    }

    @Override
    protected void summarize(EndReason ending) {
        // A session that asked to close knows why better than the connection does.
        String end = session.closeRequest().orElse(ending).logName();
        Optional<String> user = session.user().map(Object::toString);
        LOG.info("session end listener={} user={} duration_ms={} commands={} retrieved={} deleted={} octets_out={} tls={} end={}",
                session.settings().listenerName(), user.orElse("-"), session.durationMillis(), session.commands(),
                session.retrieved(), session.deletedOnCommit(), session.octetsOut(),
                session.tls().map(TlsFacts::toString).orElse("-"), end);
    }
}
