package org.postbox.pop3.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.apache.mina.core.filterchain.DefaultIoFilterChainBuilder;
import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.postbox.mailstore.MailStore;
import org.postbox.pop3.protocol.Pop3CodecFactory;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.Pop3Request;
import org.postbox.pop3.protocol.ResponseCode;
import org.postbox.pop3.server.command.CommandDispatcher;
import org.postbox.pop3.server.command.CommandTable;
import org.postbox.pop3.server.tls.ListenerTls;
import org.postbox.session.ConnectionLimitFilter;
import org.postbox.session.LogContext;
import org.postbox.session.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POP3 listener: a MINA acceptor with its filter chain (assembled here and nowhere else)
 * and the session engine. Blocking store work runs on {@code workers}, a pool the caller owns
 * and shuts down after {@link #shutdown(Duration)}.
 *
 * <pre>
 * Pop3Acceptor pop3 = new Pop3Acceptor(settings, store, authenticator, workers);
 * InetSocketAddress bound = pop3.bind(new InetSocketAddress("127.0.0.1", 0));
 * ...
 * pop3.shutdown(Duration.ofSeconds(10));
 * </pre>
 */
public final class Pop3Acceptor {

    static final Pop3Reply TOO_MANY_CONNECTIONS = new Pop3Reply.Err(ResponseCode.SYS_TEMP,
            "too many connections, try again later");

    private static final Logger LOG = LoggerFactory.getLogger(Pop3Acceptor.class);

    private final Pop3Settings settings;
    private final ListenerTls tls;
    private final SessionListener listener;

    public Pop3Acceptor(Pop3Settings settings, MailStore store, Authenticator authenticator, Executor workers) {
        this(settings, store, authenticator, workers, ListenerTls.none());
    }

    /** A listener that speaks TLS as {@code tls} says: not at all, after STLS, or from the start. */
    public Pop3Acceptor(Pop3Settings settings, MailStore store, Authenticator authenticator, Executor workers,
            ListenerTls tls) {
        this(settings, store, authenticator, workers, tls, AccessPolicy.defaults());
    }

    /**
     * A listener with TLS as {@code tls} says, whose clients connect and log in as {@code access}
     * allows (SASL mechanisms, per-client limits, the PROXY protocol).
     */
    public Pop3Acceptor(Pop3Settings settings, MailStore store, Authenticator authenticator, Executor workers,
            ListenerTls tls, AccessPolicy access) {
        this(settings, store, authenticator, workers, tls, access, Pop3Observer.NONE);
    }

    /** As above, reporting connections, sessions, commands and traffic to {@code observer} (metrics). */
    public Pop3Acceptor(Pop3Settings settings, MailStore store, Authenticator authenticator, Executor workers,
            ListenerTls tls, AccessPolicy access, Pop3Observer observer) {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(observer, "observer");
        this.settings = validated(settings);
        this.tls = Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(workers, "workers");
        CommandDispatcher dispatcher = new CommandDispatcher(CommandTable.standard(store, authenticator), observer);

        // As many I/O threads as MINA's default pool has; they only frame bytes and run TLS.
        listener = new SessionListener(settings.listenerName(), Runtime.getRuntime().availableProcessors() + 1,
                Pop3Request.class, settings.loginTimeout(),
                (io, sessionId) -> SessionDriver.open(io, sessionId, settings, access, dispatcher, workers, tls))
                .backlog(settings.listenBacklog())
                // A deadline from connect, not an idle timer: a byte now and then must not keep a
                // connection that never logs in (RFC 1939 leaves this to the server).
                .requireLoginWithin(settings.loginTimeout())
                .forceReleaseAfter(SessionListener.DEFAULT_RELEASE_GRACE, observer::sessionForceReleased);
        DefaultIoFilterChainBuilder chain = listener.filterChain();
        // Watches only; first so that it sees every connection, even one refused below.
        SessionMeter meter = new SessionMeter(observer);
        chain.addLast("connection-meter", meter.outer());
        // The PROXY header precedes everything, TLS included, and names the client the rest go by.
        if (access.proxyProtocol().enabled()) {
            chain.addLast("proxy-protocol", new ProxyProtocolFilter(access.proxyProtocol()));
        }
        // TLS first, nearest the socket: implicit TLS decrypts everything; for STLS, the gate that
        // lets the +OK out in the clear sits where the TLS filter will be added, ahead of the rest.
        IoFilter tlsFilter = tls.acceptorFilter();
        if (tlsFilter != null) {
            chain.addLast(tls.filterName(), tlsFilter);
        }
        chain.addLast("connection-limit", new ConnectionLimitFilter(settings.maxConnections(),
                RefusalLine.of(TOO_MANY_CONNECTIONS), listener::makeRoomForNewConnection));
        chain.addLast("client-limit", new ClientLimitFilter(access.limits()));
        chain.addLast("codec", new ProtocolCodecFilter(new Pop3CodecFactory(settings.maxLineLength(),
                access.maxSaslLineLength())));
        // Last: sees the connections that became sessions, and replies before any TLS.
        chain.addLast("session-meter", meter.inner());
    }

    /**
     * Starts listening on {@code address} (port 0 picks a free port).
     *
     * @return the address actually bound
     */
    public InetSocketAddress bind(InetSocketAddress address) throws IOException {
        InetSocketAddress bound = listener.bind(address);
        LOG.info("listener {} accepting POP3 connections on {}, TLS: {}", settings.listenerName(),
                LogContext.describe(bound), tls.mode().label());
        return bound;
    }

    /** Sessions that are open (greeted and not yet cleaned up). */
    public int openSessions() {
        return listener.openSessions();
    }

    /** Octets queued for the network across all connections: what back-pressure keeps bounded. */
    long scheduledWriteBytes() {
        return listener.scheduledWriteBytes();
    }

    /**
     * Stops accepting connections and ends every session without UPDATE: a session between
     * commands is told {@code -ERR [SYS/TEMP] server shutting down}; one that is busy is told so
     * after its current reply. Sessions still open after three quarters of {@code grace} are
     * closed at once. Each ended session closes its maildrop, which releases its lock. Returns
     * when all sessions have ended, or when {@code grace} has passed.
     */
    public void shutdown(Duration grace) {
        listener.shutdown(grace);
    }

    private static Pop3Settings validated(Pop3Settings settings) {
        Objects.requireNonNull(settings, "settings");
        require(settings.listenerName() != null && !settings.listenerName().isBlank(), "listenerName must not be empty");
        require(settings.defaultDomain() != null, "defaultDomain must not be null (use Optional.empty())");
        require(settings.plaintextAllowed() != null, "plaintextAllowed must not be null");
        require(positive(settings.loginTimeout()), "loginTimeout must be positive");
        require(positive(settings.idleTimeout()), "idleTimeout must be positive");
        require(settings.maxBadCommands() >= 0, "maxBadCommands must be 0 or more, got " + settings.maxBadCommands());
        // The longest valid command, "APOP <name> <32 hex digits>" with a short name, needs about 50.
        require(settings.maxLineLength() >= 64, "maxLineLength must be at least 64, got " + settings.maxLineLength());
        require(settings.maxConnections() >= 1, "maxConnections must be at least 1, got " + settings.maxConnections());
        require(settings.implementation() != null, "implementation must not be null");
        require(settings.listenBacklog() >= 1, "listenBacklog must be at least 1, got " + settings.listenBacklog());
        return settings;
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("POP3 listener settings: " + problem);
        }
    }
}
