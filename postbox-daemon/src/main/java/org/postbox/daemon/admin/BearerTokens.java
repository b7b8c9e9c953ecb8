package org.postbox.daemon.admin;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import org.postbox.mailstore.AdminToken;
import org.postbox.mailstore.AdminTokens;

/**
 * Checks {@code Authorization: Bearer <secret>} against the store's admin tokens, which keep only
 * a hash of each secret. A wrong or unknown token counts toward the client's login penalty, the
 * one POP3 logins share.
 */
final class BearerTokens {

    private static final String PREFIX = "Bearer ";

    private final AdminTokens tokens;
    private final Function<String, String> hash;

    /** @param hash what the admin service hashes a secret to when it makes a token */
    BearerTokens(AdminTokens tokens, Function<String, String> hash) {
        this.tokens = tokens;
        this.hash = hash;
    }

    /** SHA-256 in lower-case hex: secrets are long random strings, so no slow hash is needed. */
    static String sha256(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The secret of an {@code Authorization} header value; empty for none or another scheme. */
    static Optional<String> secretOf(String authorization) {
        if (authorization == null || authorization.length() <= PREFIX.length()
                || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String secret = authorization.substring(PREFIX.length()).trim();
        return secret.isEmpty() ? Optional.empty() : Optional.of(secret);
    }

    /** The token of {@code secret}; empty for an unknown or revoked one. Reads the store. */
    Optional<AdminToken> check(String secret) {
        return tokens.bySecretHash(hash.apply(secret));
    }

    /** The actor of the audit line: {@code token:<name>@<ip>}. */
    static String actor(AdminToken token, InetAddress client) {
        return "token:" + token.name() + "@" + client.getHostAddress();
    }
}
