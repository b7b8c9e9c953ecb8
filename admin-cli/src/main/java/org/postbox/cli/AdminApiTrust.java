package org.postbox.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which certificates {@code who}, {@code kick} and {@code reload} trust for https to the admin
 * API, and, after a refused handshake, why it was refused. The usual admin certificate is
 * self-signed, which no trust store knows, so the CLI trusts it by itself: from {@code --cacert},
 * or the certificate file {@code admin.tls} names. It remembers the certificate the daemon showed,
 * so that a refusal can say whether the certificate is unknown or names another host than the
 * URL's (the URL built from {@code admin.listen} holds an IP address).
 */
final class AdminApiTrust {

    /** Why the last handshake was refused, as far as this trust manager could see. */
    private sealed interface Refusal {
        record Untrusted(X509Certificate certificate) implements Refusal {
        }

        record OtherHost(X509Certificate certificate) implements Refusal {
        }
    }

    private final X509ExtendedTrustManager trusted;
    private final String source;
    private volatile Refusal refusal;

    private AdminApiTrust(X509ExtendedTrustManager trusted, String source) {
        this.trusted = trusted;
        this.source = source;
    }

    /** The JDK's trusted CAs only. */
    static AdminApiTrust defaults() {
        return new AdminApiTrust(trustManager(null), "the JDK's trusted CAs");
    }

    /** Exactly these certificates ({@code --cacert}): the admin certificate itself or its CA. */
    static AdminApiTrust only(List<X509Certificate> certificates, String source) {
        return new AdminApiTrust(trustManager(keyStore(certificates)), source);
    }

    /** These certificates (the ones {@code admin.tls} names) and the JDK's trusted CAs. */
    static AdminApiTrust defaultsAnd(List<X509Certificate> certificates, String source) {
        List<X509Certificate> all = new ArrayList<>(certificates);
        all.addAll(List.of(trustManager(null).getAcceptedIssuers()));
        return new AdminApiTrust(trustManager(keyStore(all)), source + " and the JDK's trusted CAs");
    }

    /**
     * The certificates of a PEM file, read with the JDK's {@link CertificateFactory}.
     *
     * @throws IOException          if the file cannot be read
     * @throws CertificateException if it holds no certificate or a broken one
     */
    static List<X509Certificate> readPem(Path file) throws IOException, CertificateException {
        Collection<? extends java.security.cert.Certificate> read;
        try (InputStream in = Files.newInputStream(file)) {
            read = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (java.security.cert.Certificate certificate : read) {
            certificates.add((X509Certificate) certificate);
        }
        if (certificates.isEmpty()) {
            throw new CertificateException("no PEM certificate in it");
        }
        return certificates;
    }

    /** The certificates of {@code --cacert FILE}; a file that does not do is a usage error. */
    static List<X509Certificate> cacert(Path file) {
        try {
            return readPem(file);
        } catch (NoSuchFileException e) {
            throw new CommandFailure(ExitCodes.NO_INPUT, "--cacert " + file + ": no such file");
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.NO_INPUT, "--cacert " + file + ": " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new CommandFailure(ExitCodes.DATA, "--cacert " + file + ": not PEM certificates: " + e.getMessage(), e);
        }
    }

    /** A client context that trusts what this trusts, and remembers why it refused. */
    SSLContext context() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new Recording()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS", e);
        }
    }

    /**
     * What to tell after a handshake with {@code base} failed: an unknown certificate, or one for
     * other names than the URL's host; empty when the certificate was not the problem.
     *
     * @param cause what the HTTP client threw
     */
    Optional<CommandFailure> explain(URI base, Throwable cause) {
        Refusal seen = refusal;
        if (seen instanceof Refusal.OtherHost other) {
            List<String> names = names(other.certificate());
            String fix = names.stream().filter(name -> !name.startsWith("*")).findFirst()
                    .map(name -> "; use --url https://" + name + ":" + base.getPort()
                            + " (that name must lead to the admin listener's address, e.g. through /etc/hosts)")
                    .orElse("; use --url https://NAME:" + base.getPort() + " with a name the certificate has");
            return Optional.of(new CommandFailure(ExitCodes.CONFIG, "the certificate of postboxd's admin API is for "
                    + (names.isEmpty() ? "no host name" : String.join(", ", names)) + ", not " + base.getHost()
                    + ", the host of " + base + fix, cause));
        }
        if (seen instanceof Refusal.Untrusted untrusted) {
            X509Certificate certificate = untrusted.certificate();
            return Optional.of(new CommandFailure(ExitCodes.CONFIG, "postboxd's admin API at " + base
                    + " shows a certificate not signed by " + source + " (subject "
                    + certificate.getSubjectX500Principal().getName() + ", issuer "
                    + certificate.getIssuerX500Principal().getName() + "); give --cacert FILE with that certificate "
                    + "or its CA, e.g. the cert file of admin.tls", cause));
        }
        return Optional.empty();
    }

    /** The DNS names and IP addresses a certificate is for; its common name if it has none. */
    static List<String> names(X509Certificate certificate) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    int type = (Integer) alternative.get(0);
                    if (type == 2 || type == 7) { // dNSName, iPAddress
                        names.add(String.valueOf(alternative.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // Then only the common name can say who it is for.
        }
        if (names.isEmpty()) {
            for (String part : certificate.getSubjectX500Principal().getName().split(",")) {
                if (part.startsWith("CN=")) {
                    names.add(part.substring(3));
                }
            }
        }
        return List.copyOf(names);
    }

    private static KeyStore keyStore(List<X509Certificate> certificates) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("trusted-" + i, certificates.get(i));
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a trust store in memory", e);
        }
    }

    /** The JDK's PKIX trust manager over {@code store}; the JDK's own trust store when null. */
    private static X509ExtendedTrustManager trustManager(KeyStore store) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JDK has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the JDK's trust manager", e);
        }
    }

    /**
     * The JDK's checks, unchanged, in two steps so that a refusal says which failed: is the chain
     * trusted at all, then is it for the host the client asked for (the engine's endpoint check,
     * which the JDK's HttpClient turns on).
     */
    private final class Recording extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            refusal = null;
            try {
                trusted.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                refusal = new Refusal.Untrusted(chain[0]);
                throw e;
            }
            try {
                trusted.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                refusal = new Refusal.OtherHost(chain[0]);
                throw e;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            trusted.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trusted.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            trusted.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            trusted.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trusted.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return trusted.getAcceptedIssuers();
        }
    }
}
