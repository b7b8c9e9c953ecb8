package org.postbox.pop3.server;

import java.util.Objects;
import org.postbox.pop3.server.sasl.SaslMechanisms;

/**
 * Who may connect to a listener and how they may log in: the SASL mechanisms and APOP it offers,
 * the per-client limits (shared with the daemon's other listeners), failed logins allowed per
 * connection, the longest SASL response line, and the PROXY protocol.
 *
 * @param mechanisms        the SASL mechanisms offered, in CAPA order (plaintext ones only where
 *                          the plaintext policy allows)
 * @param apop              whether APOP is offered (the greeting then carries a timestamp)
 * @param maxAuthAttempts   failed logins per connection before it is closed
 * @param maxSaslLineLength longest SASL response line in octets, CRLF included
 * @param limits            per-client connection and login limits, LOGIN-DELAY
 * @param proxyProtocol     whether connections come through a PROXY-protocol proxy
 */
public record AccessPolicy(SaslMechanisms mechanisms, boolean apop, int maxAuthAttempts, int maxSaslLineLength,
        ClientLimits limits, ProxyProtocol proxyProtocol) {

    /** RFC 5034 needs no more than the command limit; bearer tokens need a few KiB. */
    public static final int DEFAULT_MAX_SASL_LINE_LENGTH = 16_384;

    public AccessPolicy {
        Objects.requireNonNull(mechanisms, "mechanisms");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
        if (maxAuthAttempts < 1) {
            throw new IllegalArgumentException("maxAuthAttempts must be at least 1, got " + maxAuthAttempts);
        }
        if (maxSaslLineLength < 64) {
            throw new IllegalArgumentException("maxSaslLineLength must be at least 64, got " + maxSaslLineLength);
        }
    }

    /** PLAIN and LOGIN; no APOP; 3 failed logins; no per-client limits; no PROXY protocol. */
    public static AccessPolicy defaults() {
        return new AccessPolicy(SaslMechanisms.defaults(), false, 3, DEFAULT_MAX_SASL_LINE_LENGTH, ClientLimits.none(),
                ProxyProtocol.disabled());
    }

    public AccessPolicy withMechanisms(SaslMechanisms mechanisms) {
        return new AccessPolicy(mechanisms, apop, maxAuthAttempts, maxSaslLineLength, limits, proxyProtocol);
    }

    public AccessPolicy withApop(boolean apop) {
        return new AccessPolicy(mechanisms, apop, maxAuthAttempts, maxSaslLineLength, limits, proxyProtocol);
    }

    public AccessPolicy withLimits(ClientLimits limits) {
        return new AccessPolicy(mechanisms, apop, maxAuthAttempts, maxSaslLineLength, limits, proxyProtocol);
    }

    public AccessPolicy withProxyProtocol(ProxyProtocol proxyProtocol) {
        return new AccessPolicy(mechanisms, apop, maxAuthAttempts, maxSaslLineLength, limits, proxyProtocol);
    }
}
