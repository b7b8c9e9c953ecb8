package org.postbox.pop3.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.mina.core.filterchain.IoFilter;
import org.postbox.mailstore.HistoryRetention;
import org.postbox.mailstore.MailStore;
import org.postbox.pop3.protocol.Pop3CodecFactory;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.Pop3Request;
import org.postbox.pop3.protocol.ResponseCode;
import org.postbox.pop3.server.command.Pop3CommandTable;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.pop3.server.session.SessionState;
import org.postbox.pop3.server.tls.ListenerTls;
import org.postbox.session.LogContext;
import org.postbox.session.SessionListener;
import org.postbox.session.SessionView;
import org.postbox.session.WorkerPool;
import org.postbox.session.command.Dispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POP3 listener: the session engine on a {@link SessionListener}, to which POP3 contributes
 * its codec, its sessions, its refusal line and its filters (the PROXY header, TLS, per-client
 * limits). Blocking store work runs on {@code workers}, a pool the caller owns and closes after
 * {@link #shutdown(Duration)}; when it is full, a session that needs it is told
 * {@code -ERR [SYS/TEMP] server busy, try again later} and closed.
 *
 * <pre>
 * Pop3Acceptor pop3 = Pop3Acceptor.builder(settings, store, authenticator, workers)
 *         .tls(listenerTls)
 *         .build();
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

    private Pop3Acceptor(Builder parts) {
        this.settings = parts.settings;
        this.tls = parts.tls;
        AccessPolicy access = parts.access;
        Dispatcher<Pop3Request, Pop3Request, SessionState, Pop3Session, Pop3Reply> dispatcher =
                Pop3CommandTable.dispatcher(parts.store, parts.authenticator, parts.observer, parts.history,
                        parts.clock);
        SessionListener.Builder<Pop3Request> listener = SessionListener.builder(settings.listenerName(), Pop3Request.class)
                // As many I/O threads as MINA's default pool has; they only frame bytes and run TLS.
                .ioThreads(Runtime.getRuntime().availableProcessors() + 1)
                .idleTimeAtStart(settings.loginTimeout())
                .backlog(settings.listenBacklog())
                // A deadline from connect, not an idle timer: a byte now and then must not keep a
                // connection that never logs in (RFC 1939 leaves this to the server).
                .requireLoginWithin(settings.loginTimeout())
                .connectionLimit(settings.maxConnections(), RefusalLine.of(TOO_MANY_CONNECTIONS))
                .workers(parts.workers)
                .observer(parts.observer)
                .filterAfterLimit("client-limit", new ClientLimitFilter(access.limits()))
                .codec(new Pop3CodecFactory(settings.maxLineLength(), access.maxSaslLineLength()))
                .opener((io, sessionId, workers) -> SessionDriver.open(io, sessionId, settings, access, dispatcher,
                        workers, tls));
        // The PROXY header precedes everything, TLS included, and names the client the rest go by.
        if (access.proxyProtocol().enabled()) {
            listener.filterBeforeTls("proxy-protocol", new ProxyProtocolFilter(access.proxyProtocol()));
        }
        // Implicit TLS decrypts everything; for STLS, the gate that lets the +OK out in the clear
        // sits where the TLS filter will be added.
        IoFilter tlsFilter = tls.acceptorFilter();
        if (tlsFilter != null) {
            listener.tls(tls.filterName(), tlsFilter);
        }
        this.listener = listener.build();
    }

    /**
     * A listener for {@code settings} over {@code store}, whose logins {@code authenticator} checks
     * and whose blocking work runs on {@code workers}; without TLS, with the default access policy
     * and reporting nothing, unless the builder is told otherwise.
     */
    public static Builder builder(Pop3Settings settings, MailStore store, Authenticator authenticator,
            WorkerPool workers) {
        return new Builder(validated(settings), store, authenticator, workers);
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

    /** The sessions open at this moment, oldest first, with who logged in on each. */
    public List<SessionView> sessions() {
        return listener.sessions();
    }

    /**
     * Ends the open session of id {@code sessionId} without UPDATE: it is told
     * {@code -ERR [SYS/TEMP] disconnected by the administrator} between commands (or cut off in
     * the middle of a reply its client does not read), nothing is deleted, and its maildrop lock
     * is released. Does not wait for the end; never blocks.
     *
     * @return false when there is no such open session, or it is ending already
     */
    public boolean kick(String sessionId) {
        return listener.kick(sessionId);
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

    /** The parts of a POP3 listener that have defaults. */
    public static final class Builder {

        private final Pop3Settings settings;
        private final MailStore store;
        private final Authenticator authenticator;
        private final WorkerPool workers;
        private ListenerTls tls = ListenerTls.none();
        private AccessPolicy access = AccessPolicy.defaults();
        private Pop3Observer observer = Pop3Observer.NONE;
        private HistoryRetention history = HistoryRetention.DEFAULTS;
        private Clock clock = Clock.systemUTC();

        private Builder(Pop3Settings settings, MailStore store, Authenticator authenticator, WorkerPool workers) {
            this.settings = settings;
            this.store = Objects.requireNonNull(store, "store");
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            this.workers = Objects.requireNonNull(workers, "workers");
        }

        /** TLS as {@code tls} says: not at all (the default), after STLS, or from the start. */
        public Builder tls(ListenerTls tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /** How clients connect and log in: SASL mechanisms, per-client limits, the PROXY protocol. */
        public Builder access(AccessPolicy access) {
            this.access = Objects.requireNonNull(access, "access");
            return this;
        }

        /** Where connections, sessions, commands and traffic are reported (metrics). */
        public Builder observer(Pop3Observer observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * How long and how much of each mailbox's history its logins and deletions are kept
         * ({@link HistoryRetention#DEFAULTS} unless told), and the clock that times them.
         */
        public Builder history(HistoryRetention retention, Clock clock) {
            this.history = Objects.requireNonNull(retention, "retention");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The listener, not yet bound. */
        public Pop3Acceptor build() {
            return new Pop3Acceptor(this);
        }
    }
}
