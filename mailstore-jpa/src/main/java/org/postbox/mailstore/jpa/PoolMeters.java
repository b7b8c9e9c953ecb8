package org.postbox.mailstore.jpa;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;
import org.postbox.mailstore.StoreMeter;

/**
 * The connection pool's figures as {@link StoreMeter}s, under the names HikariCP's own Micrometer
 * tracker uses ({@code hikaricp.connections.active}, ...), so that existing HikariCP dashboards
 * and alerts fit. HikariCP reports into this tracker; the daemon reads the totals, so this module
 * needs no metrics library.
 */
final class PoolMeters implements MetricsTrackerFactory {

    private volatile PoolStats stats;
    private volatile String poolName = "";

    private final LongAdder timeouts = new LongAdder();
    private final Durations acquired = new Durations();
    private final Durations usage = new Durations();
    private final Durations creation = new Durations();

    @Override
    public IMetricsTracker create(String poolName, PoolStats poolStats) {
        this.poolName = poolName;
        this.stats = poolStats;
        return new IMetricsTracker() {
            @Override
            public void recordConnectionAcquiredNanos(long elapsedNanos) {
                acquired.add(elapsedNanos);
            }

            @Override
            public void recordConnectionUsageMillis(long elapsedMillis) {
                usage.add(TimeUnit.MILLISECONDS.toNanos(elapsedMillis));
            }

            @Override
            public void recordConnectionCreatedMillis(long elapsedMillis) {
                creation.add(TimeUnit.MILLISECONDS.toNanos(elapsedMillis));
            }

            @Override
            public void recordConnectionTimeout() {
                timeouts.increment();
            }
        };
    }

    /** The meters; empty until HikariCP has started the pool. */
    List<StoreMeter> meters() {
        if (stats == null) {
            return List.of();
        }
        Map<String, String> tags = Map.of("pool", poolName);
        return List.of(
                gauge("hikaricp.connections", "Connections in the pool, in use or idle", tags, PoolStats::getTotalConnections),
                gauge("hikaricp.connections.active", "Connections in use", tags, PoolStats::getActiveConnections),
                gauge("hikaricp.connections.idle", "Connections open and idle", tags, PoolStats::getIdleConnections),
                gauge("hikaricp.connections.pending", "Threads waiting for a connection", tags, PoolStats::getPendingThreads),
                gauge("hikaricp.connections.max", "Most connections the pool opens", tags, PoolStats::getMaxConnections),
                gauge("hikaricp.connections.min", "Fewest idle connections the pool keeps", tags, PoolStats::getMinConnections),
                new StoreMeter.Counter("hikaricp.connections.timeout",
                        "Waits for a connection that timed out (the store answered 'unavailable')", tags, timeouts::sum),
                acquired.timer("hikaricp.connections.acquire", "Time waited for a connection", tags),
                usage.timer("hikaricp.connections.usage", "Time a connection was held before going back to the pool", tags),
                creation.timer("hikaricp.connections.creation", "Time taken to open a new connection", tags));
    }

    private StoreMeter gauge(String name, String description, Map<String, String> tags, ToIntFunction<PoolStats> value) {
        return new StoreMeter.Gauge(name, description, tags, () -> value.applyAsInt(stats));
    }

    /** A count and a total time, both only growing. */
    private static final class Durations {
        private final LongAdder count = new LongAdder();
        private final LongAdder nanos = new LongAdder();

        void add(long elapsedNanos) {
            count.increment();
            nanos.add(Math.max(0, elapsedNanos));
        }

        StoreMeter timer(String name, String description, Map<String, String> tags) {
            return new StoreMeter.Timer(name, description, tags, count::sum, () -> nanos.sum() / 1e9);
        }
    }
}
