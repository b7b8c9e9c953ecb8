package org.postbox.password;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What challenge-response logins can do with a stored password. Unlike a plaintext login, which
 * any scheme can check, these need a particular stored form:
 *
 * <ul>
 * <li>SCRAM-SHA-256 needs {@code {SCRAM-SHA-256}...}, or the plaintext ({@code {PLAIN}}), from
 *     which the credential is derived on the spot;</li>
 * <li>CRAM-MD5 needs {@code {CRAM-MD5}...} or the plaintext;</li>
 * <li>APOP needs the plaintext.</li>
 * </ul>
 *
 * Any other scheme (ARGON2ID above all) gives an empty answer: the mechanism cannot be used for
 * that account, and the login fails like a wrong password would.
 *
 * @throws UnsupportedSchemeException from every method, like {@link PasswordSchemes#verify},
 *                                    when the stored value is malformed
 */
public final class StoredCredentials {

    private StoredCredentials() {
    }

    /** The password itself, when it is stored as {@code PLAIN}, {@code CLEAR} or {@code CLEARTEXT}. */
    public static Optional<String> plaintext(String stored) {
        PasswordSchemes.Decoded decoded = PasswordSchemes.decode(stored);
        if (decoded.scheme() instanceof PlainScheme) {
            return Optional.of(new String(decoded.raw(), StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    /**
     * The SCRAM-SHA-256 credential: as stored, or derived from a stored plaintext with
     * {@code saltForPlaintext} and {@link ScramCredential#DEFAULT_ITERATIONS} (the caller picks a
     * salt that is stable per account, so a client sees the same salt at every login).
     */
    public static Optional<ScramCredential> scramSha256(String stored, byte[] saltForPlaintext) {
        PasswordSchemes.Decoded decoded = PasswordSchemes.decode(stored);
        if (decoded.scheme() instanceof ScramScheme) {
            return Optional.of(ScramScheme.credential(decoded.label(), new String(decoded.raw(), StandardCharsets.UTF_8)));
        }
        if (decoded.scheme() instanceof PlainScheme) {
            String plaintext = new String(decoded.raw(), StandardCharsets.UTF_8);
            // SCRAM has no credential of an empty password, so the mechanism cannot be used for it.
            if (SaslPrep.forHashing(plaintext).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(ScramCredential.derive(plaintext, saltForPlaintext, ScramCredential.DEFAULT_ITERATIONS));
        }
        return Optional.empty();
    }

    /** The CRAM-MD5 secret: the stored HMAC-MD5 context, or one computed from a stored plaintext. */
    public static Optional<CramMd5Secret> cramMd5(String stored) {
        PasswordSchemes.Decoded decoded = PasswordSchemes.decode(stored);
        if (decoded.scheme() instanceof CramMd5Scheme) {
            decoded.scheme().parse(decoded.label(), decoded.raw()); // checks the length
            return Optional.of(new CramMd5Secret(decoded.raw()));
        }
        if (decoded.scheme() instanceof PlainScheme) {
            return Optional.of(new CramMd5Secret(CramMd5.context(decoded.raw())));
        }
        return Optional.empty();
    }

    /** A password's CRAM-MD5 (RFC 2195) secret: enough to check an answer, held in memory briefly. */
    public static final class CramMd5Secret {
        private final byte[] context;

        CramMd5Secret(byte[] context) {
            this.context = context.clone();
        }

        /** Whether {@code digest} is HMAC-MD5(password, {@code challenge}); constant time. */
        public boolean verifies(byte[] challenge, byte[] digest) {
            return CramMd5.verifies(context, challenge, digest);
        }

        @Override
        public String toString() {
            return "CramMd5Secret[***]";
        }
    }
}
