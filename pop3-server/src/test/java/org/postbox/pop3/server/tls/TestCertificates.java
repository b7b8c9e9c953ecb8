package org.postbox.pop3.server.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Certificates made at test time with Bouncy Castle: a self-signed CA and leaf certificates it
 * issues for given host names, written as PEM files the way certbot lays them out.
 *
 * <pre>
 * TestCertificates ca = TestCertificates.authority("Postbox Test CA");
 * TestCertificates.Leaf mail = ca.issue("mail.example.org");
 * mail.write(dir.resolve("fullchain.pem"), dir.resolve("privkey.pem"), KeyFormat.PKCS8);
 * SSLContext client = ca.clientContext();
 * SSLContext server = TestCertificates.serverContext(mail);   // without files, for a listener's own tests
 * </pre>
 */
public final class TestCertificates {

    /** How the private key is written. */
    public enum KeyFormat {
        /** {@code PRIVATE KEY}, as certbot writes it. */
        PKCS8,
        /** {@code RSA PRIVATE KEY} or {@code EC PRIVATE KEY}, as {@code openssl genrsa}/{@code ecparam} write. */
        TRADITIONAL
    }

    /** A certificate issued by the test CA, with its key. */
    public record Leaf(X509Certificate certificate, PrivateKey privateKey, X509Certificate issuer) {

        /** Writes the chain (leaf, then CA) and the key. */
        public void write(Path chainFile, Path keyFile, KeyFormat format) {
            writeText(chainFile, pem(List.of(certificate, issuer)));
            writeText(keyFile, keyPem(format));
        }

        public String keyPem(KeyFormat format) {
            return TestCertificates.keyPem(privateKey, certificate.getPublicKey(), format);
        }
    }

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestCertificates(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new self-signed certificate authority. */
    public static TestCertificates authority(String name) {
        KeyPair keys = ecKeys();
        X500Name subject = new X500Name("CN=" + name);
        X509Certificate certificate = sign(new JcaX509v3CertificateBuilder(subject, serial(), notBefore(), notAfter(),
                subject, keys.getPublic()), keys.getPrivate(), true, List.of());
        return new TestCertificates(keys, certificate);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** An EC (P-256) leaf for {@code names}: the first is the common name, all are DNS alternative names. */
    public Leaf issue(String... names) {
        return issue(ecKeys(), names);
    }

    /** An RSA (2048 bit) leaf for {@code names}. */
    public Leaf issueRsa(String... names) {
        return issue(rsaKeys(), names);
    }

    private Leaf issue(KeyPair leafKeys, String... names) {
        X500Name subject = new X500Name("CN=" + names[0]);
        X500Name issuer = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : names) {
            alternatives.add(new GeneralName(GeneralName.dNSName, name));
        }
        X509Certificate leaf = sign(new JcaX509v3CertificateBuilder(issuer, serial(), notBefore(), notAfter(), subject,
                leafKeys.getPublic()), keys.getPrivate(), false, alternatives);
        return new Leaf(leaf, leafKeys.getPrivate(), certificate);
    }

    /** Writes the CA certificate, for {@code curl --cacert} and {@code openssl -CAfile}. */
    public void write(Path file) {
        writeText(file, pem(List.of(certificate)));
    }

    /** A client context that trusts exactly this CA. */
    public SSLContext clientContext() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A server context holding {@code leaves}, without PEM files: the JDK's key manager picks the
     * first of the key type a handshake asks for, whatever name the client sends.
     */
    public static SSLContext serverContext(Leaf... leaves) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] password = "test".toCharArray();
            for (int i = 0; i < leaves.length; i++) {
                keys.setKeyEntry("leaf-" + i, leaves[i].privateKey(), password,
                        new X509Certificate[] {leaves[i].certificate(), leaves[i].issuer()});
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PEM blocks of {@code objects} (certificates, keys), in order. */
    public static String pem(List<?> objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** {@code publicKey} is needed for SEC1 only, which carries it as openssl writes it. */
    static String keyPem(PrivateKey key, PublicKey publicKey, KeyFormat format) {
        try {
            if (format == KeyFormat.PKCS8) {
                return pem(List.of(new JcaPKCS8Generator(key, null).generate()));
            }
            if (key.getAlgorithm().equals("RSA")) {
                return pem(List.of(key));
            }
            // JcaPEMWriter would leave out the curve, which SEC1 only makes optional because PKCS#8 carries it.
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
            org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(),
                    SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()).getPublicKeyData(),
                    info.getPrivateKeyAlgorithm().getParameters());
            return pem(List.of(new PemObject("EC PRIVATE KEY", sec1.getEncoded())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeText(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey, boolean authority,
            List<GeneralName> alternatives) {
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            builder.addExtension(Extension.keyUsage, true, authority
                    ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                    : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            if (!alternatives.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(alternatives.toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIALS.incrementAndGet());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(30)));
    }
}
