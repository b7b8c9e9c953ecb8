package org.postbox.daemon.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.postbox.config.CertificateConfig;
import org.postbox.config.ConfigException;
import org.postbox.config.TlsConfig;
import org.postbox.config.TlsMode;
import org.postbox.pop3.server.tls.ListenerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's certificates: the configured PEM files, loaded into an {@link SSLContext} whose
 * key manager chooses by SNI. Shared by every TLS listener of the daemon, which each ask
 * {@link #context()} at every handshake; the listener itself ({@link ListenerTls}) applies the
 * TLS versions and cipher suites allowed.
 *
 * <p>{@link #reload()} reads the files again and, only if all of them are usable, puts a new
 * context in place: handshakes that start afterwards use the new certificates, connections
 * already under TLS keep their keys. A new context also means a new session cache, so no
 * resumed session carries on with a replaced certificate.
 *
 * <pre>
 * ServerTls tls = ServerTls.load(config.tls());   // ConfigException when a file is unusable
 * ListenerTls pop3s = ServerTls.forListener(TlsMode.IMPLICIT, Optional.of(tls));
 * ...
 * tls.reload();                                   // false, and one error line, when it is broken
 * </pre>
 */
public final class ServerTls {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    /** One consistent generation: the certificates and the context built from them. */
    private record Generation(CertificateSet certificates, SSLContext context) {
    }

    private final TlsConfig config;
    private volatile Generation current;

    private ServerTls(TlsConfig config, Generation first) {
        this.config = config;
        this.current = first;
    }

    /**
     * Loads every configured certificate.
     *
     * @throws ConfigException naming the key (e.g. {@code tls.certificates[1].key}) of the first unusable file
     */
    public static ServerTls load(TlsConfig config) {
        Objects.requireNonNull(config, "config");
        ServerTls tls = new ServerTls(config, generation(config));
        LOG.info("TLS certificates loaded: {}", tls.current.certificates().describe());
        return tls;
    }

    /**
     * Reads the certificate files again. On success new handshakes use them; on failure the
     * certificates in use stay, and one error line says what is wrong with which file. Files that
     * hold the same certificates and keys as before change nothing.
     *
     * @return whether other certificates than before are in use now
     */
    public synchronized boolean reload() {
        Generation next;
        try {
            next = generation(config);
        } catch (ConfigException e) {
            LOG.error("TLS certificates not reloaded, the previous ones stay in use: {}", e.getMessage());
            return false;
        } catch (RuntimeException e) {
            LOG.error("TLS certificates not reloaded, the previous ones stay in use", e);
            return false;
        }
        if (next.certificates().sameAs(current.certificates())) {
            // A SIGHUP or a reload request after a renewal that did not happen (yet).
            LOG.info("TLS certificates read again, unchanged: {}", next.certificates().describe());
            return false;
        }
        current = next;
        LOG.info("TLS certificates reloaded: {}", next.certificates().describe());
        return true;
    }

    /** Every certificate and key file, for the watcher. */
    public List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (CertificateConfig certificate : config.certificates()) {
            files.add(certificate.certificate());
            files.add(certificate.privateKey());
        }
        return List.copyOf(files);
    }

    /** The context with the certificates in use now: a new one after each successful {@link #reload()}. */
    public SSLContext context() {
        return current.context();
    }

    /**
     * The TLS of a listener configured with {@code mode}.
     *
     * @param tls the certificates; present unless {@code mode} is {@link TlsMode#NONE}
     */
    public static ListenerTls forListener(TlsMode mode, Optional<ServerTls> tls) {
        return switch (mode) {
            case NONE -> ListenerTls.none();
            case STARTTLS -> ListenerTls.of(ListenerTls.Mode.STARTTLS, certificates(mode, tls)::context);
            case IMPLICIT -> ListenerTls.of(ListenerTls.Mode.IMPLICIT, certificates(mode, tls)::context);
        };
    }

    private static ServerTls certificates(TlsMode mode, Optional<ServerTls> tls) {
        return tls.orElseThrow(() -> new IllegalArgumentException("a listener with TLS mode " + mode.configName()
                + " needs certificates"));
    }

    private static Generation generation(TlsConfig config) {
        CertificateSet certificates = CertificateSet.load(config);
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            // No trust managers: clients are not asked for certificates.
            context.init(new KeyManager[] {new SniKeyManager(certificates)}, null, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime cannot set up TLS: " + e.getMessage(), e);
        }
        return new Generation(certificates, context);
    }
}
