package org.postbox.config;

import java.time.Duration;
import java.util.List;

/**
 * The HAProxy PROXY protocol on one listener: {@code listeners[].proxy-protocol},
 * {@code proxy-protocol-trusted} and {@code proxy-protocol-timeout}.
 *
 * @param enabled       whether every connection must start with a PROXY header (version 1 or 2)
 * @param trusted       the proxies allowed to send one; connections from elsewhere are closed
 * @param headerTimeout how long a trusted proxy may take to send the header
 */
public record ProxyProtocolConfig(boolean enabled, NetworkSet trusted, Duration headerTimeout) {

    /** Connections are taken as they come: no header is read. */
    public static final ProxyProtocolConfig DISABLED = new ProxyProtocolConfig(false,
            NetworkSet.parse("proxy-protocol-trusted", List.of()), Duration.ofSeconds(5));
}
