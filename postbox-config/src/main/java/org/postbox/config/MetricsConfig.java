package org.postbox.config;

import java.time.Duration;

/**
 * The {@code metrics:} section: the HTTP listener of {@code /metrics} (Prometheus), {@code /livez}
 * and {@code /readyz}, and the opt-in per-domain gauges.
 *
 * @param enabled   whether the endpoint is served at all
 * @param address   the IP address it binds; loopback by default, since metrics are not for everyone
 * @param port      its TCP port (0 picks a free one)
 * @param perDomain the per-domain storage and mailbox gauges
 */
public record MetricsConfig(boolean enabled, String address, int port, PerDomain perDomain) {

    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 9110;

    /** Served on 127.0.0.1:9110, without per-domain gauges. */
    public static final MetricsConfig DEFAULTS = new MetricsConfig(true, DEFAULT_ADDRESS, DEFAULT_PORT, PerDomain.DISABLED);

    /**
     * Per-domain gauges (usage, limit, mailboxes, messages). Each domain is one more series of
     * each, and each refresh reads every tracked domain's usage from the store, hence opt-in and
     * capped.
     *
     * @param enabled         whether they are exported
     * @param maxDomains      how many domains are tracked at most: the first ones by name
     * @param refreshInterval how often the figures are read from the store (never per scrape)
     */
    public record PerDomain(boolean enabled, int maxDomains, Duration refreshInterval) {

        public static final PerDomain DISABLED = new PerDomain(false, 100, Duration.ofMinutes(1));
    }
}
