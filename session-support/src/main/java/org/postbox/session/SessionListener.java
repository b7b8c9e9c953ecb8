package org.postbox.session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.mina.core.filterchain.DefaultIoFilterChainBuilder;
import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MINA acceptor whose connections become {@link SerialSession}s, with I/O threads of its own,
 * its filter chain (assembled by its {@link Builder} and nowhere else), a watchdog, and the
 * shutdown every listener needs. A protocol contributes its codec, what opens its sessions and
 * the line that refuses a connection over the limit; the rest is the same for every listener.
 *
 * <pre>
 * SessionListener listener = SessionListener.builder("lmtp", LmtpInput.class)
 *         .workers(workers)
 *         .idleTimeAtStart(idleTimeout)
 *         .connectionLimit(100, refusalLine)
 *         .codec(codecs)
 *         .opener(opener)
 *         .build();
 * InetSocketAddress bound = listener.bind(new InetSocketAddress("127.0.0.1", 0));
 * ...
 * listener.shutdown(Duration.ofSeconds(10));
 * </pre>
 */
public final class SessionListener {

    private static final Logger LOG = LoggerFactory.getLogger(SessionListener.class);

    /** Linux caps it at net.core.somaxconn, 4096 by default since 5.4; MINA's own default of 50 is too few for a burst. */
    public static final int DEFAULT_BACKLOG = 4096;
    /** How long a closed session may take to clean up before the watchdog forces it. */
    public static final Duration DEFAULT_RELEASE_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final NioProcessorGroup ioThreads;
    private final NioSocketAcceptor acceptor;
    private final SessionRegistry registry = new SessionRegistry();
    private final Duration loginDeadline;
    private final SessionWatchdog watchdog;
    private boolean bound;
    private boolean shutdown;

    private <I> SessionListener(Builder<I> settings) {
        this.name = settings.name;
        this.loginDeadline = settings.loginDeadline;
        SessionIoHandler<I> handler = new SessionIoHandler<>(name, settings.inputType, settings.idleTimeAtStart,
                settings.opener, settings.workers, registry, settings.observer, loginDeadline != null);
        this.watchdog = new SessionWatchdog(name, registry, loginDeadline, settings.releaseGrace,
                settings.observer::sessionForceReleased);
        this.ioThreads = new NioProcessorGroup(settings.ioThreads);
        acceptor = new NioSocketAcceptor(this.ioThreads);
        acceptor.setReuseAddress(true);
        acceptor.setBacklog(settings.backlog);
        // Sessions are ended by shutdown() with a goodbye, not cut off when the port closes.
        acceptor.setCloseOnDeactivation(false);
        // Pipelined replies are small and written one by one: without this, Nagle's algorithm
        // and the client's delayed ACK hold each batch back for tens of milliseconds.
        acceptor.getSessionConfig().setTcpNoDelay(true);
        acceptor.setHandler(handler);
        assemble(acceptor.getFilterChain(), settings);
    }

    /**
     * The one order of every listener's chain, from the socket inwards: the outer meter sees every
     * connection; filters that must see the raw connection (a PROXY header) come before TLS; TLS
     * decrypts everything after it (for STLS, its gate sits where the TLS filter will go); the
     * connection limit refuses before any protocol work, and per-client limits after it; then the
     * codec, and last the inner meter, which sees the connections that became sessions.
     */
    private void assemble(DefaultIoFilterChainBuilder chain, Builder<?> settings) {
        ConnectionMeter meter = new ConnectionMeter(settings.observer);
        chain.addLast("connection-meter", meter.outer());
        settings.beforeTls.forEach(chain::addLast);
        if (settings.tlsFilter != null) {
            chain.addLast(settings.tlsName, settings.tlsFilter);
        }
        chain.addLast("connection-limit", new ConnectionLimitFilter(settings.maxConnections, settings.refusal,
                this::makeRoomForNewConnection));
        settings.afterLimit.forEach(chain::addLast);
        chain.addLast("codec", new ProtocolCodecFilter(settings.codec));
        chain.addLast("session-meter", meter.inner());
    }

    /** A listener named {@code name} (in log lines and thread names) whose decoder yields {@code inputType}. */
    public static <I> Builder<I> builder(String name, Class<I> inputType) {
        return new Builder<>(name, inputType);
    }

    /**
     * For a full listener: ends the oldest session that has not logged in, so that a new
     * connection can be taken instead of refused (see {@link ConnectionLimitFilter}).
     *
     * @return false when there is no such session (every one has logged in, or no deadline applies)
     */
    private boolean makeRoomForNewConnection() {
        return loginDeadline != null && registry.evictOldestAwaitingLogin();
    }

    /**
     * Starts listening on {@code address} (port 0 picks a free port).
     *
     * @return the address actually bound
     */
    public synchronized InetSocketAddress bind(InetSocketAddress address) throws IOException {
        Objects.requireNonNull(address, "address");
        if (shutdown) {
            throw new IllegalStateException("listener " + name + " has been shut down");
        }
        if (!bound) {
            bound = true;
            watchdog.start();
        }
        Set<SocketAddress> before = new HashSet<>(acceptor.getLocalAddresses());
        acceptor.bind(address);
        for (SocketAddress bound : acceptor.getLocalAddresses()) {
            if (!before.contains(bound)) {
                return (InetSocketAddress) bound;
            }
        }
        throw new IOException("bound " + address + " but the acceptor does not report the new address");
    }

    /** Sessions that are open (greeted and not yet cleaned up). */
    public int openSessions() {
        return registry.size();
    }

    /** The sessions open at this moment, oldest first: for an administrator (who is connected). */
    public List<SessionView> sessions() {
        return registry.snapshot().stream().map(session -> session.view(name)).toList();
    }

    /**
     * Ends the open session of id {@code sessionId} ({@link EndReason#KICKED}): it gets the
     * protocol's farewell and ends without the protocol's end-of-session work, releasing what it
     * holds. Does not wait for the end; never blocks.
     *
     * @return false when no open session has that id, or it is ending already
     */
    public boolean kick(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        return registry.kick(sessionId);
    }

    /** Octets queued for the network across all connections: what back-pressure keeps bounded. */
    public long scheduledWriteBytes() {
        long total = 0;
        for (IoSession session : acceptor.getManagedSessions().values()) {
            total += session.getScheduledWriteBytes();
        }
        return total;
    }

    /**
     * Stops accepting connections and ends every session: one waiting for its client gets the
     * protocol's farewell at once, one that is busy gets it when its current input is handled.
     * Sessions still open after three quarters of {@code grace} are closed at once. Returns when
     * all sessions have ended, or when {@code grace} has passed. Idempotent.
     */
    public void shutdown(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        synchronized (this) {
            if (shutdown) {
                return;
            }
            shutdown = true;
        }
        long start = System.nanoTime();
        acceptor.unbind();
        List<SerialSession<?>> open = registry.beginShutdown();
        LOG.info("listener {} shutting down, {} sessions open", name, open.size());
        open.forEach(session -> session.logContext().run(session::onShutdown));

        long graceNanos = Math.max(0, grace.toNanos());
        List<SerialSession<?>> lingering = awaitEnd(open, start + graceNanos / 4 * 3);
        if (!lingering.isEmpty()) {
            LOG.warn("listener {}: {} sessions still busy, closing them", name, lingering.size());
            lingering.forEach(SerialSession::forceClose);
            lingering = awaitEnd(lingering, start + graceNanos);
        }
        if (lingering.isEmpty()) {
            acceptor.dispose(true);
        } else {
            LOG.warn("listener {}: {} sessions did not end within {}", name, lingering.size(), grace);
            acceptor.dispose(false);
        }
        // The acceptor leaves I/O threads it was given alone.
        ioThreads.dispose();
        watchdog.stop();
    }

    private static List<SerialSession<?>> awaitEnd(List<SerialSession<?>> sessions, long deadlineNanos) {
        List<SerialSession<?>> lingering = new ArrayList<>();
        for (SerialSession<?> session : sessions) {
            long remaining = deadlineNanos - System.nanoTime();
            try {
                session.finished().toCompletableFuture().get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
            } catch (TimeoutException notYet) {
                lingering.add(session);
            } catch (ExecutionException impossible) {
                // finished() is only ever completed normally.
                lingering.add(session);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                lingering.add(session);
            }
        }
        return lingering;
    }

    /**
     * What a listener is made of. Required: {@link #workers}, {@link #idleTimeAtStart},
     * {@link #connectionLimit}, {@link #codec} and {@link #opener}; everything else has a default.
     *
     * @param <I> what the protocol's decoder yields
     */
    public static final class Builder<I> {

        private final String name;
        private final Class<I> inputType;
        private int ioThreads = 1;
        private Duration idleTimeAtStart;
        private int backlog = DEFAULT_BACKLOG;
        private Duration loginDeadline;
        private Duration releaseGrace = DEFAULT_RELEASE_GRACE;
        private int maxConnections;
        private byte[] refusal;
        private ListenerObserver observer = ListenerObserver.NONE;
        private final Map<String, IoFilter> beforeTls = new LinkedHashMap<>();
        private String tlsName;
        private IoFilter tlsFilter;
        private final Map<String, IoFilter> afterLimit = new LinkedHashMap<>();
        private ProtocolCodecFactory codec;
        private SessionOpener<I> opener;
        private WorkerPool workers;

        private Builder(String name, Class<I> inputType) {
            this.name = Objects.requireNonNull(name, "name");
            this.inputType = Objects.requireNonNull(inputType, "inputType");
        }

        /** How many threads read and write the connections; each runs one selector. Default 1. */
        public Builder<I> ioThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("a listener needs at least one I/O thread, got " + threads);
            }
            this.ioThreads = threads;
            return this;
        }

        /** A new connection's idle timeout, until its session sets another. */
        public Builder<I> idleTimeAtStart(Duration timeout) {
            this.idleTimeAtStart = positive(timeout, "idle time at start");
            return this;
        }

        /** Connections the kernel completes and holds until they are accepted. Default {@value #DEFAULT_BACKLOG}. */
        public Builder<I> backlog(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("the backlog must be at least 1, got " + connections);
            }
            this.backlog = connections;
            return this;
        }

        /**
         * Clients must log in within {@code deadline} of connecting (the session reports it with
         * {@link SerialSession#loggedIn()}); a session that has not is ended with the protocol's
         * farewell for {@link EndReason#LOGIN_TIMEOUT}, however busy the client keeps it. Such
         * sessions are also the ones a full listener closes, oldest first, to take a new connection.
         */
        public Builder<I> requireLoginWithin(Duration deadline) {
            this.loginDeadline = positive(deadline, "login deadline");
            return this;
        }

        /**
         * A session whose connection has been closed for {@code grace} without its clean-up having
         * run is force-released by the watchdog, logged at ERROR and reported to the observer.
         * Default {@link #DEFAULT_RELEASE_GRACE}.
         */
        public Builder<I> forceReleaseAfter(Duration grace) {
            this.releaseGrace = positive(grace, "release grace");
            return this;
        }

        /**
         * At most {@code connections} open at once; a connection over it gets {@code refusal}, an
         * encoded reply line with its CRLF, instead of a greeting and is closed (see
         * {@link ConnectionLimitFilter}).
         */
        public Builder<I> connectionLimit(int connections, byte[] refusal) {
            if (connections < 1) {
                throw new IllegalArgumentException("the connection limit must be at least 1, got " + connections);
            }
            this.maxConnections = connections;
            this.refusal = Arrays.copyOf(refusal, refusal.length);
            return this;
        }

        /** Where connections, sessions, octets and forced releases are reported. Default: nowhere. */
        public Builder<I> observer(ListenerObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** A filter that sees the connection as it comes from the socket, before TLS (a PROXY header). */
        public Builder<I> filterBeforeTls(String filterName, IoFilter filter) {
            beforeTls.put(Objects.requireNonNull(filterName, "filterName"), Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /**
         * The TLS filter, or the gate that holds its place for STLS, ahead of the limits, the codec
         * and the protocol, so that all they see is clear text.
         */
        public Builder<I> tls(String filterName, IoFilter filter) {
            this.tlsName = Objects.requireNonNull(filterName, "filterName");
            this.tlsFilter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /** A filter after the connection limit and before the codec (per-client limits). */
        public Builder<I> filterAfterLimit(String filterName, IoFilter filter) {
            afterLimit.put(Objects.requireNonNull(filterName, "filterName"), Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /** The protocol's codec: octets to inputs of type {@code I}, replies to octets. */
        public Builder<I> codec(ProtocolCodecFactory codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** Creates the session of each new connection. */
        public Builder<I> opener(SessionOpener<I> opener) {
            this.opener = Objects.requireNonNull(opener, "opener");
            return this;
        }

        /**
         * The pool the sessions' blocking work runs on; the caller owns it and closes it after
         * {@link SessionListener#shutdown}. Several listeners of one protocol may share one.
         */
        public Builder<I> workers(WorkerPool workers) {
            this.workers = Objects.requireNonNull(workers, "workers");
            return this;
        }

        /** The listener, not yet bound. */
        public SessionListener build() {
            require(idleTimeAtStart != null, "idleTimeAtStart");
            require(workers != null, "workers");
            require(refusal != null, "connectionLimit");
            require(codec != null, "codec");
            require(opener != null, "opener");
            return new SessionListener(this);
        }

        private void require(boolean given, String what) {
            if (!given) {
                throw new IllegalStateException("listener " + name + ": " + what + " is required");
            }
        }

        private static Duration positive(Duration duration, String what) {
            Objects.requireNonNull(duration, what);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("the " + what + " must be positive, got " + duration);
            }
            return duration;
        }
    }
}
