package org.postbox.daemon.tls;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.postbox.config.CertificateConfig;
import org.postbox.config.ConfigException;

/**
 * One certificate chain with its private key and the host names it answers by SNI.
 *
 * @param chain      leaf first
 * @param privateKey the leaf's key, RSA or EC
 * @param names      lower-case host names, {@code *.} wildcards included
 */
record CertifiedKey(List<X509Certificate> chain, PrivateKey privateKey, List<String> names) {

    /** What JSSE's key types and the JDK call the key algorithms served: RSA, and EC for ECDSA. */
    private static final List<String> KEY_TYPES = List.of("RSA", "EC");
    private static final Pattern HOST_NAME = Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final int DNS_NAME = 2;

    CertifiedKey {
        chain = List.copyOf(chain);
        names = List.copyOf(names);
    }

    /** Reads and checks the files of one configured certificate. */
    static CertifiedKey load(CertificateConfig config) {
        List<X509Certificate> chain = PemFiles.certificateChain(config.key() + ".cert", config.certificate());
        PrivateKey key = PemFiles.privateKey(config.key() + ".key", config.privateKey());
        X509Certificate leaf = chain.get(0);
        if (!KEY_TYPES.contains(key.getAlgorithm())) {
            throw new ConfigException(config.key() + ".key", config.privateKey() + " holds a " + key.getAlgorithm()
                    + " key; postboxd serves RSA and EC (ECDSA) certificates");
        }
        if (!matches(leaf, key)) {
            throw new ConfigException(config.key(), "the first certificate in " + config.certificate()
                    + " does not belong to the private key in " + config.privateKey()
                    + "; check that cert and key are files of the same certificate, and that the chain starts with it");
        }
        List<String> names = config.names().isEmpty() ? namesOf(leaf) : config.names();
        return new CertifiedKey(chain, key, names);
    }

    X509Certificate leaf() {
        return chain.get(0);
    }

    /** The key type as JSSE asks for it: {@code RSA} or {@code EC}. */
    String keyType() {
        return privateKey.getAlgorithm();
    }

    Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** For log lines: names, key type and expiry. */
    String describe() {
        String shown = names.isEmpty() ? leaf().getSubjectX500Principal().getName() : String.join(" ", names);
        return shown + " (" + keyType() + ", valid until " + notAfter() + ")";
    }

    /**
     * Whether {@code key} is the private half of the leaf's public key: a signature made with one
     * verifies with the other. Comparing encodings would need a rule per algorithm.
     */
    private static boolean matches(X509Certificate leaf, PrivateKey key) {
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] probe = "postbox certificate and key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (InvalidKeyException | SignatureException e) {
            // A public key of another algorithm, or a signature it cannot even parse: not this key's certificate.
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    /** The DNS subject alternative names, then the common name when it is a host name not listed yet. */
    static List<String> namesOf(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    if (alternative.size() >= 2 && Integer.valueOf(DNS_NAME).equals(alternative.get(0))
                            && alternative.get(1) instanceof String dns) {
                        addHostName(names, dns);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // An unreadable extension leaves only the common name to go by.
        }
        X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
        for (RDN rdn : subject.getRDNs(BCStyle.CN)) {
            addHostName(names, IETFUtils.valueToString(rdn.getFirst().getValue()));
        }
        return names;
    }

    private static void addHostName(List<String> names, String candidate) {
        String name = candidate.trim().toLowerCase(Locale.ROOT);
        if (HOST_NAME.matcher(name).matches() && !names.contains(name)) {
            names.add(name);
        }
    }
}
