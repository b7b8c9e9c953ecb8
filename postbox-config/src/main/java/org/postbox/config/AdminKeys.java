package org.postbox.config;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Reads the {@code admin:} section ({@link AdminConfig}). */
final class AdminKeys {

    private static final String LISTEN_HINT = "write IP:PORT such as 127.0.0.1:9111 or [::1]:9111";

    private AdminKeys() {
    }

    static AdminConfig read(ConfigNode a, List<ListenerConfig> listeners, MetricsConfig metrics,
            Function<ConfigNode, TlsConfig> tlsReader) {
        String listen = a.string("listen", AdminConfig.DEFAULT_ADDRESS + ":" + AdminConfig.DEFAULT_PORT).trim();
        String key = a.keyPath("listen");
        int colon = listen.lastIndexOf(':');
        if (colon <= 0 || colon == listen.length() - 1) {
            throw new ConfigException(key, "'" + listen + "' has no port; " + LISTEN_HINT);
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new ConfigException(key, "'" + listen + "': put an IPv6 address in brackets; " + LISTEN_HINT);
        }
        NetworkSet.ipLiteral(key, host, LISTEN_HINT);
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + listen.substring(colon + 1) + "' is not a port; " + LISTEN_HINT);
        }
        if (port < 0 || port > 65_535) {
            throw new ConfigException(key, port + " is out of range; use a port from 0 to 65535");
        }
        ConfigNode t = a.section("tls");
        Optional<TlsConfig> tls = Optional.empty();
        if (t.present()) {
            TlsConfig read = tlsReader.apply(t);
            if (!read.configured()) {
                throw new ConfigException(t.keyPath("certificates"), "missing; give at least one certificate for https,"
                        + " or remove admin.tls for plain http");
            }
            tls = Optional.of(read);
        }
        a.rejectUnknownKeys();
        if (port != 0) {
            for (int i = 0; i < listeners.size(); i++) {
                ListenerConfig listener = listeners.get(i);
                if (listener.port() == port && listener.address().equals(host)) {
                    throw new ConfigException(key, listen + " is also listeners[" + i + "] (" + listener.name()
                            + "); give the admin API a port of its own");
                }
            }
            if (metrics.enabled() && metrics.port() == port && metrics.address().equals(host)) {
                throw new ConfigException(key, listen + " is also the metrics endpoint; give the admin API a port of its own");
            }
        }
        return new AdminConfig(host, port, tls);
    }
}
