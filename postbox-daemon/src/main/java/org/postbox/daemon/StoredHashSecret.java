package org.postbox.daemon;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.password.ScramCredential;
import org.postbox.password.StoredCredentials;
import org.postbox.password.UnsupportedSchemeException;
import org.postbox.pop3.server.StoredSecret;
import org.postbox.pop3.server.sasl.ScramVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An account's password hash in Dovecot's {@code {SCHEME}} syntax, read for the
 * challenge-response mechanisms by the password schemes. A malformed stored value fails the
 * login like a wrong password and logs a warning naming the mailbox, never the value.
 *
 * @param address    the account, for the warning
 * @param storedHash e.g. {@code {SCRAM-SHA-256}4096,...} or {@code {PLAIN}...}
 */
record StoredHashSecret(MailboxAddress address, String storedHash) implements StoredSecret {

    private static final Logger LOG = LoggerFactory.getLogger(StoredHashSecret.class);

    @Override
    public Optional<ScramVerifier> scramSha256(byte[] saltForPlaintext) {
        try {
            return StoredCredentials.scramSha256(storedHash, saltForPlaintext).map(StoredHashSecret::verifier);
        } catch (UnsupportedSchemeException e) {
            LOG.warn("cannot use the stored password of {} for SCRAM: {}", address, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public boolean cramMd5Verifies(byte[] challenge, byte[] digest) {
        try {
            return StoredCredentials.cramMd5(storedHash).map(secret -> secret.verifies(challenge, digest)).orElse(false);
        } catch (UnsupportedSchemeException e) {
            LOG.warn("cannot use the stored password of {} for CRAM-MD5: {}", address, e.getMessage());
            return false;
        }
    }

    @Override
    public boolean apopVerifies(String timestamp, byte[] digest) {
        Optional<String> password;
        try {
            password = StoredCredentials.plaintext(storedHash);
        } catch (UnsupportedSchemeException e) {
            LOG.warn("cannot use the stored password of {} for APOP: {}", address, e.getMessage());
            return false;
        }
        if (password.isEmpty()) {
            return false;
        }
        try {
            byte[] expected = MessageDigest.getInstance("MD5")
                    .digest((timestamp + password.get()).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    private static ScramVerifier verifier(ScramCredential credential) {
        return new ScramVerifier(credential.salt(), credential.iterations(), credential.storedKey(),
                credential.serverKey());
    }

    @Override
    public String toString() {
        return "StoredHashSecret[" + address + "]";
    }
}
