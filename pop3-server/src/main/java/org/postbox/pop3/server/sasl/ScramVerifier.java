package org.postbox.pop3.server.sasl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a SCRAM-SHA-256 server checks a client's proof against (RFC 5802 section 3, RFC 7677):
 * the salt, the iteration count, {@code StoredKey = H(HMAC(SaltedPassword, "Client Key"))} and
 * {@code ServerKey = HMAC(SaltedPassword, "Server Key")}. Enough to check a proof and to prove the
 * server's own knowledge, not enough to log in as the user. The arrays are copied in and out.
 *
 * @param salt       the salt the client derives its SaltedPassword with
 * @param iterations the PBKDF2 iteration count
 * @param storedKey  32 octets
 * @param serverKey  32 octets
 */
public record ScramVerifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

    /** RFC 7677 section 4: at least 4096; Dovecot's default. */
    public static final int DEFAULT_ITERATIONS = 4096;
    private static final int KEY_LENGTH = 32;

    public ScramVerifier {
        Objects.requireNonNull(salt, "salt");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive, got " + iterations);
        }
        if (salt.length == 0 || storedKey.length != KEY_LENGTH || serverKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("a SCRAM-SHA-256 verifier needs a salt and two 32-octet keys");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    /**
     * The verifier of {@code preparedPassword}, which must be prepared already (SASLprep, RFC
     * 4013), as RFC 5802 derives from the prepared form.
     */
    public static ScramVerifier derive(String preparedPassword, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(preparedPassword.toCharArray(), salt, iterations, KEY_LENGTH * 8);
        byte[] salted;
        try {
            // The JDK's PBKDF2 turns the characters into UTF-8, as RFC 5802 requires.
            salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
        }
        try {
            return new ScramVerifier(salt, iterations, sha256(hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII))),
                    hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII)));
        } finally {
            Arrays.fill(salted, (byte) 0);
        }
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    /**
     * Whether {@code clientProof} proves knowledge of the password for this {@code authMessage}:
     * {@code H(ClientProof XOR HMAC(StoredKey, AuthMessage)) == StoredKey}. Constant time in where
     * a mismatch is.
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

    // Array components compare by identity in a record; a verifier is compared by content.
    @Override
    public boolean equals(Object other) {
        return other instanceof ScramVerifier that && iterations == that.iterations && Arrays.equals(salt, that.salt)
                && MessageDigest.isEqual(storedKey, that.storedKey) && MessageDigest.isEqual(serverKey, that.serverKey);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(salt) + iterations;
    }

    @Override
    public String toString() {
        return "ScramVerifier[iterations=" + iterations + "]";
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
