package org.postbox.pop3.server;

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
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.mina.core.filterchain.DefaultIoFilterChainBuilder;
import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.postbox.mailstore.MailStore;
import org.postbox.pop3.protocol.Pop3CodecFactory;
import org.postbox.pop3.server.command.CommandDispatcher;
import org.postbox.pop3.server.command.CommandTable;
import org.postbox.pop3.server.session.LogContext;
import org.postbox.pop3.server.tls.ListenerTls;
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

    private static final Logger LOG = LoggerFactory.getLogger(Pop3Acceptor.class);

    private final Pop3Settings settings;
    private final ListenerTls tls;
    private final NioSocketAcceptor acceptor;
    private final SessionRegistry registry = new SessionRegistry();
    private boolean shutdown;

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

        acceptor = new NioSocketAcceptor();
        acceptor.setReuseAddress(true);
        // Sessions are ended by shutdown() with a goodbye, not cut off when the port closes.
        acceptor.setCloseOnDeactivation(false);
        DefaultIoFilterChainBuilder chain = acceptor.getFilterChain();
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
        chain.addLast("connection-limit", new ConnectionLimitFilter(settings.maxConnections()));
        chain.addLast("client-limit", new ClientLimitFilter(access.limits()));
        chain.addLast("codec", new ProtocolCodecFilter(new Pop3CodecFactory(settings.maxLineLength(),
                access.maxSaslLineLength())));
        // Last: sees the connections that became sessions, and replies before any TLS.
        chain.addLast("session-meter", meter.inner());
        acceptor.setHandler(new Pop3IoHandler(settings, dispatcher, workers, registry, tls, access));
    }

    /**
     * Starts listening on {@code address} (port 0 picks a free port).
     *
     * @return the address actually bound
     */
    public synchronized InetSocketAddress bind(InetSocketAddress address) throws IOException {
        Objects.requireNonNull(address, "address");
        if (shutdown) {
            throw new IllegalStateException("listener " + settings.listenerName() + " has been shut down");
        }
        Set<SocketAddress> before = new HashSet<>(acceptor.getLocalAddresses());
        acceptor.bind(address);
        for (SocketAddress bound : acceptor.getLocalAddresses()) {
            if (!before.contains(bound)) {
                InetSocketAddress actual = (InetSocketAddress) bound;
                LOG.info("listener {} accepting POP3 connections on {}, TLS: {}", settings.listenerName(),
                        LogContext.describe(actual), tls.mode().configName());
                return actual;
            }
        }
        throw new IOException("bound " + address + " but the acceptor does not report the new address");
    }

    /** Sessions that are open (greeted and not yet cleaned up). */
    public int openSessions() {
        return registry.size();
    }

    /** Octets queued for the network across all connections: what back-pressure keeps bounded. */
    long scheduledWriteBytes() {
        long total = 0;
        for (IoSession session : acceptor.getManagedSessions().values()) {
            total += session.getScheduledWriteBytes();
        }
        return total;
    }

    /**
     * Stops accepting connections and ends every session without UPDATE: a session between
     * commands is told {@code -ERR [SYS/TEMP] server shutting down}; one that is busy is told so
     * after its current reply. Sessions still open after three quarters of {@code grace} are
     * closed at once. Each ended session closes its maildrop, which releases its lock. Returns
     * when all sessions have ended, or when {@code grace} has passed.
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
        List<SessionDriver> open = registry.beginShutdown();
        LOG.info("listener {} shutting down, {} sessions open", settings.listenerName(), open.size());
        open.forEach(SessionDriver::onShutdown);

        long graceNanos = Math.max(0, grace.toNanos());
        List<SessionDriver> lingering = awaitEnd(open, start + graceNanos / 4 * 3);
        if (!lingering.isEmpty()) {
            LOG.warn("listener {}: {} sessions still busy, closing them", settings.listenerName(), lingering.size());
            lingering.forEach(SessionDriver::forceClose);
            lingering = awaitEnd(lingering, start + graceNanos);
        }
        if (lingering.isEmpty()) {
            acceptor.dispose(true);
        } else {
            LOG.warn("listener {}: {} sessions did not end within {}", settings.listenerName(), lingering.size(), grace);
            acceptor.dispose(false);
        }
    }

    private static List<SessionDriver> awaitEnd(List<SessionDriver> drivers, long deadlineNanos) {
        List<SessionDriver> lingering = new ArrayList<>();
        for (SessionDriver driver : drivers) {
            long remaining = deadlineNanos - System.nanoTime();
            try {
                driver.finished().toCompletableFuture().get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
            } catch (TimeoutException notYet) {
                lingering.add(driver);
            } catch (ExecutionException impossible) {
                // finished() is only ever completed normally.
                lingering.add(driver);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                lingering.add(driver);
            }
        }
        return lingering;
    }

    /** MINA counts idle time in whole seconds; round up so that a timeout is never shortened. */
    static int seconds(Duration duration) {
        long millis = duration.toMillis();
        long seconds = (millis + 999) / 1000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
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
