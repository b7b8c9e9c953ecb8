package org.postbox.lmtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.mina.core.filterchain.DefaultIoFilterChainBuilder;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.postbox.lmtp.codec.LmtpCodecFactory;
import org.postbox.lmtp.session.ConnectionReplies;
import org.postbox.lmtp.session.RecipientPolicy;
import org.postbox.lmtp.session.SessionEngine;
import org.postbox.lmtp.session.StoreRecipientPolicy;
import org.postbox.mailstore.MailStore;
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

    private final LmtpSettings settings;
    private final ExecutorService ioThread;
    private final NioProcessor processor;
    private final NioSocketAcceptor acceptor;
    private final SessionRegistry registry = new SessionRegistry();
    private boolean shutdown;

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
        this.settings = Objects.requireNonNull(settings, "settings");
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

        // One I/O thread of our own, not MINA's default pool: ReadGate must reach the session's
        // processor to have read interest re-applied on that thread (see ReadGate). One is plenty:
        // LMTP peers are a few MTA connections, and the thread only frames bytes.
        ioThread = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "lmtp-io"));
        processor = new NioProcessor(ioThread);
        acceptor = new NioSocketAcceptor(processor);
        acceptor.setReuseAddress(true);
        // Sessions are ended by shutdown() with a 421, not cut off when the port closes.
        acceptor.setCloseOnDeactivation(false);
        // Pipelined replies are small and written one by one: without this, Nagle's algorithm
        // and the client's delayed ACK hold each batch back for tens of milliseconds.
        acceptor.getSessionConfig().setTcpNoDelay(true);
        DefaultIoFilterChainBuilder chain = acceptor.getFilterChain();
        // Watch only: the outer one sees every connection, the inner one those the limit let through.
        ConnectionMeter meter = new ConnectionMeter(observer);
        chain.addLast("connection-meter", meter.outer());
        chain.addLast("connection-limit", new ConnectionLimitFilter(settings.maxConnections(),
                ConnectionReplies.tooManyConnections(settings.hostname())));
        chain.addLast("session-meter", meter.inner());
        chain.addLast("codec", new ProtocolCodecFilter(new LmtpCodecFactory(settings.maxLineLength(), settings.maxMessageSize())));
        acceptor.setHandler(new LmtpIoHandler(settings, engine, workers, registry));
    }

    /**
     * Starts listening on {@code address} (port 0 picks a free port). LMTP has no authentication:
     * bind to loopback or a trusted network only.
     *
     * @return the address actually bound
     */
    public synchronized InetSocketAddress bind(InetSocketAddress address) throws IOException {
        Objects.requireNonNull(address, "address");
        if (shutdown) {
            throw new IllegalStateException("the LMTP listener has been shut down");
        }
        Set<SocketAddress> before = new HashSet<>(acceptor.getLocalAddresses());
        acceptor.bind(address);
        for (SocketAddress bound : acceptor.getLocalAddresses()) {
            if (!before.contains(bound)) {
                InetSocketAddress actual = (InetSocketAddress) bound;
                LOG.info("accepting LMTP connections on {}", LogContext.describe(actual));
                return actual;
            }
        }
        throw new IOException("bound " + address + " but the acceptor does not report the new address");
    }

    /** Sessions that are open (greeted and not yet cleaned up). */
    public int openSessions() {
        return registry.size();
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
        LOG.info("LMTP listener shutting down, {} sessions open", open.size());
        open.forEach(driver -> driver.logContext().run(driver::onShutdown));

        long graceNanos = Math.max(0, grace.toNanos());
        List<SessionDriver> lingering = awaitEnd(open, start + graceNanos / 4 * 3);
        if (!lingering.isEmpty()) {
            LOG.warn("LMTP listener: {} sessions still busy, closing them", lingering.size());
            lingering.forEach(SessionDriver::forceClose);
            lingering = awaitEnd(lingering, start + graceNanos);
        }
        if (lingering.isEmpty()) {
            acceptor.dispose(true);
        } else {
            LOG.warn("LMTP listener: {} sessions did not end within {}", lingering.size(), grace);
            acceptor.dispose(false);
        }
        // The acceptor leaves a processor it was given alone.
        processor.dispose();
        ioThread.shutdown();
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
}
