package org.postbox.lmtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.postbox.lmtp.codec.LmtpCodecFactory;
import org.postbox.lmtp.codec.LmtpEncoder;
import org.postbox.lmtp.codec.LmtpInput;
import org.postbox.lmtp.session.ConnectionReplies;
import org.postbox.lmtp.session.SessionEngine;
import org.postbox.lmtp.session.StoreRecipientPolicy;
import org.postbox.mailstore.MailStore;
import org.postbox.session.LogContext;
import org.postbox.session.SessionListener;
import org.postbox.session.SessionView;
import org.postbox.session.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One LMTP listener (RFC 2033): the delivery engine on a {@link SessionListener}, to which LMTP
 * contributes its codec, its sessions and its refusal line. Blocking work (recipient lookups,
 * spooling, deliveries) runs on {@code workers}, a pool the caller owns and closes after
 * {@link #shutdown(Duration)}; each connection's work runs in order. When the pool is full, a
 * session that needs it is told {@code 421 4.3.2} and closed; the MTA retries later.
 *
 * <pre>
 * LmtpAcceptor lmtp = LmtpAcceptor.builder(LmtpSettings.defaults("mail.example.com", spool), store, workers).build();
 * InetSocketAddress bound = lmtp.bind(new InetSocketAddress("127.0.0.1", 24));
 * ...
 * lmtp.shutdown(Duration.ofSeconds(10));
 * </pre>
 */
public final class LmtpAcceptor {

    private static final Logger LOG = LoggerFactory.getLogger(LmtpAcceptor.class);

    private final SessionListener listener;

    private LmtpAcceptor(Builder parts) {
        LmtpSettings settings = parts.settings;
        try {
            Files.createDirectories(settings.spoolDirectory());
        } catch (IOException e) {
            throw new IllegalArgumentException("LMTP listener settings: cannot create the spool directory "
                    + settings.spoolDirectory() + ": " + e.getMessage(), e);
        }
        SessionEngine engine = new SessionEngine(settings, parts.store, new StoreRecipientPolicy(parts.store),
                parts.observer);
        listener = SessionListener.builder("lmtp", LmtpInput.class)
                // One I/O thread is plenty: LMTP peers are a few MTA connections, and the thread only frames bytes.
                .ioThreads(1)
                .idleTimeAtStart(settings.idleTimeout())
                // RFC 5321 section 3.1 allows 421 instead of the greeting.
                .connectionLimit(settings.maxConnections(),
                        LmtpEncoder.bytes(ConnectionReplies.tooManyConnections(settings.hostname())))
                .workers(parts.workers)
                .observer(parts.observer)
                .codec(new LmtpCodecFactory(settings.maxLineLength(), settings.maxMessageSize()))
                .opener((io, sessionId, workers) -> SessionDriver.open(io, sessionId, settings, engine, workers))
                .build();
    }

    /**
     * A listener for {@code settings} delivering into {@code store}, whose blocking work runs on
     * {@code workers}, reporting nothing unless the builder is told otherwise.
     */
    public static Builder builder(LmtpSettings settings, MailStore store, WorkerPool workers) {
        return new Builder(settings, store, workers);
    }

    /**
     * Starts listening on {@code address} (port 0 picks a free port). LMTP has no authentication:
     * bind to loopback or a trusted network only.
     *
     * @return the address actually bound
     */
    public InetSocketAddress bind(InetSocketAddress address) throws IOException {
        InetSocketAddress bound = listener.bind(address);
        LOG.info("accepting LMTP connections on {}", LogContext.describe(bound));
        return bound;
    }

    /** Sessions that are open (greeted and not yet cleaned up). */
    public int openSessions() {
        return listener.openSessions();
    }

    /**
     * Stops accepting connections and ends every session: one waiting for the client is told
     * {@code 421 4.3.2} at once; one that is busy (delivering a message) is told so when its
     * current work is done, so that no recipient is left without its reply. Sessions still open
     * after three quarters of {@code grace} are closed at once; an unfinished message is
     * discarded (the MTA still has it). Returns when all sessions have ended, or when
     * {@code grace} has passed.
     */
    public void shutdown(Duration grace) {
        listener.shutdown(grace);
    }

    /** The sessions open at this moment, oldest first (LMTP has no logins: no user). */
    public List<SessionView> sessions() {
        return listener.sessions();
    }

    /**
     * Ends the open session of id {@code sessionId} with {@code 421 4.3.2}; a transaction not yet
     * acknowledged is the MTA's to retry. Never blocks.
     *
     * @return false when there is no such open session
     */
    public boolean kick(String sessionId) {
        return listener.kick(sessionId);
    }

    /** The parts of an LMTP listener that have defaults. */
    public static final class Builder {

        private final LmtpSettings settings;
        private final MailStore store;
        private final WorkerPool workers;
        private LmtpObserver observer = LmtpObserver.NONE;

        private Builder(LmtpSettings settings, MailStore store, WorkerPool workers) {
            this.settings = Objects.requireNonNull(settings, "settings");
            this.store = Objects.requireNonNull(store, "store");
            this.workers = Objects.requireNonNull(workers, "workers");
        }

        /** Where connections, sessions and deliveries are reported (metrics). */
        public Builder observer(LmtpObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * The listener, not yet bound.
         *
         * @throws IllegalArgumentException if the spool directory cannot be created
         */
        public LmtpAcceptor build() {
            return new LmtpAcceptor(this);
        }
    }
}
