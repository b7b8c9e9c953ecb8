package org.postbox.daemon.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.postbox.config.ConfigException;

/**
 * Reads certificate chains and private keys from PEM files as certbot and openssl write them,
 * without a keystore: {@code CERTIFICATE} blocks, and keys in PKCS#8 ({@code PRIVATE KEY}),
 * PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}) form. Other blocks (e.g.
 * {@code EC PARAMETERS}) and text between blocks are skipped, so one file holding both the chain
 * and the key may serve as both. Bouncy Castle parses; the keys and certificates it yields are the
 * JDK's own types, as JSSE expects. Every problem is a {@link ConfigException} naming the key.
 */
final class PemFiles {

    /** Far more than any real chain or key; stops a wrong path (a log file, a disk image) from filling the heap. */
    private static final long MAX_FILE_SIZE = 1024 * 1024;

    private PemFiles() {
    }

    /** The certificates of {@code file} in file order (leaf first in a certbot fullchain.pem); never empty. */
    static List<X509Certificate> certificateChain(String key, Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = parser(key, file)) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (CertificateException e) {
            throw new ConfigException(key, file + " holds a certificate that cannot be used: " + e.getMessage());
        } catch (IOException e) {
            throw unreadable(key, file, e);
        }
        if (chain.isEmpty()) {
            throw new ConfigException(key, file + " holds no PEM certificate (\"-----BEGIN CERTIFICATE-----\");"
                    + " give the certificate chain, e.g. certbot's fullchain.pem");
        }
        return List.copyOf(chain);
    }

    /** The first private key in {@code file}, which must not be encrypted. */
    static PrivateKey privateKey(String key, Path file) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = parser(key, file)) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof PEMKeyPair pair) {
                    // Only the private half: SEC1 makes the public key optional, and some tools leave it out.
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (block instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (block instanceof PEMEncryptedKeyPair || block instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new ConfigException(key, "the private key in " + file + " is encrypted; postboxd needs it"
                            + " unencrypted (as certbot writes it), readable only by the postbox user");
                }
            }
        } catch (IOException e) {
            throw unreadable(key, file, e);
        }
        throw new ConfigException(key, file + " holds no PEM private key (\"-----BEGIN PRIVATE KEY-----\","
                + " \"RSA PRIVATE KEY\" or \"EC PRIVATE KEY\"); give the key file, e.g. certbot's privkey.pem");
    }

    private static PEMParser parser(String key, Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_SIZE) {
            throw new ConfigException(key, file + " is larger than 1 MiB, which no PEM certificate or key is;"
                    + " check the path");
        }
        // ISO-8859-1 decodes any octet, so a binary (DER) file ends as "no PEM block", not as a charset error.
        Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
        return new PEMParser(reader);
    }

    private static ConfigException unreadable(String key, Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new ConfigException(key, file + " does not exist");
        }
        if (e instanceof AccessDeniedException) {
            return new ConfigException(key, file + " is not readable by the user postboxd runs as; fix its permissions");
        }
        // PEMParser reports damaged blocks as IOExceptions too (e.g. bad base64).
        return new ConfigException(key, file + " cannot be read as PEM: " + e.getMessage());
    }
}
