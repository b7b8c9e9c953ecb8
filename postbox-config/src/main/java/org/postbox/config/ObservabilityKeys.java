package org.postbox.config;

import java.time.Duration;
import java.util.List;

/**
 * The keys of monitoring: the {@code metrics:} section and {@code logging.format}. Read by
 * {@link PostboxConfig}, kept apart so that its parts stay short.
 */
final class ObservabilityKeys {

    private ObservabilityKeys() {
    }

    /** {@code metrics.enabled}, {@code address}, {@code port} and {@code per-domain.*}. */
    static MetricsConfig metrics(ConfigNode m, List<ListenerConfig> listeners) {
        boolean enabled = m.bool("enabled", true);
        String address = m.string("address", MetricsConfig.DEFAULT_ADDRESS);
        NetworkSet.ipLiteral(m.keyPath("address"), address, "write an IP address such as 127.0.0.1, 0.0.0.0 or ::");
        int port = m.integer("port", MetricsConfig.DEFAULT_PORT, 0, 65_535);
        ConfigNode d = m.section("per-domain");
        MetricsConfig.PerDomain perDomain = new MetricsConfig.PerDomain(
                d.bool("enabled", MetricsConfig.PerDomain.DISABLED.enabled()),
                d.integer("max-domains", MetricsConfig.PerDomain.DISABLED.maxDomains(), 1, 10_000),
                d.duration("refresh-interval", MetricsConfig.PerDomain.DISABLED.refreshInterval(), Duration.ofSeconds(5),
                        Duration.ofDays(1)));
        d.rejectUnknownKeys();
        m.rejectUnknownKeys();
        if (enabled && port != 0) {
            for (int i = 0; i < listeners.size(); i++) {
                ListenerConfig listener = listeners.get(i);
                if (listener.port() == port && listener.address().equals(address)) {
                    throw new ConfigException(m.keyPath("port"), address + ":" + port + " is also listeners[" + i
                            + "] (" + listener.name() + "); give the metrics endpoint a port of its own");
                }
            }
        }
        return new MetricsConfig(enabled, address, port, perDomain);
    }

    /** {@code logging.format}: text or json. */
    static LogFormat logFormat(ConfigNode g) {
        return g.optionalString("format").map(text -> LogFormat.parse(g.keyPath("format"), text)).orElse(LogFormat.TEXT);
    }
}
