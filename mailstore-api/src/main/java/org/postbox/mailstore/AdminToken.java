package org.postbox.mailstore;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token of the admin HTTP API as stored: never the secret itself, only its hash, so
 * that a copy of the store gives no access.
 *
 * @param name       unique, chosen by the admin ({@link AppPassword#checkName}'s rules)
 * @param secretHash the hash the admin service makes of the secret (the store only compares it)
 */
public record AdminToken(String name, AdminScope scope, String secretHash, Instant created) {
    public AdminToken {
        AppPassword.checkName(name);
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(created, "created");
    }

    @Override
    public String toString() {
        return "AdminToken[" + name + ", " + scope + ", created " + created + "]";
    }
}
