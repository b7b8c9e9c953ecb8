package org.postbox.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code admin:} section: the listener of the admin HTTP API. Without the section there is no
 * such listener.
 *
 * <pre>
 * admin:
 *   listen: 127.0.0.1:9111
 *   tls:                      # optional: https, with the keys of the top-level tls: section
 *     certificates:
 *       - cert: /etc/postbox/admin.pem
 *         key: /etc/postbox/admin.key
 * </pre>
 *
 * @param address the IP address it binds; loopback by default, since it can change everything
 * @param port    its TCP port (0 picks a free one)
 * @param tls     certificates for https; empty: plain http
 */
public record AdminConfig(String address, int port, Optional<TlsConfig> tls) {

    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 9111;

    public AdminConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
    }

    /** The URL clients reach it at: {@code http(s)://address:port}, IPv6 in brackets. */
    public String url() {
        String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
        return (tls.isPresent() ? "https" : "http") + "://" + host + ":" + port;
    }
}
