package org.postbox.daemon.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postbox.config.CertificateConfig;
import org.postbox.config.ConfigException;
import org.postbox.config.TlsConfig;
import org.postbox.pop3.server.tls.TestCertificates;
import org.postbox.pop3.server.tls.TestCertificates.KeyFormat;
import org.postbox.pop3.server.tls.TestCertificates.Leaf;

/** PEM files as certbot and openssl write them, and choosing among the loaded certificates by SNI. */
class CertificateLoadingTest {

    private static TestCertificates ca;
    private static Leaf mail;
    private static Leaf rsaMail;
    private static Leaf wildcard;

    @TempDir
    Path dir;

    @BeforeAll
    static void issue() {
        ca = TestCertificates.authority("Postbox Test CA");
        mail = ca.issue("mail.example.org", "pop.example.org");
        rsaMail = ca.issueRsa("mail.example.org");
        wildcard = ca.issue("*.example.net");
    }

    @ParameterizedTest
    @EnumSource(KeyFormat.class)
    void readsEcKeysAsPkcs8AndSec1(KeyFormat format) throws Exception {
        CertificateConfig entry = TlsFiles.write(dir, "mail", 0, mail, format);
        assertThat(Files.readString(entry.privateKey()))
                .startsWith(format == KeyFormat.PKCS8 ? "-----BEGIN PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----");

        CertifiedKey key = CertifiedKey.load(entry);

        assertThat(key.keyType()).isEqualTo("EC");
        assertThat(key.chain()).containsExactly(mail.certificate(), ca.certificate());
        // SEC1 keys carry the curve and public point inside, so compare the secret, not the encoding.
        assertThat(((ECPrivateKey) key.privateKey()).getS()).isEqualTo(((ECPrivateKey) mail.privateKey()).getS());
        assertThat(key.names()).containsExactly("mail.example.org", "pop.example.org");
    }

    @ParameterizedTest
    @EnumSource(KeyFormat.class)
    void readsRsaKeysAsPkcs8AndPkcs1(KeyFormat format) throws Exception {
        CertificateConfig entry = TlsFiles.write(dir, "rsa", 0, rsaMail, format);
        assertThat(Files.readString(entry.privateKey()))
                .startsWith(format == KeyFormat.PKCS8 ? "-----BEGIN PRIVATE KEY-----" : "-----BEGIN RSA PRIVATE KEY-----");

        CertifiedKey key = CertifiedKey.load(entry);

        assertThat(key.keyType()).isEqualTo("RSA");
        assertThat(key.privateKey().getEncoded()).isEqualTo(rsaMail.privateKey().getEncoded());
    }

    @Test
    void oneFileMayHoldChainAndKeyWithOtherBlocksAndTextAround() throws Exception {
        Path combined = dir.resolve("combined.pem");
        Files.writeString(combined, "Bag Attributes: as openssl pkcs12 prints them\n"
                + TestCertificates.pem(List.of(mail.certificate())) + "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n"
                + "-----END EC PARAMETERS-----\n" + mail.keyPem(KeyFormat.TRADITIONAL)
                + TestCertificates.pem(List.of(ca.certificate())));

        CertifiedKey key = CertifiedKey.load(new CertificateConfig("tls.certificates[0]", combined, combined, List.of()));

        assertThat(key.chain()).containsExactly(mail.certificate(), ca.certificate());
    }

    @Test
    void givenNamesReplaceTheCertificates() {
        CertificateConfig files = TlsFiles.write(dir, "mail", 0, mail, KeyFormat.PKCS8);
        CertifiedKey key = CertifiedKey.load(new CertificateConfig(files.key(), files.certificate(), files.privateKey(),
                List.of("pop3.example.com")));
        assertThat(key.names()).containsExactly("pop3.example.com");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        CertificateConfig files = TlsFiles.write(dir, "mail", 0, mail, KeyFormat.PKCS8);
        Files.writeString(files.privateKey(), rsaMail.keyPem(KeyFormat.PKCS8));
        assertThatThrownBy(() -> CertifiedKey.load(files)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("tls.certificates[0]: the first certificate in " + files.certificate()
                        + " does not belong to the private key in " + files.privateKey());

        // The same algorithm and curve, but another key pair.
        Files.writeString(files.privateKey(), wildcard.keyPem(KeyFormat.PKCS8));
        assertThatThrownBy(() -> CertifiedKey.load(files)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not belong to the private key");
    }

    @Test
    void unusableFilesAreNamedWithTheirKey() throws Exception {
        CertificateConfig files = TlsFiles.write(dir, "mail", 3, mail, KeyFormat.PKCS8);
        Path missing = dir.resolve("nothing.pem");

        assertThatThrownBy(() -> CertifiedKey.load(new CertificateConfig(files.key(), missing, files.privateKey(), List.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tls.certificates[3].cert: " + missing + " does not exist");

        Files.writeString(files.certificate(), "not a certificate\n");
        assertThatThrownBy(() -> CertifiedKey.load(files)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("tls.certificates[3].cert: " + files.certificate() + " holds no PEM certificate");

        Files.writeString(files.certificate(), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> CertifiedKey.load(files)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("tls.certificates[3].cert: " + files.certificate());

        mail.write(files.certificate(), files.privateKey(), KeyFormat.PKCS8);
        Files.writeString(files.privateKey(), TestCertificates.pem(List.of(mail.certificate())));
        assertThatThrownBy(() -> CertifiedKey.load(files)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("tls.certificates[3].key: " + files.privateKey() + " holds no PEM private key");
    }

    @Test
    void anEncryptedKeyIsRefusedWithAReason() throws Exception {
        CertificateConfig files = TlsFiles.write(dir, "mail", 0, mail, KeyFormat.PKCS8);
        Files.writeString(files.privateKey(), "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + encryptedKeyBase64() + "\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> CertifiedKey.load(files)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("is encrypted; postboxd needs it unencrypted");
    }

    @Test
    void choosesByExactNameThenWildcardThenDefaultAndByKeyType() {
        CertificateSet set = CertificateSet.load(TlsFiles.config(
                TlsFiles.write(dir, "mail", 0, mail, KeyFormat.PKCS8),
                TlsFiles.write(dir, "wild", 1, wildcard, KeyFormat.PKCS8),
                TlsFiles.write(dir, "rsa", 2, rsaMail, KeyFormat.PKCS8)));

        assertThat(leafOf(set, set.chooseAlias("EC", "pop.example.org"))).isEqualTo(mail.certificate());
        assertThat(leafOf(set, set.chooseAlias("EC", "POP.Example.ORG"))).isEqualTo(mail.certificate());
        assertThat(leafOf(set, set.chooseAlias("EC", "imap.example.net"))).isEqualTo(wildcard.certificate());
        // A wildcard covers one label only.
        assertThat(leafOf(set, set.chooseAlias("EC", "a.b.example.net"))).isEqualTo(mail.certificate());
        assertThat(leafOf(set, set.chooseAlias("EC", "example.net"))).isEqualTo(mail.certificate());
        assertThat(leafOf(set, set.chooseAlias("EC", "unknown.example.com"))).isEqualTo(mail.certificate());
        assertThat(leafOf(set, set.chooseAlias("EC", null))).isEqualTo(mail.certificate());

        assertThat(leafOf(set, set.chooseAlias("RSA", "mail.example.org"))).isEqualTo(rsaMail.certificate());
        // The default name has an RSA certificate too; the wildcard's name has none.
        assertThat(leafOf(set, set.chooseAlias("RSA", null))).isEqualTo(rsaMail.certificate());
        assertThat(set.chooseAlias("RSA", "imap.example.net")).isNull();
        assertThat(set.aliases("RSA")).hasSize(1);
        assertThat(set.aliases("EC")).hasSize(2);
    }

    @Test
    void anUnknownNameCostsALookUpAndAllocatesNothingThatLasts() {
        // Clients choose the SNI name: a server that built or cached anything per unknown name
        // could be made to fill its memory. The choice is a look-up in maps made at load time.
        CertificateSet set = CertificateSet.load(TlsFiles.config(
                TlsFiles.write(dir, "mail", 0, mail, KeyFormat.PKCS8),
                TlsFiles.write(dir, "wild", 1, wildcard, KeyFormat.PKCS8)));
        String defaultAlias = set.chooseAlias("EC", null);
        String[] names = new String[20_000];
        for (int i = 0; i < names.length; i++) {
            names[i] = "host" + i + ".unknown" + i + ".example";
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported()
                && threads.isThreadAllocatedMemoryEnabled(), "this JVM does not count allocated bytes");

        int defaults = countDefaults(set, names, defaultAlias); // warms up the look-up
        long before = threads.getCurrentThreadAllocatedBytes();
        defaults += countDefaults(set, names, defaultAlias);
        long perName = (threads.getCurrentThreadAllocatedBytes() - before) / names.length;

        assertThat(defaults).isEqualTo(2 * names.length);
        // At most the parent name cut off for the wildcard look-up (a few dozen octets, often
        // none once compiled); a certificate, key manager or cache entry would cost kilobytes.
        assertThat(perName).as("octets allocated per unknown name").isLessThan(200);
    }

    private static int countDefaults(CertificateSet set, String[] names, String defaultAlias) {
        int count = 0;
        for (String name : names) {
            if (defaultAlias.equals(set.chooseAlias("EC", name))) {
                count++;
            }
        }
        return count;
    }

    @Test
    void theDefaultMustBeANameOfACertificate() {
        CertificateConfig mailFiles = TlsFiles.write(dir, "mail", 0, mail, KeyFormat.PKCS8);
        CertificateConfig wildFiles = TlsFiles.write(dir, "wild", 1, wildcard, KeyFormat.PKCS8);

        CertificateSet set = CertificateSet.load(new TlsConfig(List.of(mailFiles, wildFiles),
                Optional.of("*.example.net"), Duration.ZERO));
        assertThat(leafOf(set, set.chooseAlias("EC", "other.example.com"))).isEqualTo(wildcard.certificate());

        assertThatThrownBy(() -> CertificateSet.load(new TlsConfig(List.of(mailFiles, wildFiles),
                Optional.of("imap.example.com"), Duration.ZERO)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tls.default: 'imap.example.com' is not a name of any certificate; the certificates answer to:"
                        + " mail.example.org, pop.example.org, *.example.net");
    }

    private static Object leafOf(CertificateSet set, String alias) {
        assertThat(alias).isNotNull();
        assertThat(set.privateKey(alias)).isNotNull();
        return set.chain(alias)[0];
    }

    /** A PKCS#8 EncryptedPrivateKeyInfo made with the JDK (PBES2 is not needed: only its form matters). */
    private static String encryptedKeyBase64() throws Exception {
        javax.crypto.SecretKeyFactory factory = javax.crypto.SecretKeyFactory.getInstance("PBEWithSHA1AndDESede");
        javax.crypto.SecretKey secret = factory.generateSecret(new javax.crypto.spec.PBEKeySpec("pw".toCharArray()));
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("PBEWithSHA1AndDESede");
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, secret,
                new javax.crypto.spec.PBEParameterSpec(new byte[8], 1000));
        byte[] encrypted = cipher.doFinal(mail.privateKey().getEncoded());
        javax.crypto.EncryptedPrivateKeyInfo info = new javax.crypto.EncryptedPrivateKeyInfo(cipher.getParameters(), encrypted);
        return java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(info.getEncoded());
    }
}
