package org.postbox.pop3.server.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * What every TLS connection may negotiate: TLS 1.3 and 1.2 only (RFC 8996 retired the older
 * versions), forward-secret AEAD cipher suites only, in the server's order of preference (much
 * like Mozilla's "intermediate" profile without finite-field DHE).
 */
final class TlsPolicy {

    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    static final List<String> CIPHER_SUITES = List.of(
            // TLS 1.3
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            // TLS 1.2: ECDHE key exchange with AES-GCM or ChaCha20-Poly1305
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsPolicy() {
    }

    /**
     * Server-side parameters for engines of {@code context}: the policy's protocols and suites
     * that this JDK implements (a JDK without ChaCha20 simply does not offer it).
     */
    static SSLParameters serverParameters(SSLContext context) {
        SSLParameters supported = context.getSupportedSSLParameters();
        SSLParameters parameters = new SSLParameters(
                available(CIPHER_SUITES, supported.getCipherSuites()),
                available(PROTOCOLS, supported.getProtocols()));
        if (parameters.getCipherSuites().length == 0 || parameters.getProtocols().length == 0) {
            throw new IllegalStateException("this Java runtime supports none of the TLS versions " + PROTOCOLS
                    + " or none of the cipher suites " + CIPHER_SUITES);
        }
        parameters.setUseCipherSuitesOrder(true);
        parameters.setNeedClientAuth(false);
        parameters.setWantClientAuth(false);
        return parameters;
    }

    private static String[] available(List<String> wanted, String[] supported) {
        Set<String> offered = Set.of(supported);
        List<String> usable = new ArrayList<>();
        for (String candidate : wanted) {
            if (offered.contains(candidate)) {
                usable.add(candidate);
            }
        }
        return usable.toArray(String[]::new);
    }
}
