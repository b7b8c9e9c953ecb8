package org.postbox.password;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * What a SCRAM-SHA-256 server keeps of a password (RFC 5802 section 3, RFC 7677): the salt, the
 * iteration count, {@code StoredKey = H(HMAC(SaltedPassword, "Client Key"))} and
 * {@code ServerKey = HMAC(SaltedPassword, "Server Key")}, where
 * {@code SaltedPassword = PBKDF2-HMAC-SHA-256(SASLprep(password), salt, iterations)}. Enough to
 * check a client's proof and to prove the server's own knowledge, not enough to log in as the user.
 *
 * <p>Stored in Dovecot's syntax: {@code {SCRAM-SHA-256}4096,<salt>,<StoredKey>,<ServerKey>} with
 * base64 fields. The SCRAM functions are ongres scram-common's {@link ScramFunctions}; only the
 * SASLprep step is ours ({@link SaslPrep#forHashing}), so that what it does with passwords it
 * refuses stays as it was.
 */
public final class ScramCredential {
    /** RFC 7677 section 4: at least 4096; Dovecot's default. */
    public static final int DEFAULT_ITERATIONS = 4096;
    static final int SALT_LENGTH = 16;
    static final int KEY_LENGTH = 32;
    // A stored value decides how much work a login costs; this keeps a hostile one from stalling the daemon.
    static final int MAX_ITERATIONS = 10_000_000;
    private static final ScramMechanism SHA_256 = ScramMechanism.SCRAM_SHA_256;
    /*
     * The text reaching the library is SaslPrep.forHashing's, which this preparation leaves as it
     * is: it is SASLprep for stored strings, or the text itself where that refuses it, and SASLprep
     * changes nothing in text it has prepared already (a test checks every code point). The
     * library's NO_PREPARATION is no choice: it refuses non-ASCII text.
     */
    static final StringPreparation PREPARED_ALREADY = StringPreparation.POSTGRESQL_PREPARATION;

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

    /**
     * Derives the credential of {@code password} (SASLprep is applied here).
     *
     * @throws IllegalArgumentException if the password is empty once prepared: the SCRAM library
     *                                  derives nothing from an empty one
     */
    public static ScramCredential derive(String password, byte[] salt, int iterations) {
        Objects.requireNonNull(password, "password");
        return fromPrepared(SaslPrep.forHashing(password), salt, iterations);
    }

    private static ScramCredential fromPrepared(String prepared, byte[] salt, int iterations) {
        byte[] salted = ScramFunctions.saltedPassword(SHA_256, PREPARED_ALREADY, prepared.toCharArray(), salt, iterations);
        try {
            return new ScramCredential(iterations, salt, ScramFunctions.storedKey(SHA_256, ScramFunctions.clientKey(SHA_256, salted)),
                    ScramFunctions.serverKey(SHA_256, salted));
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
     * Constant time in where a mismatch is: the library compares with {@link MessageDigest#isEqual}.
     * An {@code authMessage} that is not UTF-8, as RFC 5802 makes every one, proves nothing.
     */
    public boolean verifies(byte[] authMessage, byte[] clientProof) {
        if (clientProof.length != KEY_LENGTH) {
            return false; // the library refuses to XOR arrays of different lengths
        }
        String text;
        try {
            // The library takes the AuthMessage as text; strict decoding gives it back the same octets.
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(authMessage)).toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        return ScramFunctions.verifyClientProof(SHA_256, clientProof, storedKey, text);
    }

    /** {@code ServerSignature = HMAC(ServerKey, AuthMessage)}, sent in the server-final-message. */
    public byte[] serverSignature(byte[] authMessage) {
        return ScramFunctions.hmac(SHA_256, serverKey, authMessage);
    }

    /** Whether {@code password} is the one this credential was derived from. */
    boolean matches(String password) {
        String prepared = SaslPrep.forHashing(password);
        if (prepared.isEmpty()) {
            // The library derives nothing from an empty password, so none logs in, even where a
            // hash was made of one elsewhere.
            return false;
        }
        return MessageDigest.isEqual(storedKey, fromPrepared(prepared, salt, iterations).storedKey);
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
}
