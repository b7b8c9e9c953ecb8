package org.postbox.config;

import java.util.Optional;

/**
 * One network listener.
 *
 * @param name          unique name, used in logs (and later in metrics)
 * @param protocol      what it speaks: {@code pop3} or {@code lmtp}
 * @param address       the IP address to bind
 * @param port          the TCP port
 * @param defaultDomain appended to login names that carry no {@code @domain}
 * @param tls           whether and how the listener speaks TLS
 * @param proxyProtocol whether connections start with a HAProxy PROXY header, and from which proxies
 * @param lmtp          the keys of an {@code lmtp} listener; empty for every other protocol
 */
public record ListenerConfig(String name, String protocol, String address, int port, Optional<String> defaultDomain,
        TlsMode tls, ProxyProtocolConfig proxyProtocol, Optional<LmtpListenerConfig> lmtp) {

    /** The protocol name of LMTP listeners. */
    public static final String LMTP = "lmtp";

    public ListenerConfig {
        if (lmtp.isPresent() != LMTP.equals(protocol)) {
            throw new IllegalArgumentException("LMTP settings go with protocol lmtp and only with it; listener " + name);
        }
    }

    /** A listener of any protocol but LMTP. */
    public ListenerConfig(String name, String protocol, String address, int port, Optional<String> defaultDomain,
            TlsMode tls, ProxyProtocolConfig proxyProtocol) {
        this(name, protocol, address, port, defaultDomain, tls, proxyProtocol, Optional.empty());
    }

    /** An LMTP listener: no TLS, no PROXY protocol, no default domain (recipients are full addresses). */
    public static ListenerConfig lmtp(String name, String address, int port, LmtpListenerConfig settings) {
        return new ListenerConfig(name, LMTP, address, port, Optional.empty(), TlsMode.NONE, ProxyProtocolConfig.DISABLED,
                Optional.of(settings));
    }

    public boolean isLmtp() {
        return lmtp.isPresent();
    }

    /** A listener without the PROXY protocol. */
    public ListenerConfig(String name, String protocol, String address, int port, Optional<String> defaultDomain,
            TlsMode tls) {
        this(name, protocol, address, port, defaultDomain, tls, ProxyProtocolConfig.DISABLED);
    }

    /** A listener without TLS. */
    public ListenerConfig(String name, String protocol, String address, int port, Optional<String> defaultDomain) {
        this(name, protocol, address, port, defaultDomain, TlsMode.NONE);
    }
}
