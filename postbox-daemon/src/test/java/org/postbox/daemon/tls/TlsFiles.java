package org.postbox.daemon.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.postbox.config.CertificateConfig;
import org.postbox.config.TlsConfig;
import org.postbox.pop3.server.tls.TestCertificates;
import org.postbox.pop3.server.tls.TestCertificates.KeyFormat;
import org.postbox.pop3.server.tls.TestCertificates.Leaf;

/** Certificates on disk in certbot's layout ({@code <dir>/<name>/fullchain.pem, privkey.pem}) and the configuration naming them. */
final class TlsFiles {

    private TlsFiles() {
    }

    /** Writes {@code leaf} as {@code <dir>/<name>/} and returns entry {@code index} of {@code tls.certificates}. */
    static CertificateConfig write(Path dir, String name, int index, Leaf leaf, KeyFormat format) {
        Path folder = dir.resolve(name);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        leaf.write(folder.resolve("fullchain.pem"), folder.resolve("privkey.pem"), format);
        return entry(folder, index);
    }

    /** Entry {@code index} for the files already in {@code folder}. */
    static CertificateConfig entry(Path folder, int index) {
        return new CertificateConfig("tls.certificates[" + index + "]", folder.resolve("fullchain.pem"),
                folder.resolve("privkey.pem"), List.of());
    }

    static TlsConfig config(CertificateConfig... certificates) {
        return new TlsConfig(List.of(certificates), Optional.empty(), Duration.ZERO);
    }
}
