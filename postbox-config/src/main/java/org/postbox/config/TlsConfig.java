package org.postbox.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code tls:} section: the certificates all TLS listeners serve, chosen per connection by
 * the client's SNI host name.
 *
 * @param certificates   the certificates; empty when TLS is not set up
 * @param defaultName    the host name whose certificate answers clients that send no or an
 *                       unknown SNI name; empty: the first certificate's
 * @param reloadInterval how often the certificate files are checked for changes; zero: never
 *                       (SIGHUP still reloads)
 */
public record TlsConfig(List<CertificateConfig> certificates, Optional<String> defaultName, Duration reloadInterval) {

    /** Whether any certificate is configured, i.e. whether listeners can offer TLS at all. */
    public boolean configured() {
        return !certificates.isEmpty();
    }
}
