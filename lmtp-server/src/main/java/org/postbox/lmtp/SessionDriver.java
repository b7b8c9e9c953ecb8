package org.postbox.lmtp;

import java.net.InetSocketAddress;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.IoSession;
import org.postbox.lmtp.codec.LmtpDecoder;
import org.postbox.lmtp.codec.LmtpInput;
import org.postbox.lmtp.codec.LmtpReply;
import org.postbox.lmtp.codec.MessageData;
import org.postbox.lmtp.session.ConnectionReplies;
import org.postbox.lmtp.session.LmtpSession;
import org.postbox.lmtp.session.ReplySink;
import org.postbox.lmtp.session.SessionEngine;
import org.postbox.session.EndReason;
import org.postbox.session.LogContext;
import org.postbox.session.SerialSession;
import org.postbox.session.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one LMTP connection on the serial session core: store lookups, spool writes and
 * deliveries block, so each input is handled on a worker, in order. Every session ends by
 * discarding an unfinished message and logging the one summary line.
 *
 * <p>Memory stays bounded: besides the core's input backlog (message text counts by its
 * octets), the next input waits while more than {@value #WRITE_HIGH_WATER} octets of replies
 * are unsent (a client that pipelines without reading).
 */
final class SessionDriver extends SerialSession<LmtpInput> {

    static final long WRITE_HIGH_WATER = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(SessionDriver.class);

    private final LmtpSession session;
    private final SessionEngine engine;
    private final ReplySink replies = new ConnectionReplySink();
    private final String hostname;

    /** Only the holder of the busy token writes it. */
    private volatile WriteFuture lastWrite;

    private SessionDriver(IoSession io, LmtpSession session, LogContext logContext, SessionEngine engine,
            WorkerPool workers) {
        super(io, logContext, workers);
        this.session = session;
        this.engine = engine;
        this.hostname = session.settings().hostname();
    }

    /** The session of a new connection, on the network thread that accepted it. */
    static SessionDriver open(IoSession io, String sessionId, LmtpSettings settings, SessionEngine engine,
            WorkerPool workers) {
        InetSocketAddress remote = (InetSocketAddress) io.getRemoteAddress();
        LogContext logContext = new LogContext(sessionId, LogContext.describe(remote));
        return new SessionDriver(io, new LmtpSession(sessionId, remote, settings, logContext), logContext, engine, workers);
    }

    @Override
    protected Step greet() {
        replies.send(ConnectionReplies.greeting(hostname));
        return next();
    }

    /** The decoder holds what follows DATA until the session has decided: message text or commands. */
    @Override
    protected boolean decidesReading(LmtpInput input) {
        return engine.decidesReading(input);
    }

    /** Queued message text counts against the backlog: the spool writer may fall behind. */
    @Override
    protected long octets(LmtpInput input) {
        return input instanceof MessageData data ? data.octets().length : 0;
    }

    @Override
    protected Step handle(LmtpInput input) {
        try {
            engine.handle(input, session, replies);
        } finally {
            if (engine.decidesReading(input)) {
                releaseDecoder();
            }
        }
        session.closeRequest().ifPresent(why -> {
            endRequested(why);
            io().closeOnFlush();
        });
        return nextWhenWritten();
    }

    /** The DATA reply is decided: the decoder reads the message or commands, and reading resumes. */
    private void releaseDecoder() {
        try {
            LmtpDecoder.release(io(), session.receivingMessage());
        } finally {
            readingDecided();
        }
    }

    /** The next step, or none for now if too many replies are unsent: the network's progress brings it. */
    private Step nextWhenWritten() {
        WriteFuture pending = lastWrite;
        if (pending == null || pending.isDone() || io().getScheduledWriteBytes() <= WRITE_HIGH_WATER) {
            return next();
        }
        whenWritten(pending, this::next);
        return null;
    }

    @Override
    protected Step farewell(EndReason why) {
        replies.send(switch (why) {
            case IDLE -> ConnectionReplies.idle(hostname);
            case KICKED -> ConnectionReplies.kicked(hostname);
            default -> ConnectionReplies.shuttingDown(hostname);
        });
        io().closeOnFlush();
        return next();
    }

    @Override
    protected void closeWhenAnswered() {
        io().closeOnFlush();
    }

    @Override
    protected void endedByDefect() {
        session.requestClose(EndReason.ERROR);
    }

    /**
     * The pool refused this session's work: {@code 421}, which may answer anything (RFC 5321
     * section 3.8), also in the middle of a message, and close once it is written. Replies are
     * whole lines, so none is ever cut by this one. May run on a network thread: one write, no disk.
     */
    @Override
    protected void endBusy() {
        io().write(ConnectionReplies.busy(hostname)).addListener(written -> io().closeNow());
    }

    /** Discards an unfinished message. */
    @Override
    protected void release() {
        session.end();
    }

    @Override
    protected void summarize(EndReason ending) {
        // A session that asked to close knows why better than the connection does.
        LOG.info("session end {} end={}", session.summary(), session.closeRequest().orElse(ending).logName());
    }

    /** Replies go to the connection; the last write is remembered for back-pressure. */
    private final class ConnectionReplySink implements ReplySink {
        @Override
        public void send(LmtpReply reply) {
            lastWrite = io().write(reply);
        }

        @Override
        public boolean connected() {
            return io().isConnected() && !io().isClosing();
        }
    }
}
