package org.postbox.pop3.server.session;

/**
 * What a session's TLS handshake negotiated, for logs.
 *
 * @param protocol    e.g. {@code TLSv1.3}
 * @param cipherSuite e.g. {@code TLS_AES_128_GCM_SHA256}
 */
public record TlsFacts(String protocol, String cipherSuite) {

    /** As the session summary line shows it: {@code TLSv1.3/TLS_AES_128_GCM_SHA256}. */
    @Override
    public String toString() {
        return protocol + "/" + cipherSuite;
    }
}
