package org.postbox.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.postbox.admin.view.AdminTokenView;
import org.postbox.admin.view.NewAdminTokenView;
import org.postbox.mailstore.AdminScope;
import org.postbox.mailstore.AdminToken;
import org.postbox.mailstore.AdminTokens;
import org.postbox.mailstore.AppPassword;

/**
 * The admin API's bearer tokens. A secret is {@value #PREFIX} and 32 random octets
 * ({@link SecureRandom}) in base64url: 256 bits, beyond guessing, so a fast hash is enough to keep
 * a copy of the store from granting access; it is stored as its SHA-256 (hex) and checked by
 * looking that hash up, never compared secret by secret. The secret is shown once, at creation.
 */
public final class AdminTokenRegistry {
    /** What every secret starts with, so that one found in a file or a log is recognised as such. */
    public static final String PREFIX = "pbx_";
    private static final int SECRET_OCTETS = 32;
    /** Longer than any secret this class makes; a longer "secret" is not hashed at all. */
    private static final int MAX_SECRET_LENGTH = 128;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AdminTokens tokens;
    private final AuditLog audit;
    private final Clock clock;

    AdminTokenRegistry(AdminTokens tokens, AuditLog audit, Clock clock) {
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    /** Every token, by name, without secrets. */
    public List<AdminTokenView> list() {
        return tokens.list().stream().map(AdminTokenView::of).toList();
    }

    /**
     * Makes a new token; the view is the only place its secret is ever shown.
     *
     * @throws org.postbox.mailstore.AlreadyExistsException if a token of that name exists
     */
    public NewAdminTokenView create(Actor actor, String name, AdminScope scope) {
        AppPassword.checkName(name);
        byte[] random = new byte[SECRET_OCTETS];
        RANDOM.nextBytes(random);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        tokens.add(new AdminToken(name, scope, hash(secret), created));
        String scopeName = scope.name().toLowerCase(Locale.ROOT);
        audit.record(new AuditEntry(actor, "admin-token.create", name, List.of("scope " + scopeName)));
        return new NewAdminTokenView(name, scopeName, secret, created.toString());
    }

    /** @throws org.postbox.mailstore.NoSuchAdminTokenException if there is none of that name */
    public void revoke(Actor actor, String name) {
        tokens.revoke(AppPassword.checkName(name));
        audit.record(new AuditEntry(actor, "admin-token.revoke", name, List.of()));
    }

    /** The token whose secret this is; empty for anything else (unknown, revoked, malformed). */
    public Optional<AdminToken> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > MAX_SECRET_LENGTH) {
            return Optional.empty();
        }
        return tokens.bySecretHash(hash(secret));
    }

    /** {@code read} or {@code write}, any case. */
    public static AdminScope scope(String text) {
        try {
            return AdminScope.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new AdminException(ErrorKind.INVALID, "unknown scope '" + text + "'; choose read or write");
        }
    }

    /** The stored form of a secret: the hex SHA-256 of its UTF-8 octets. */
    static String hash(String secret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
