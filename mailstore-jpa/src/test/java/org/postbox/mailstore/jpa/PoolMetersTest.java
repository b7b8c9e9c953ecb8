package org.postbox.mailstore.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;
import org.postbox.mailstore.StoreMeter;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/** The connection pool's figures, as the daemon reads them through {@link MailStore#meters()}. */
class PoolMetersTest {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Test
    void thePoolReportsItsConnectionsAndWaitsUnderHikariNames() {
        Map<String, Object> settings = POSTGRES.createDatabase().storeSettings(Map.of("pool-size", 7));
        try (MailStore store = MailStoreProvider.forType("jpa").open(settings, Path.of("."))) {
            Map<String, StoreMeter> meters = store.meters().stream()
                    .collect(Collectors.toMap(StoreMeter::name, Function.identity()));
            assertThat(meters.keySet()).containsExactlyInAnyOrder("hikaricp.connections", "hikaricp.connections.active",
                    "hikaricp.connections.idle", "hikaricp.connections.pending", "hikaricp.connections.max",
                    "hikaricp.connections.min", "hikaricp.connections.timeout", "hikaricp.connections.acquire",
                    "hikaricp.connections.usage", "hikaricp.connections.creation");
            assertThat(meters.values()).allSatisfy(meter -> assertThat(meter.tags()).containsEntry("pool", "postbox-jpa"));
            assertThat(gauge(meters, "hikaricp.connections.max")).isEqualTo(7);
            StoreMeter.Timer acquire = (StoreMeter.Timer) meters.get("hikaricp.connections.acquire");
            long before = acquire.count().getAsLong();

            store.directory().addDomain("example.org");
            store.directory().domains();

            assertThat(acquire.count().getAsLong()).isGreaterThanOrEqualTo(before + 2);
            assertThat(acquire.totalSeconds().getAsDouble()).isPositive();
            assertThat(((StoreMeter.Timer) meters.get("hikaricp.connections.usage")).count().getAsLong()).isPositive();
            assertThat(((StoreMeter.Counter) meters.get("hikaricp.connections.timeout")).total().getAsDouble()).isZero();
            assertThat(gauge(meters, "hikaricp.connections")).isBetween(1.0, 7.0);
            assertThat(gauge(meters, "hikaricp.connections.pending")).isZero();
        }
    }

    private static double gauge(Map<String, StoreMeter> meters, String name) {
        return ((StoreMeter.Gauge) meters.get(name)).value().getAsDouble();
    }
}
