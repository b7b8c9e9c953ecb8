package org.postbox.pop3.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.postbox.password.ScramCredential;
import org.postbox.password.StoredCredentials;
import org.postbox.pop3.server.sasl.ScramVerifier;

/**
 * A stored hash in Dovecot's {@code {SCHEME}} syntax read by the password schemes, as the daemon
 * reads it, so that the engine's mechanisms are tested against real stored forms. A malformed
 * value throws here; the daemon's version fails the login instead.
 */
public record TestSecret(String storedHash) implements StoredSecret {

    @Override
    public Optional<ScramVerifier> scramSha256(byte[] saltForPlaintext) {
        return StoredCredentials.scramSha256(storedHash, saltForPlaintext).map(TestSecret::verifier);
    }

    @Override
    public boolean cramMd5Verifies(byte[] challenge, byte[] digest) {
        return StoredCredentials.cramMd5(storedHash).map(secret -> secret.verifies(challenge, digest)).orElse(false);
    }

    @Override
    public boolean apopVerifies(String timestamp, byte[] digest) {
        return StoredCredentials.plaintext(storedHash).map(password -> {
            try {
                return MessageDigest.isEqual(digest, MessageDigest.getInstance("MD5")
                        .digest((timestamp + password).getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }).orElse(false);
    }

    static ScramVerifier verifier(ScramCredential credential) {
        return new ScramVerifier(credential.salt(), credential.iterations(), credential.storedKey(),
                credential.serverKey());
    }
}
