package org.postbox.password;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a SCRAM-SHA-256 server keeps of a password (RFC 5802 section 3, RFC 7677): the salt, the
 * iteration count, {@code StoredKey = H(HMAC(SaltedPassword, "Client Key"))} and
 * {@code ServerKey = HMAC(SaltedPassword, "Server Key")}, where
 * {@code SaltedPassword = PBKDF2-HMAC-SHA-256(SASLprep(password), salt, iterations)}. Enough to
 * check a client's proof and to prove the server's own knowledge, not enough to log in as the user.
 *
 * <p>Stored in Dovecot's syntax: {@code {SCRAM-SHA-256}4096,<salt>,<StoredKey>,<ServerKey>} with
 * base64 fields. Every primitive is the JDK's: PBKDF2 from {@link SecretKeyFactory}, HMAC from
 * {@link Mac}, SHA-256 from {@link MessageDigest}.
 */
public final class ScramCredential {
    /** RFC 7677 section 4: at least 4096; Dovecot's default. */
    public static final int DEFAULT_ITERATIONS = 4096;
    static final int SALT_LENGTH = 16;
    static final int KEY_LENGTH = 32;
    // A stored value decides how much work a login costs; this keeps a hostile one from stalling the daemon.
    static final int MAX_ITERATIONS = 10_000_000;

    private final int iterations;
    private final byte[] salt;
    private final byte[] storedKey;
    private final byte[] serverKey;

    ScramCredential(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be from 1 to " + MAX_ITERATIONS + ", got " + iterations);
        }
        if (salt.length == 0 || storedKey.length != KEY_LENGTH || serverKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("a SCRAM-SHA-256 credential needs a salt and two 32-octet keys");
        }
        this.iterations = iterations;
        this.salt = salt.clone();
        this.storedKey = storedKey.clone();
        this.serverKey = serverKey.clone();
    }

    /** Derives the credential of {@code password} (SASLprep is applied here). */
    public static ScramCredential derive(String password, byte[] salt, int iterations) {
        Objects.requireNonNull(password, "password");
        byte[] salted = saltedPassword(SaslPrep.forHashing(password), salt, iterations);
        try {
            return new ScramCredential(iterations, salt, sha256(hmac(salted, "Client Key")), hmac(salted, "Server Key"));
        } finally {
            Arrays.fill(salted, (byte) 0);
        }
    }

    public int iterations() {
        return iterations;
    }

    public byte[] salt() {
        return salt.clone();
    }

    public byte[] storedKey() {
        return storedKey.clone();
    }

    public byte[] serverKey() {
        return serverKey.clone();
    }

    /**
     * Whether {@code clientProof} proves knowledge of the password for this {@code authMessage}
     * (RFC 5802 section 3): {@code H(ClientProof XOR HMAC(StoredKey, AuthMessage)) == StoredKey}.
     * Constant time in where a mismatch is.
     */
    public boolean verifies(byte[] authMessage, byte[] clientProof) {
        if (clientProof.length != KEY_LENGTH) {
            return false;
        }
        byte[] clientSignature = hmac(storedKey, authMessage);
        byte[] clientKey = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            clientKey[i] = (byte) (clientProof[i] ^ clientSignature[i]);
        }
        return MessageDigest.isEqual(storedKey, sha256(clientKey));
    }

    /** {@code ServerSignature = HMAC(ServerKey, AuthMessage)}, sent in the server-final-message. */
    public byte[] serverSignature(byte[] authMessage) {
        return hmac(serverKey, authMessage);
    }

    /** Whether {@code password} is the one this credential was derived from. */
    boolean matches(String password) {
        return MessageDigest.isEqual(storedKey, derive(password, salt, iterations).storedKey);
    }

    /** The Dovecot form, {@code {SCRAM-SHA-256}iterations,salt,StoredKey,ServerKey}. */
    String stored() {
        Base64.Encoder b64 = Base64.getEncoder();
        return "{SCRAM-SHA-256}" + iterations + "," + b64.encodeToString(salt) + "," + b64.encodeToString(storedKey) + ","
                + b64.encodeToString(serverKey);
    }

    @Override
    public String toString() {
        return "ScramCredential[iterations=" + iterations + "]";
    }

    static byte[] saltedPassword(String prepared, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(prepared.toCharArray(), salt, iterations, KEY_LENGTH * 8);
        try {
            // The JDK's PBKDF2 turns the characters into UTF-8, as RFC 5802 requires.
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }

    static byte[] hmac(byte[] key, String text) {
        return hmac(key, text.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
