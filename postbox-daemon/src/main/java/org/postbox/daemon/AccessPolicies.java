package org.postbox.daemon;

import java.util.Optional;
import org.postbox.config.ListenerConfig;
import org.postbox.config.PostboxConfig;
import org.postbox.config.ProxyProtocolConfig;
import org.postbox.pop3.server.AccessPolicy;
import org.postbox.pop3.server.ClientLimits;
import org.postbox.pop3.server.LoginDelays;
import org.postbox.pop3.server.ProxyProtocol;
import org.postbox.pop3.server.sasl.BearerTokenVerifier;
import org.postbox.pop3.server.sasl.SaslMechanisms;

/**
 * The {@link AccessPolicy} of each listener, from the configuration. The mechanisms and the
 * per-client limits are made once and shared by every listener, so that a client's connections
 * and a mailbox's logins count across all of them.
 */
final class AccessPolicies {

    private final PostboxConfig config;
    private final SaslMechanisms mechanisms;
    private final ClientLimits limits;

    /**
     * @throws org.postbox.config.ConfigException when the OAuth key set cannot be read
     */
    AccessPolicies(PostboxConfig config) {
        this.config = config;
        Optional<BearerTokenVerifier> tokens = config.auth().oauth().map(JwtBearerTokens::of);
        this.mechanisms = SaslMechanisms.of(config.auth().mechanisms(), tokens);
        this.limits = new ClientLimits(config.limits().maxConnectionsPerIp(), config.limits().maxConnectionsPerMailboxIp(),
                new LoginDelays(config.limits().loginDelay(), System::nanoTime));
    }

    AccessPolicy of(ListenerConfig listener) {
        ProxyProtocolConfig proxy = listener.proxyProtocol();
        return new AccessPolicy(mechanisms, config.auth().apop(), config.limits().maxAuthAttempts(),
                config.limits().maxSaslLineLength(), limits,
                proxy.enabled() ? ProxyProtocol.from(proxy.trusted(), proxy.headerTimeout()) : ProxyProtocol.disabled());
    }
}
