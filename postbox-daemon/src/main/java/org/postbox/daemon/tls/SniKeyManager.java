package org.postbox.daemon.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Gives JSSE the certificate for the host name the client asked for by SNI, out of one
 * {@link CertificateSet}. Server side only: client aliases are never chosen.
 */
final class SniKeyManager extends X509ExtendedKeyManager {

    private final CertificateSet certificates;

    SniKeyManager(CertificateSet certificates) {
        this.certificates = certificates;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return certificates.chooseAlias(keyType, engine == null ? null : requestedHostName(engine.getHandshakeSession()));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        String serverName = socket instanceof SSLSocket ssl ? requestedHostName(ssl.getHandshakeSession()) : null;
        return certificates.chooseAlias(keyType, serverName);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return certificates.aliases(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return certificates.chain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return certificates.privateKey(alias);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    /** The SNI host name of a handshake in progress, or null when the client sent none. */
    private static String requestedHostName(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }
}
