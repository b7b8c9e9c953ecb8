package org.postbox.config;

import java.nio.file.Path;
import java.util.List;

/**
 * One certificate of the {@code tls.certificates} list: PEM files as certbot writes them.
 *
 * @param key         the configuration key of this entry, e.g. {@code tls.certificates[0]}, for errors
 *                    found when the files are read
 * @param certificate the certificate chain, leaf first ({@code fullchain.pem}), absolute
 * @param privateKey  the unencrypted private key, PKCS#8, PKCS#1 (RSA) or SEC1 (EC) ({@code privkey.pem}),
 *                    absolute
 * @param names       the host names this certificate answers by SNI, lower case, {@code *.} wildcards
 *                    allowed; empty: take them from the certificate (DNS subject alternative names and
 *                    common name)
 */
public record CertificateConfig(String key, Path certificate, Path privateKey, List<String> names) {
}
