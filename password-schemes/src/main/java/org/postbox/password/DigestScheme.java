package org.postbox.password;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Plain and salted message digests as Dovecot and LDAP store them: {@code SHA}, {@code SHA256},
 * {@code SHA512} hold {@code digest(password)}; {@code SSHA}, {@code SSHA256}, {@code SSHA512} hold
 * {@code digest(password + salt) + salt}.
 */
final class DigestScheme implements Scheme {
    private final String algorithm;
    private final int digestLength;
    private final boolean salted;

    DigestScheme(String algorithm, boolean salted) {
        this.algorithm = algorithm;
        this.digestLength = digest(algorithm).getDigestLength();
        this.salted = salted;
    }

    @Override
    public Encoding defaultEncoding() {
        return Encoding.BASE64;
    }

    @Override
    public int fixedRawLength() {
        return salted ? 0 : digestLength;
    }

    @Override
    public StoredPassword parse(String name, byte[] raw) {
        if (salted ? raw.length <= digestLength : raw.length != digestLength) {
            throw new UnsupportedSchemeException(name + ": the stored value has " + raw.length + " octets; expected "
                    + (salted ? "more than " : "") + digestLength);
        }
        byte[] expected = Arrays.copyOf(raw, digestLength);
        byte[] salt = Arrays.copyOfRange(raw, digestLength, raw.length);
        return password -> {
            MessageDigest md = digest(algorithm);
            md.update(password);
            md.update(salt);
            return MessageDigest.isEqual(expected, md.digest());
        };
    }

    static byte[] sha256(byte[] data) {
        return digest("SHA-256").digest(data);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            // SHA-1, SHA-256 and SHA-512 are required of every Java platform.
            throw new IllegalStateException("the Java platform lacks " + algorithm, e);
        }
    }
}
