package org.postbox.lmtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.apache.mina.core.filterchain.DefaultIoFilterChainBuilder;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.postbox.lmtp.codec.LmtpCodecFactory;
import org.postbox.lmtp.codec.LmtpEncoder;
import org.postbox.lmtp.codec.LmtpInput;
import org.postbox.lmtp.session.ConnectionReplies;
import org.postbox.lmtp.session.RecipientPolicy;
import org.postbox.lmtp.session.SessionEngine;
import org.postbox.lmtp.session.StoreRecipientPolicy;
import org.postbox.mailstore.MailStore;
import org.postbox.session.ConnectionLimitFilter;
import org.postbox.session.ConnectionMeter;
import org.postbox.session.LogContext;
import org.postbox.session.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One LMTP listener (RFC 2033): a MINA acceptor with its filter chain (assembled here and nowhere
 * else) and the delivery engine. Blocking work (recipient lookups, spooling, deliveries) runs on
 * {@code workers}, a pool the caller owns and shuts down after {@link #shutdown(Duration)}; each
 * connection's work runs in order.
 *
 * <pre>
 * LmtpAcceptor lmtp = new LmtpAcceptor(LmtpSettings.defaults("mail.example.com", spool), store, workers);
 * InetSocketAddress bound = lmtp.bind(new InetSocketAddress("127.0.0.1", 24));
 * ...
 * lmtp.shutdown(Duration.ofSeconds(10));
 * </pre>
 */
public final class LmtpAcceptor {

    private static final Logger LOG = LoggerFactory.getLogger(LmtpAcceptor.class);

    private final SessionListener listener;

    /**
     * @throws IllegalArgumentException if the spool directory cannot be created
     */
    public LmtpAcceptor(LmtpSettings settings, MailStore store, Executor workers) {
        this(settings, store, workers, LmtpObserver.NONE);
    }

    /**
     * As above, reporting connections and deliveries to {@code observer} (metrics).
     *
     * @throws IllegalArgumentException if the spool directory cannot be created
     */
    public LmtpAcceptor(LmtpSettings settings, MailStore store, Executor workers, LmtpObserver observer) {
        this(settings, store, new StoreRecipientPolicy(Objects.requireNonNull(store, "store")), workers, observer);
    }

    /** With other recipient checks than the store's; for tests of the policy seam. */
    LmtpAcceptor(LmtpSettings settings, MailStore store, RecipientPolicy policy, Executor workers) {
        this(settings, store, policy, workers, LmtpObserver.NONE);
    }

    private LmtpAcceptor(LmtpSettings settings, MailStore store, RecipientPolicy policy, Executor workers,
            LmtpObserver observer) {
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(workers, "workers");
        try {
            Files.createDirectories(settings.spoolDirectory());
        } catch (IOException e) {
            throw new IllegalArgumentException("LMTP listener settings: cannot create the spool directory "
                    + settings.spoolDirectory() + ": " + e.getMessage(), e);
        }
        SessionEngine engine = new SessionEngine(settings, store, policy, observer);

        // One I/O thread is plenty: LMTP peers are a few MTA connections, and the thread only frames bytes.
        listener = new SessionListener("lmtp", 1, LmtpInput.class, settings.idleTimeout(),
                (io, sessionId) -> SessionDriver.open(io, sessionId, settings, engine, workers));
        DefaultIoFilterChainBuilder chain = listener.filterChain();
        // Watch only: the outer one sees every connection, the inner one those the limit let through.
        ConnectionMeter meter = new ConnectionMeter(observer);
        chain.addLast("connection-meter", meter.outer());
        // RFC 5321 section 3.1 allows 421 instead of the greeting.
        chain.addLast("connection-limit", new ConnectionLimitFilter(settings.maxConnections(),
                LmtpEncoder.bytes(ConnectionReplies.tooManyConnections(settings.hostname()))));
        chain.addLast("codec", new ProtocolCodecFilter(new LmtpCodecFactory(settings.maxLineLength(), settings.maxMessageSize())));
        chain.addLast("session-meter", meter.inner());
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
}
