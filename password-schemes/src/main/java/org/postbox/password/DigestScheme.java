package org.postbox.password;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

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

    /**
     * The stored value of {@code password} with {@code salt}, base64 as Dovecot writes it; only for
     * a salted scheme.
     */
    String encode(byte[] password, byte[] salt) {
        if (!salted || salt.length == 0) {
            throw new IllegalStateException("only a salted digest scheme encodes new passwords, with a salt");
        }
        MessageDigest md = digest(algorithm);
        md.update(password);
        md.update(salt);
        byte[] digest = md.digest();
        byte[] value = Arrays.copyOf(digest, digest.length + salt.length);
        System.arraycopy(salt, 0, value, digest.length, salt.length);
        return Base64.getEncoder().encodeToString(value);
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
