package org.postbox.pop3.server.sasl;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What a SCRAM-SHA-256 server checks a client's proof against (RFC 5802 section 3, RFC 7677):
 * the salt, the iteration count, {@code StoredKey = H(HMAC(SaltedPassword, "Client Key"))} and
 * {@code ServerKey = HMAC(SaltedPassword, "Server Key")}. Enough to check a proof and to prove the
 * server's own knowledge, not enough to log in as the user. The arrays are copied in and out; the
 * SCRAM functions are ongres scram-common's {@link ScramFunctions}.
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
    private static final ScramMechanism SHA_256 = ScramMechanism.SCRAM_SHA_256;
    /*
     * Leaves prepared text as it is: SASLprep for stored strings, or the text itself where that
     * refuses it, and SASLprep changes nothing it has prepared already. NO_PREPARATION would not
     * do: it refuses non-ASCII text.
     */
    private static final StringPreparation PREPARED_ALREADY = StringPreparation.POSTGRESQL_PREPARATION;

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
     *
     * @throws IllegalArgumentException if the password is empty: the SCRAM library derives
     *                                  nothing from an empty one
     */
    public static ScramVerifier derive(String preparedPassword, byte[] salt, int iterations) {
        byte[] salted = ScramFunctions.saltedPassword(SHA_256, PREPARED_ALREADY, preparedPassword.toCharArray(), salt,
                iterations);
        try {
            return new ScramVerifier(salt, iterations, ScramFunctions.storedKey(SHA_256, ScramFunctions.clientKey(SHA_256, salted)),
                    ScramFunctions.serverKey(SHA_256, salted));
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
     * a mismatch is: the library compares with {@link MessageDigest#isEqual}. An
     * {@code authMessage} that is not UTF-8, as RFC 5802 makes every one, proves nothing.
     */
    public boolean verifies(byte[] authMessage, byte[] clientProof) {
        if (clientProof.length != KEY_LENGTH) {
            return false; // the library refuses to XOR arrays of different lengths
        }
        // The library takes the AuthMessage as text; strict decoding gives it back the same octets.
        Optional<String> text = Utf8.decode(authMessage);
        return text.isPresent() && ScramFunctions.verifyClientProof(SHA_256, clientProof, storedKey, text.get());
    }

    /** {@code ServerSignature = HMAC(ServerKey, AuthMessage)}, sent in the server-final-message. */
    public byte[] serverSignature(byte[] authMessage) {
        return ScramFunctions.hmac(SHA_256, serverKey, authMessage);
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
}
