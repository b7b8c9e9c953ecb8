package org.postbox.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postbox.config.AdminConfig;
import org.postbox.config.ConfigException;
import org.postbox.config.ListenerConfig;
import org.postbox.config.LmtpListenerConfig;
import org.postbox.config.MetricsConfig;
import org.postbox.config.PostboxConfig;
import org.postbox.config.TlsConfig;
import org.postbox.config.WorkersConfig;
import org.postbox.daemon.admin.AdminApi;
import org.postbox.daemon.admin.LiveSessions;
import org.postbox.daemon.metrics.DaemonMetrics;
import org.postbox.daemon.metrics.MetricsEndpoint;
import org.postbox.daemon.retention.RetentionSweeper;
import org.postbox.daemon.tls.CertificateWatcher;
import org.postbox.daemon.tls.ServerTls;
import org.postbox.lmtp.LmtpAcceptor;
import org.postbox.lmtp.LmtpSettings;
import org.postbox.mailstore.HistoryRetention;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.StoreException;
import org.postbox.mailstore.warnings.QuotaWarningStore;
import org.postbox.pop3.server.Authenticator;
import org.postbox.pop3.server.Pop3Acceptor;
import org.postbox.pop3.server.Pop3Settings;
import org.postbox.session.LogContext;
import org.postbox.session.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code postboxd} process: one store, one worker pool per kind of listener, one authenticator
 * and one POP3 or LMTP acceptor per configured listener, wired here and nowhere else.
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
    /** A usable LMTP host name: what {@link #localHostName()} accepts from the system. */
    private static final java.util.regex.Pattern LOCAL_NAME = java.util.regex.Pattern.compile(
            "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private final MailStore store;
    private final PasswordAuthenticator authenticator;
    private final WorkerPools workers;
    private final Map<String, Pop3Acceptor> acceptors;
    private final Map<String, LmtpAcceptor> lmtpAcceptors;
    private final Map<String, InetSocketAddress> boundAddresses;
    private final Optional<ServerTls> tls;
    private final Optional<CertificateWatcher> certificateWatcher;
    private final DaemonMetrics metrics;
    private volatile MetricsEndpoint metricsEndpoint;
    private final LiveSessions sessions;
    private volatile Optional<AdminApi> adminApi = Optional.empty();
    /** The admin listener's own certificates ({@code admin.tls}), reloaded with the others. */
    private volatile Optional<ServerTls> adminTls = Optional.empty();
    /** Reloads {@link #adminTls} when its files change, as {@link #certificateWatcher} does the listeners'. */
    private volatile Optional<CertificateWatcher> adminCertificateWatcher = Optional.empty();
    private volatile Optional<RetentionSweeper> retentionSweeper = Optional.empty();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private PostboxDaemon(MailStore store, PasswordAuthenticator authenticator, WorkerPools workers,
            Map<String, Pop3Acceptor> acceptors, Map<String, LmtpAcceptor> lmtpAcceptors,
            Map<String, InetSocketAddress> boundAddresses,
            Optional<ServerTls> tls, Optional<CertificateWatcher> certificateWatcher, DaemonMetrics metrics) {
        this.metrics = metrics;
        this.tls = tls;
        this.certificateWatcher = certificateWatcher;
        this.store = store;
        this.authenticator = authenticator;
        this.workers = workers;
        this.acceptors = acceptors;
        this.lmtpAcceptors = lmtpAcceptors;
        this.boundAddresses = boundAddresses;
        this.sessions = new LiveSessions(acceptors, lmtpAcceptors);
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
            err.println(DaemonOptions.usage());
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.println(DaemonOptions.usage());
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
        LogOutput.use(config.logging().format());

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
        HangupSignal.onHangup(daemon::reloadCertificates);
        LOG.info("{} {} running, configuration {}, listeners {}", PROGRAM, version(), origin, daemon.describeListeners());
        daemon.awaitClose();
        return EXIT_OK;
    }

    private static int checkConfig(PostboxConfig config, String origin, PrintStream out, PrintStream err) {
        try {
            if (config.tls().configured()) {
                ServerTls.load(config.tls());
            }
            if (config.admin().flatMap(AdminConfig::tls).isPresent()) {
                ServerTls.load(config.admin().get().tls().get());
            }
            new AccessPolicies(config); // reads the OAuth key set file, if one is configured
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
        MailStore backend = config.store().open();
        DaemonMetrics metrics = null;
        MailStore store = backend;
        WorkerPools workers = null;
        PasswordAuthenticator authenticator = null;
        Map<String, Pop3Acceptor> acceptors = new LinkedHashMap<>();
        Map<String, LmtpAcceptor> lmtpAcceptors = new LinkedHashMap<>();
        CertificateWatcher watcher = null;
        PostboxDaemon daemon;
        try {
            metrics = DaemonMetrics.create(version());
            // Warnings wrap the backend, inside the timers: LMTP's deliveries and their warnings are timed together.
            store = metrics.instrument(QuotaWarningStore.wrap(backend, config.quotaWarnings().settings(Clock.systemUTC()),
                    new QuotaWarningLog(metrics)));
            Optional<ServerTls> tls = config.tls().configured() ? Optional.of(ServerTls.load(config.tls()))
                    : Optional.empty();
            workers = WorkerPools.of(config.workers());
            metrics.monitor(workers.pop3().threads(), workers.pop3().name());
            metrics.monitor(workers.lmtp().threads(), workers.lmtp().name());
            warnIfHashingMayNotFit(config.auth().hashThreads());
            DaemonMetrics meters = metrics;
            authenticator = new PasswordAuthenticator(store.directory(), config.auth(), config.limits().loginTimeout(),
                    new LoginPenaltyObserver() {
                        @Override
                        public void delayed(Duration wait) {
                            meters.penaltyWaited(wait);
                        }

                        @Override
                        public void refusedOverloaded() {
                            meters.loginRefusedOverloaded();
                        }
                    });
            Authenticator meteredAuthenticator = metrics.instrument(authenticator);
            Map<String, InetSocketAddress> bound = new LinkedHashMap<>();
            String implementation = "Postbox " + version();
            AccessPolicies access = new AccessPolicies(config);
            for (int i = 0; i < config.listeners().size(); i++) {
                ListenerConfig listener = config.listeners().get(i);
                if (listener.isLmtp()) {
                    LmtpAcceptor lmtp = lmtpAcceptor(listener, i, store, workers.lmtp(), metrics);
                    lmtpAcceptors.put(listener.name(), lmtp);
                    InetSocketAddress requested = address(listener, i);
                    try {
                        bound.put(listener.name(), lmtp.bind(requested));
                    } catch (IOException e) {
                        throw new ListenerBindException(listener.name(), requested, e);
                    }
                    continue;
                }
                Pop3Acceptor acceptor = Pop3Acceptor.builder(settings(config, listener, implementation), store,
                        meteredAuthenticator, workers.pop3()).tls(ServerTls.forListener(listener.tls(), tls))
                        .access(access.of(listener)).observer(metrics.pop3(listener.name()))
                        .history(config.history(), Clock.systemUTC()).build();
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
            watcher = certificateWatcher(config.tls(), tls);
            metrics.trackDomains(config.metrics().perDomain());
            daemon = new PostboxDaemon(store, authenticator, workers, Collections.unmodifiableMap(acceptors),
                    Collections.unmodifiableMap(lmtpAcceptors),
                    Collections.unmodifiableMap(bound), tls, Optional.ofNullable(watcher), metrics);
        } catch (RuntimeException e) {
            if (watcher != null) {
                watcher.close();
            }
            for (Pop3Acceptor acceptor : acceptors.values()) {
                acceptor.shutdown(Duration.ZERO);
            }
            for (LmtpAcceptor acceptor : lmtpAcceptors.values()) {
                acceptor.shutdown(Duration.ZERO);
            }
            if (authenticator != null) {
                authenticator.close();
            }
            if (workers != null) {
                workers.close(Duration.ZERO);
            }
            if (metrics != null) {
                metrics.close();
            }
            store.close();
            throw e;
        }
        if (config.metrics().enabled()) {
            daemon.serveMetrics(config.metrics());
        }
        if (config.admin().isPresent()) {
            daemon.serveAdminApi(config.admin().get(), config.history());
        }
        daemon.retentionSweeper = Optional.of(new RetentionSweeper(daemon.store, config.retention(), Clock.systemUTC(),
                daemon.metrics.registry()).start());
        return daemon;
    }

    /** Starts the monitoring endpoint; on failure the daemon is closed again, as if start had failed. */
    private void serveMetrics(MetricsConfig config) {
        InetSocketAddress address = null;
        try {
            address = new InetSocketAddress(metricsHost(config), config.port());
            metricsEndpoint = MetricsEndpoint.start(address, metrics::scrape, this::notReadyBecause);
        } catch (IOException e) {
            close();
            throw new ListenerBindException("metrics", address, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts the admin HTTP API; on failure the daemon is closed again, as if start had failed. */
    private void serveAdminApi(AdminConfig config, HistoryRetention history) {
        try {
            adminTls = config.tls().isPresent() ? Optional.of(ServerTls.load(config.tls().get())) : Optional.empty();
            if (adminTls.isPresent()) {
                adminCertificateWatcher = Optional.ofNullable(certificateWatcher(config.tls().get(), adminTls));
            }
            adminApi = Optional.of(AdminApi.start(config, store, authenticator.penalties(), sessions, adminTls,
                    this::reloadCertificates, metrics::adminRequest, history));
        } catch (IOException e) {
            close();
            throw new ListenerBindException("admin", new InetSocketAddress(config.address(), config.port()), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The address of the admin API, when it is configured. */
    public Optional<InetSocketAddress> adminAddress() {
        return adminApi.map(AdminApi::address);
    }

    /** The open POP3 and LMTP sessions, and the kick: what the admin API's /sessions shows and does. */
    public LiveSessions sessions() {
        return sessions;
    }

    private static InetAddress metricsHost(MetricsConfig config) {
        try {
            // The configuration holds IP literals only, so this never asks DNS.
            return InetAddress.getByName(config.address());
        } catch (UnknownHostException e) {
            throw new ConfigException("metrics.address", "'" + config.address() + "' is not an IP address");
        }
    }

    /**
     * Why the daemon should not be sent clients now ({@code /readyz}), or empty when it should:
     * its listeners are bound from start until close, and the store must answer its probe.
     */
    public Optional<String> notReadyBecause() {
        if (closing.get()) {
            return Optional.of("shutting down");
        }
        return metrics.storeProblem();
    }

    /** The address of the monitoring endpoint, when it is enabled. */
    public Optional<InetSocketAddress> metricsAddress() {
        MetricsEndpoint endpoint = metricsEndpoint;
        return endpoint == null ? Optional.empty() : Optional.of(endpoint.address());
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

    private static CertificateWatcher certificateWatcher(TlsConfig config, Optional<ServerTls> tls) {
        if (tls.isEmpty() || config.reloadInterval().isZero()) {
            return null;
        }
        return CertificateWatcher.start(tls.get(), config.reloadInterval());
    }

    /**
     * Reads the TLS certificate files again (SIGHUP does this): new handshakes use them, open
     * sessions keep theirs. Unusable files leave the current certificates in place and are
     * reported in one error line.
     *
     * @return whether certificates other than before are in use (files read again unchanged: false)
     */
    public boolean reloadCertificates() {
        Optional<ServerTls> admin = adminTls;
        if (tls.isEmpty() && admin.isEmpty()) {
            LOG.info("no TLS certificates are configured, nothing to reload");
            return false;
        }
        boolean reloaded = tls.map(ServerTls::reload).orElse(false);
        // Both, whatever the first did: one set's broken files must not keep the other's old ones.
        return admin.map(ServerTls::reload).orElse(false) || reloaded;
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
            // First: no administrator's change should race the shutdown.
            adminApi.ifPresent(AdminApi::close);
            certificateWatcher.ifPresent(CertificateWatcher::close);
            adminCertificateWatcher.ifPresent(CertificateWatcher::close);
            long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
            for (Pop3Acceptor acceptor : acceptors.values()) {
                long left = Math.max(0, deadline - System.nanoTime());
                acceptor.shutdown(Duration.ofNanos(left));
            }
            // A delivery in progress finishes within the grace (each recipient's copy is atomic
            // either way); the MTA retries whatever was not acknowledged.
            for (LmtpAcceptor acceptor : lmtpAcceptors.values()) {
                long left = Math.max(0, deadline - System.nanoTime());
                acceptor.shutdown(Duration.ofNanos(left));
            }
            authenticator.close();
            retentionSweeper.ifPresent(RetentionSweeper::close);
            workers.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            MetricsEndpoint endpoint = metricsEndpoint;
            if (endpoint != null) {
                endpoint.close();
            }
            metrics.close();
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

    /**
     * An LMTP listener over the shared store and workers.
     *
     * @throws ConfigException if its spool directory cannot be created
     */
    private static LmtpAcceptor lmtpAcceptor(ListenerConfig listener, int index, MailStore store,
            WorkerPool workers, DaemonMetrics metrics) {
        LmtpListenerConfig keys = listener.lmtp().orElseThrow();
        try {
            return LmtpAcceptor.builder(lmtpSettings(keys), store, workers).observer(metrics.lmtp(listener.name())).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("listeners[" + index + "].spool-directory", e.getMessage());
        }
    }

    static LmtpSettings lmtpSettings(LmtpListenerConfig keys) {
        return new LmtpSettings(keys.hostname().orElseGet(PostboxDaemon::localHostName),
                keys.maxLineLength(), keys.maxMessageSize(), keys.maxRecipients(), keys.maxBadCommands(),
                keys.idleTimeout(), keys.maxConnections(), keys.overQuotaTemporary(), keys.spoolDirectory(),
                keys.duplicateWindow());
    }

    /**
     * This machine's name for the LMTP greeting and Received headers when none is configured;
     * "localhost" when the system's name is not a usable DNS name.
     */
    private static String localHostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName().toLowerCase(java.util.Locale.ROOT);
            return LOCAL_NAME.matcher(name).matches() ? name : "localhost";
        } catch (UnknownHostException e) {
            return "localhost";
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
                implementation,
                config.limits().listenBacklog());
    }

    /**
     * The pools of blocking session work (store calls), one per kind of listener, so that a burst
     * of one protocol cannot take the threads of the other; each bounded in threads and queue, as
     * configured ({@code limits.worker-*}, {@code lmtp.worker-*}).
     */
    private record WorkerPools(WorkerPool pop3, WorkerPool lmtp) {

        static WorkerPools of(WorkersConfig config) {
            return new WorkerPools(new WorkerPool("pop3-worker", config.pop3().threads(), config.pop3().queue()),
                    new WorkerPool("lmtp-worker", config.lmtp().threads(), config.lmtp().queue()));
        }

        /** Lets the work under way finish within {@code grace}, both pools together. */
        void close(Duration grace) {
            long deadline = System.nanoTime() + grace.toNanos();
            pop3.close(grace);
            lmtp.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
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
                listeners.add(name + "=" + LogContext.describe(address)));
        return String.join(", ", listeners);
    }
}
