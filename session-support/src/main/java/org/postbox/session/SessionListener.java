package org.postbox.session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.mina.core.filterchain.DefaultIoFilterChainBuilder;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MINA acceptor whose connections become {@link SerialSession}s, with I/O threads of its own
 * and the shutdown every listener needs. The protocol adds its filters to {@link #filterChain()}
 * before {@link #bind}; the session its opener makes handles the decoded inputs.
 *
 * <pre>
 * SessionListener listener = new SessionListener("lmtp", 1, LmtpInput.class, idleTimeout, opener);
 * listener.filterChain().addLast("codec", new ProtocolCodecFilter(codecs));
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
    private final SessionIoHandler<?> handler;
    private Duration loginDeadline;
    private Duration releaseGrace = DEFAULT_RELEASE_GRACE;
    private Runnable onForcedRelease = () -> { };
    private SessionWatchdog watchdog;
    private boolean shutdown;

    /**
     * @param name            the listener's name in log lines
     * @param ioThreads       how many threads read and write the connections
     * @param inputType       what the protocol's decoder, last in the filter chain, yields
     * @param idleTimeAtStart a new connection's idle timeout, until its session sets another
     */
    public <I> SessionListener(String name, int ioThreads, Class<I> inputType, Duration idleTimeAtStart,
            SessionOpener<I> opener) {
        this.name = Objects.requireNonNull(name, "name");
        SessionIoHandler<I> handler = new SessionIoHandler<>(name, Objects.requireNonNull(inputType, "inputType"),
                Objects.requireNonNull(idleTimeAtStart, "idleTimeAtStart"), Objects.requireNonNull(opener, "opener"),
                registry);
        this.handler = handler;
        this.ioThreads = new NioProcessorGroup(ioThreads);
        acceptor = new NioSocketAcceptor(this.ioThreads);
        acceptor.setReuseAddress(true);
        acceptor.setBacklog(DEFAULT_BACKLOG);
        // Sessions are ended by shutdown() with a goodbye, not cut off when the port closes.
        acceptor.setCloseOnDeactivation(false);
        // Pipelined replies are small and written one by one: without this, Nagle's algorithm
        // and the client's delayed ACK hold each batch back for tens of milliseconds.
        acceptor.getSessionConfig().setTcpNoDelay(true);
        acceptor.setHandler(handler);
    }

    /**
     * Sets the listen backlog: connections the kernel completes and holds until they are accepted.
     * Takes effect at the next {@link #bind}.
     */
    public synchronized SessionListener backlog(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("the backlog must be at least 1, got " + connections);
        }
        acceptor.setBacklog(connections);
        return this;
    }

    /**
     * Clients must log in within {@code deadline} of connecting (the session reports it with
     * {@link SerialSession#loggedIn()}); a session that has not is ended with the protocol's
     * farewell for {@link EndReason#LOGIN_TIMEOUT}, however busy the client keeps it.
     * Such sessions are also the ones {@link #makeRoomForNewConnection()} may close. Call before
     * {@link #bind}.
     */
    public synchronized SessionListener requireLoginWithin(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the login deadline must be positive, got " + deadline);
        }
        requireNotStarted();
        loginDeadline = deadline;
        handler.requireLogin();
        return this;
    }

    /**
     * A session whose connection has been closed for {@code grace} without its clean-up having
     * run is force-released by the watchdog, logged at ERROR and counted by {@code counter}.
     * Call before {@link #bind}.
     */
    public synchronized SessionListener forceReleaseAfter(Duration grace, Runnable counter) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("the release grace must be positive, got " + grace);
        }
        requireNotStarted();
        releaseGrace = grace;
        onForcedRelease = Objects.requireNonNull(counter, "counter");
        return this;
    }

    /**
     * For a full listener: ends the oldest session that has not logged in, so that a new
     * connection can be taken instead of refused (see {@link ConnectionLimitFilter}).
     *
     * @return false when there is no such session (every one has logged in, or no deadline applies)
     */
    public boolean makeRoomForNewConnection() {
        return loginDeadline != null && registry.evictOldestAwaitingLogin();
    }

    private void requireNotStarted() {
        if (watchdog != null) {
            throw new IllegalStateException("listener " + name + " is bound already");
        }
    }

    /** The filters between the socket and the sessions; complete it before {@link #bind}. */
    public DefaultIoFilterChainBuilder filterChain() {
        return acceptor.getFilterChain();
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
        if (watchdog == null) {
            watchdog = new SessionWatchdog(name, registry, loginDeadline, releaseGrace, onForcedRelease);
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
        synchronized (this) {
            if (watchdog != null) {
                watchdog.stop();
            }
        }
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
}
