package org.postbox.mailstore.jpa;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.postbox.mailstore.AdminScope;
import org.postbox.mailstore.AdminToken;
import org.postbox.mailstore.AdminTokens;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.NoSuchAdminTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's tokens in one table, read on every API request: a token is found by its
 * secret's hash through a unique index, and names and hashes are unique by constraint, whichever
 * daemon or CLI run adds them.
 */
final class JpaAdminTokens implements AdminTokens {

    private static final Logger LOG = LoggerFactory.getLogger(JpaAdminTokens.class);

    private static final String ADD = "INSERT INTO admin_tokens (name, scope, secret_hash, created_at) VALUES (?, ?, ?, ?)";
    private static final String LIST = "SELECT name, scope, secret_hash, created_at FROM admin_tokens ORDER BY name";
    private static final String BY_SECRET_HASH = "SELECT name, scope, secret_hash, created_at FROM admin_tokens WHERE secret_hash = ?";
    private static final String REVOKE = "DELETE FROM admin_tokens WHERE name = ?";

    private final Database database;

    JpaAdminTokens(Database database) {
        this.database = database;
    }

    @Override
    public void add(AdminToken token) {
        database.inTransaction("add admin token " + token.name(), connection -> {
            try (PreparedStatement insert = connection.prepareStatement(ADD)) {
                insert.setString(1, token.name());
                insert.setString(2, token.scope().name());
                insert.setString(3, token.secretHash());
                insert.setObject(4, OffsetDateTime.ofInstant(token.created(), ZoneOffset.UTC));
                insert.executeUpdate();
            } catch (SQLException e) {
                if (StoreFailures.violatedConstraint(e, "admin_tokens_name_key")) {
                    throw new AlreadyExistsException("admin token " + token.name() + " exists");
                }
                if (StoreFailures.violatedConstraint(e, "admin_tokens_secret_hash_key")) {
                    // Only a broken secret generator gets here: two tokens must never open with one secret.
                    throw new AlreadyExistsException("another admin token has the same secret; make a new secret");
                }
                throw e;
            }
            return null;
        });
        LOG.info("admin token {} ({}) added", token.name(), token.scope());
    }

    @Override
    public List<AdminToken> list() {
        return database.inTransaction("list admin tokens", connection -> {
            try (PreparedStatement select = connection.prepareStatement(LIST); ResultSet rows = select.executeQuery()) {
                List<AdminToken> tokens = new ArrayList<>();
                while (rows.next()) {
                    tokens.add(token(rows));
                }
                return tokens;
            }
        });
    }

    @Override
    public Optional<AdminToken> bySecretHash(String secretHash) {
        return database.inTransaction("look up an admin token", connection -> {
            try (PreparedStatement select = connection.prepareStatement(BY_SECRET_HASH)) {
                select.setString(1, secretHash);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(token(row)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void revoke(String name) {
        int revoked = database.inTransaction("revoke admin token " + name, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(REVOKE)) {
                delete.setString(1, name);
                return delete.executeUpdate();
            }
        });
        if (revoked == 0) {
            throw new NoSuchAdminTokenException("no admin token " + name);
        }
        LOG.info("admin token {} revoked", name);
    }

    private static AdminToken token(ResultSet row) throws SQLException {
        return new AdminToken(row.getString(1), AdminScope.valueOf(row.getString(2)), row.getString(3),
                row.getObject(4, OffsetDateTime.class).toInstant());
    }
}
