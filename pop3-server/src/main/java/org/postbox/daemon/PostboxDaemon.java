package org.postbox.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postbox.config.ConfigException;
import org.postbox.config.ListenerConfig;
import org.postbox.config.PostboxConfig;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.StoreException;
import org.postbox.pop3.server.Pop3Acceptor;
import org.postbox.pop3.server.Pop3Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code postboxd} process: one store, one worker pool, one authenticator and one POP3
 * acceptor per configured listener, wired here and nowhere else.
 *
 * <p>Use {@link #main} from the command line, or {@link #start(PostboxConfig)} to run a daemon
 * inside another program (tests, benchmarks) and {@link #close()} to stop it.
 */
public final class PostboxDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostboxDaemon.class);

    /** Exit statuses, after sysexits.h where one fits. */
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 64;
    static final int EXIT_CONFIG = 78;

    /** How long sessions get to finish the reply they are sending when the daemon stops. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    private static final String PROGRAM = "postboxd";

    private final MailStore store;
    private final PasswordAuthenticator authenticator;
    private final ThreadPoolExecutor workers;
    private final Map<String, Pop3Acceptor> acceptors;
    private final Map<String, InetSocketAddress> boundAddresses;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private PostboxDaemon(MailStore store, PasswordAuthenticator authenticator, ThreadPoolExecutor workers,
            Map<String, Pop3Acceptor> acceptors, Map<String, InetSocketAddress> boundAddresses) {
        this.store = store;
        this.authenticator = authenticator;
        this.workers = workers;
        this.acceptors = acceptors;
        this.boundAddresses = boundAddresses;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line: returns at once for {@code --help}, {@code --check-config} and
     * failures; otherwise serves until the JVM is asked to stop, then returns {@link #EXIT_OK}.
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        DaemonOptions options;
        try {
            options = DaemonOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(PROGRAM + ": " + e.getMessage());
            err.println(DaemonOptions.USAGE);
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.println(DaemonOptions.USAGE);
            return EXIT_OK;
        }

        String origin = options.config().or(PostboxConfig::defaultLocation).map(Path::toString)
                .orElse("built-in defaults");
        PostboxConfig config;
        try {
            config = PostboxConfig.load(options.config());
        } catch (ConfigException e) {
            err.println(PROGRAM + ": " + origin + ": " + e.getMessage());
            return EXIT_CONFIG;
        }
        applyLogLevel(config.logging().level());

        if (options.checkConfig()) {
            return checkConfig(config, origin, out, err);
        }

        PostboxDaemon daemon;
        try {
            daemon = start(config);
        } catch (ConfigException e) {
            err.println(PROGRAM + ": " + origin + ": " + e.getMessage());
            return EXIT_CONFIG;
        } catch (ListenerBindException e) {
            err.println(PROGRAM + ": " + e.getMessage());
            return EXIT_FAILURE;
        } catch (StoreException e) {
            err.println(PROGRAM + ": cannot open the store: " + e.getMessage());
            return EXIT_FAILURE;
        } catch (RuntimeException e) {
            // A defect rather than an operator's mistake: the details go to the log, a summary to stderr.
            LOG.error("cannot start", e);
            err.println(PROGRAM + ": cannot start: " + e);
            return EXIT_FAILURE;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, PROGRAM + "-shutdown"));
        LOG.info("{} {} running, configuration {}, listeners {}", PROGRAM, version(), origin, daemon.describeListeners());
        daemon.awaitClose();
        return EXIT_OK;
    }

    private static int checkConfig(PostboxConfig config, String origin, PrintStream out, PrintStream err) {
        try {
            config.store().open().close();
            out.println("ok");
            return EXIT_OK;
        } catch (ConfigException e) {
            err.println(PROGRAM + ": " + origin + ": " + e.getMessage());
            return EXIT_CONFIG;
        } catch (StoreException e) {
            err.println(PROGRAM + ": cannot open the store: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    /**
     * Opens the store and binds every listener. On failure everything opened so far is closed
     * again before the exception propagates.
     *
     * @throws ConfigException       if the store settings are invalid
     * @throws StoreException        if the store cannot be opened
     * @throws ListenerBindException if a listener cannot bind its address
     */
    public static PostboxDaemon start(PostboxConfig config) {
        MailStore store = config.store().open();
        ThreadPoolExecutor workers = null;
        PasswordAuthenticator authenticator = null;
        Map<String, Pop3Acceptor> acceptors = new LinkedHashMap<>();
        try {
            workers = workerPool(config);
            warnIfHashingMayNotFit(config.auth().hashThreads());
            authenticator = new PasswordAuthenticator(store.directory(), config.auth());
            Map<String, InetSocketAddress> bound = new LinkedHashMap<>();
            String implementation = "Postbox " + version();
            for (int i = 0; i < config.listeners().size(); i++) {
                ListenerConfig listener = config.listeners().get(i);
                Pop3Acceptor acceptor = new Pop3Acceptor(settings(config, listener, implementation), store,
                        authenticator, workers);
                acceptors.put(listener.name(), acceptor);
                InetSocketAddress requested = address(listener, i);
                InetSocketAddress actual;
                try {
                    actual = acceptor.bind(requested);
                } catch (IOException e) {
                    throw new ListenerBindException(listener.name(), requested, e);
                }
                // The acceptor logs the bound address; the daemon's summary line follows in run().
                bound.put(listener.name(), actual);
            }
            return new PostboxDaemon(store, authenticator, workers, Collections.unmodifiableMap(acceptors),
                    Collections.unmodifiableMap(bound));
        } catch (RuntimeException e) {
            for (Pop3Acceptor acceptor : acceptors.values()) {
                acceptor.shutdown(Duration.ZERO);
            }
            if (authenticator != null) {
                authenticator.close();
            }
            if (workers != null) {
                workers.shutdownNow();
            }
            store.close();
            throw e;
        }
    }

    /**
     * New hashes are ARGON2ID with 64 MiB each, and a thread verifying one holds that much heap
     * while it runs: too many hash threads for the heap turn logins into out-of-memory errors.
     */
    private static void warnIfHashingMayNotFit(int hashThreads) {
        long perHash = 64L * 1024 * 1024;
        long needed = (hashThreads + 1) * perHash; // +1 for everything else the daemon holds
        long heap = Runtime.getRuntime().maxMemory();
        if (heap != Long.MAX_VALUE && heap < needed) {
            LOG.warn("auth.hash-threads is {}: ARGON2ID logins need about {} MiB of heap but the maximum is {} MiB;"
                    + " raise -Xmx or lower auth.hash-threads", hashThreads, needed >> 20, heap >> 20);
        }
    }

    /** The address a listener actually bound (the real port when the configuration said 0). */
    public InetSocketAddress boundAddress(String listenerName) {
        InetSocketAddress address = boundAddresses.get(listenerName);
        if (address == null) {
            throw new IllegalArgumentException("no listener named '" + listenerName + "'; listeners: "
                    + boundAddresses.keySet());
        }
        return address;
    }

    /** Open POP3 connections over all listeners. */
    public int openSessions() {
        int sessions = 0;
        for (Pop3Acceptor acceptor : acceptors.values()) {
            sessions += acceptor.openSessions();
        }
        return sessions;
    }

    /**
     * Stops accepting, ends every session without entering UPDATE (nothing is deleted, every
     * maildrop lock is released), then stops the pools and closes the store. Idempotent; a
     * second caller returns once the first has finished.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitClose();
            return;
        }
        try {
            LOG.info("shutting down: {} open session(s)", openSessions());
            long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
            for (Pop3Acceptor acceptor : acceptors.values()) {
                long left = Math.max(0, deadline - System.nanoTime());
                acceptor.shutdown(Duration.ofNanos(left));
            }
            authenticator.close();
            workers.shutdown();
            try {
                if (!workers.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    workers.shutdownNow();
                }
            } catch (InterruptedException e) {
                workers.shutdownNow();
                Thread.currentThread().interrupt();
            }
            store.close();
            LOG.info("stopped");
        } finally {
            closed.countDown();
        }
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClose() {
        boolean interrupted = false;
        while (true) {
            try {
                closed.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static Pop3Settings settings(PostboxConfig config, ListenerConfig listener, String implementation) {
        return new Pop3Settings(
                listener.name(),
                listener.defaultDomain(),
                config.auth().plaintextNetworks(),
                config.limits().loginTimeout(),
                config.limits().idleTimeout(),
                config.limits().maxBadCommands(),
                config.limits().maxLineLength(),
                config.limits().maxConnections(),
                implementation);
    }

    /**
     * The one pool for blocking session work (store calls). Threads are bounded; the queue is
     * bounded too, by a multiple of the connections the listeners admit, since each session has
     * at most one command in progress.
     */
    private static ThreadPoolExecutor workerPool(PostboxConfig config) {
        int threads = Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
        long connections = (long) config.limits().maxConnections() * Math.max(1, config.listeners().size());
        int queue = (int) Math.min(Integer.MAX_VALUE, Math.max(1024, 4 * connections));
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queue), new NamedThreads("pop3-worker"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static InetSocketAddress address(ListenerConfig listener, int index) {
        try {
            // The configuration holds IP literals only, so this never asks DNS.
            return new InetSocketAddress(InetAddress.getByName(listener.address()), listener.port());
        } catch (UnknownHostException e) {
            throw new ConfigException("listeners[" + index + "].address", "'" + listener.address()
                    + "' is not an IP address");
        }
    }

    /** The version from the jar manifest, or "dev" when running from classes (IDE, tests). */
    static String version() {
        return Optional.ofNullable(PostboxDaemon.class.getPackage().getImplementationVersion()).orElse("dev");
    }

    private static void applyLogLevel(String level) {
        // Only when Logback is the SLF4J backend; an embedding program keeps its own logging.
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level, Level.INFO));
        }
    }

    /** {@code name=ip:port, ...}, as bound. */
    String describeListeners() {
        List<String> listeners = new ArrayList<>();
        boundAddresses.forEach((name, address) ->
                listeners.add(name + "=" + address.getAddress().getHostAddress() + ":" + address.getPort()));
        return String.join(", ", listeners);
    }
}
