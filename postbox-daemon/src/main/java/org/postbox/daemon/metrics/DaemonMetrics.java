package org.postbox.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.postbox.config.MetricsConfig;
import org.postbox.lmtp.LmtpObserver;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.StoreMeter;
import org.postbox.pop3.server.Authenticator;
import org.postbox.pop3.server.Pop3Observer;

/**
 * Every meter of one daemon, in one Prometheus registry: the daemon hands each part what
 * measures it (an observer per listener, decorators for the store and the authenticator) and
 * serves {@link #scrape()} on its {@link MetricsEndpoint}.
 */
public final class DaemonMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final JvmMeters jvm = new JvmMeters();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "metrics-refresh");
        thread.setDaemon(true);
        return thread;
    });
    private final Timer penalties;
    private final Counter overloadRefusals;
    private final StoreTimers storeTimers;
    private final Counter quotaWarningsSent;
    private final Counter quotaWarningsFailed;
    private final List<StoreMeter> storeMeters = new ArrayList<>();
    private volatile StoreProbe probe;
    private volatile MailStore backend;

    private DaemonMetrics(String version) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmMeters.configure(registry);
        jvm.bindTo(registry);
        Gauge.builder(MeterNames.INFO, () -> 1).description("Always 1; the version of postboxd is a tag")
                .tag("version", version).strongReference(true).register(registry);
        penalties = Timer.builder(MeterNames.LOGIN_PENALTY)
                .description("Login attempts held back by their client's penalty for earlier failures, and how long")
                .serviceLevelObjectives(MeterNames.PENALTY_BUCKETS).register(registry);
        overloadRefusals = Counter.builder(MeterNames.LOGIN_OVERLOAD_REFUSALS)
                .description("Logins refused (-ERR [SYS/TEMP]) because their slow password hash could not have been"
                        + " checked within the login timeout")
                .register(registry);
        storeTimers = new StoreTimers(registry);
        quotaWarningsSent = quotaWarnings("sent");
        quotaWarningsFailed = quotaWarnings("failed");
    }

    private Counter quotaWarnings(String result) {
        return Counter.builder(MeterNames.QUOTA_WARNINGS)
                .description("Quota warnings stored in mailboxes that a delivery took across a threshold, or that"
                        + " could not be stored")
                .tag("result", result).register(registry);
    }

    /** The meters of a daemon of {@code version}, with the JVM's. */
    public static DaemonMetrics create(String version) {
        return new DaemonMetrics(version);
    }

    /**
     * {@code store} with every call timed, its own meters (a connection pool's) registered, and
     * a probe of it for readiness and {@code postbox_store_up}.
     */
    public MailStore instrument(MailStore store) {
        backend = store;
        storeMeters.addAll(store.meters());
        StoreMeterBinder.bind(storeMeters, registry);
        probe = new StoreProbe(store.directory());
        StoreProbe registered = probe;
        Gauge.builder(MeterNames.STORE_UP, () -> registered.problem().isEmpty() ? 1 : 0)
                .description("1 when the store answered its last probe (at most a few seconds ago), else 0")
                .strongReference(true).register(registry);
        return new MeteredMailStore(store, storeTimers);
    }

    /** {@code authenticator} with the verdict of every login counted by mechanism and result. */
    public Authenticator instrument(Authenticator authenticator) {
        return new MeteredAuthenticator(authenticator, registry);
    }

    /** What the POP3 listener {@code listener} reports to. */
    public Pop3Observer pop3(String listener) {
        return new Pop3Meters(registry, listener);
    }

    /** What the LMTP listener {@code listener} reports to. */
    public LmtpObserver lmtp(String listener) {
        return new LmtpMeters(registry, listener);
    }

    /** A login attempt was held back by its client's penalty for {@code wait}. */
    public void penaltyWaited(Duration wait) {
        penalties.record(wait);
    }

    /** The admin API answered a request of {@code route} with {@code status} after {@code nanos}. */
    public void adminRequest(String route, String method, int status, long nanos) {
        io.micrometer.core.instrument.Timer.builder(MeterNames.ADMIN_REQUESTS)
                .description("Admin API requests by route, method and status")
                .tag("route", route).tag("method", method).tag("status", Integer.toString(status))
                .register(registry).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** A login was refused because its password could not be checked within the login timeout. */
    public void loginRefusedOverloaded() {
        overloadRefusals.increment();
    }

    /** Watches a pool of threads: busy threads, queued tasks, completed tasks. */
    public void monitor(ExecutorService pool, String name) {
        new ExecutorServiceMetrics(pool, name, List.of()).bindTo(registry);
    }

    /**
     * Starts the per-domain gauges, if the configuration asks for them, over the store given to
     * {@link #instrument(MailStore)}; their reads are not counted as store operations.
     */
    public void trackDomains(MetricsConfig.PerDomain config) {
        if (config.enabled() && backend != null) {
            new DomainGauges(backend.directory(), config, registry).start(refresher);
        }
    }

    /** Why the store is not usable now, or empty when it answered its probe; empty before {@link #instrument(MailStore)}. */
    public Optional<String> storeProblem() {
        return probe == null ? Optional.empty() : probe.problem();
    }

    /** A quota warning was stored ({@code sent}), or could not be. */
    public void quotaWarning(boolean sent) {
        (sent ? quotaWarningsSent : quotaWarningsFailed).increment();
    }

    /** Every meter, in the Prometheus text format 0.0.4. */
    /** The registry, for a part of the daemon that keeps meters of its own (the retention sweeper). */
    public io.micrometer.core.instrument.MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    /** Stops the timers and probes; the registry answers no more. */
    @Override
    public void close() {
        refresher.shutdownNow();
        if (probe != null) {
            probe.close();
        }
        jvm.close();
        registry.close();
    }

}
