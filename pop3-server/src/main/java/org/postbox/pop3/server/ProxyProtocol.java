package org.postbox.pop3.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Whether a listener's connections start with a HAProxy PROXY protocol header.
 *
 * @param enabled       read a header on every connection
 * @param trusted       the proxies that may send one; other peers are disconnected at once
 * @param headerTimeout how long a proxy may take to send its header
 */
public record ProxyProtocol(boolean enabled, Predicate<InetAddress> trusted, Duration headerTimeout) {

    public ProxyProtocol {
        Objects.requireNonNull(trusted, "trusted");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        if (headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("the header timeout must be positive");
        }
    }

    /** Connections are taken as they come. */
    public static ProxyProtocol disabled() {
        return new ProxyProtocol(false, address -> false, Duration.ofSeconds(5));
    }

    /** Headers from {@code trusted} proxies, within {@code headerTimeout}. */
    public static ProxyProtocol from(Predicate<InetAddress> trusted, Duration headerTimeout) {
        return new ProxyProtocol(true, trusted, headerTimeout);
    }
}
