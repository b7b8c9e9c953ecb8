package org.postbox.daemon.admin;

import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Function;
import org.postbox.mailstore.AdminToken;

/**
 * Reads {@code Authorization: Bearer <secret>} and checks the secret against the store's admin
 * tokens, through the admin service, which alone knows how a secret is stored (hashed).
 */
final class BearerTokens {

    private static final String PREFIX = "Bearer ";

    private final Function<String, Optional<AdminToken>> authenticate;

    /** @param authenticate the token of a secret, empty for an unknown, revoked or malformed one */
    BearerTokens(Function<String, Optional<AdminToken>> authenticate) {
        this.authenticate = authenticate;
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
        return authenticate.apply(secret);
    }

    /** The actor of the audit line: {@code token:<name>@<ip>}. */
    static String actor(AdminToken token, InetAddress client) {
        return "token:" + token.name() + "@" + client.getHostAddress();
    }
}
