package org.postbox.pop3.server;

import java.util.Optional;
import org.postbox.pop3.server.sasl.ScramVerifier;

/**
 * What the challenge-response mechanisms may ask of an account's stored password, found by
 * {@link Authenticator#lookUp}. They need particular stored forms, which only the implementation
 * knows how to read: a form that cannot answer (a slow hash such as ARGON2ID above all) gives an
 * empty or false answer, and the login then fails like a wrong password would.
 *
 * <p>Every check runs on the session's worker, not on a network thread.
 */
public interface StoredSecret {

    /**
     * The SCRAM-SHA-256 verifier (RFC 5802, RFC 7677), or empty when the stored form gives none.
     *
     * @param saltForPlaintext the salt to derive the verifier with, with 4096 iterations, when
     *                         the password is stored in plain text; the caller keeps it stable per
     *                         account, so that a client sees the same salt at every login
     */
    Optional<ScramVerifier> scramSha256(byte[] saltForPlaintext);

    /**
     * Whether {@code digest} is HMAC-MD5(password, {@code challenge}) (RFC 2195 CRAM-MD5), compared
     * in constant time; false when the stored form cannot tell.
     */
    boolean cramMd5Verifies(byte[] challenge, byte[] digest);

    /**
     * Whether {@code digest} is MD5({@code timestamp} followed by the password) (RFC 1939 section 7
     * APOP), compared in constant time; false unless the password is stored in plain text.
     */
    boolean apopVerifies(String timestamp, byte[] digest);
}
