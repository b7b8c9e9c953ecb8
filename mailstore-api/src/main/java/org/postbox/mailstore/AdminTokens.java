package org.postbox.mailstore;

import java.util.List;
import java.util.Optional;

/**
 * The admin API's bearer tokens, kept with the store so that every daemon of an installation
 * (several on one database) accepts the same ones.
 */
public interface AdminTokens {

    /** @throws AlreadyExistsException if a token of that name exists */
    void add(AdminToken token);

    /** Every token, by name. */
    List<AdminToken> list();

    /** The token whose secret has this hash; empty for an unknown or revoked one. */
    Optional<AdminToken> bySecretHash(String secretHash);

    /** @throws NoSuchAdminTokenException if there is no token of that name */
    void revoke(String name);
}
