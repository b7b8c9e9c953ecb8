package org.postbox.mailstore.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.postbox.mailstore.Alias;
import org.postbox.mailstore.AliasConflictException;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.NoSuchAliasException;
import org.postbox.mailstore.NoSuchDomainException;

/**
 * Aliases and catch-alls in SQL, for {@link JpaDirectory}. The schema holds the rules: an alias's
 * address is claimed in {@link Addresses} (so it is never a mailbox's too), a catch-all is unique
 * per domain by an index, and a target is a mailbox's id, which that mailbox cannot be removed
 * from under (a rename keeps it). Locks: an alias's address row first, then its own row.
 */
final class JpaAliases {

    private static final String DOMAIN_ID = "SELECT id FROM domains WHERE name = ?";
    private static final String UPSERT_NAMED = """
            INSERT INTO aliases AS a (domain_id, local_part) VALUES (?, ?)
            ON CONFLICT (domain_id, local_part) DO UPDATE SET kind = a.kind
            RETURNING id""";
    private static final String UPSERT_CATCH_ALL = """
            INSERT INTO aliases AS a (domain_id, local_part) VALUES (?, NULL)
            ON CONFLICT (domain_id) WHERE local_part IS NULL DO UPDATE SET kind = a.kind
            RETURNING id""";
    private static final String TARGET = """
            SELECT m.id FROM mailboxes m JOIN domains d ON d.id = m.domain_id
             WHERE d.name = ? AND m.local_part = ?""";
    private static final String CLEAR_TARGETS = "DELETE FROM alias_targets WHERE alias_id = ?";
    private static final String ADD_TARGET = "INSERT INTO alias_targets (alias_id, mailbox_id, position) VALUES (?, ?, ?)";
    // One row per target, and one for a domain without aliases, to tell it from no domain.
    private static final String ALIASES_OF_DOMAIN = """
            SELECT a.id, a.local_part, td.name, m.local_part
              FROM domains d
              LEFT JOIN aliases a ON a.domain_id = d.id
              LEFT JOIN alias_targets t ON t.alias_id = a.id
              LEFT JOIN mailboxes m ON m.id = t.mailbox_id
              LEFT JOIN domains td ON td.id = m.domain_id
             WHERE d.name = ?
             ORDER BY a.local_part NULLS FIRST, t.position""";
    private static final String REMOVE_CATCH_ALL = """
            DELETE FROM aliases a USING domains d
             WHERE d.id = a.domain_id AND d.name = ? AND a.local_part IS NULL""";
    // Rank 0: a mailbox of that address; 1: its alias; 2: its domain's catch-all. The first rank found wins.
    private static final String RESOLVE = """
            SELECT r.rank, td.name, m.local_part
              FROM (SELECT 0 AS rank, m.id AS mailbox_id, 0 AS position
                      FROM mailboxes m JOIN domains d ON d.id = m.domain_id
                     WHERE d.name = ? AND m.local_part = ?
                    UNION ALL
                    SELECT CASE WHEN a.local_part IS NULL THEN 2 ELSE 1 END, t.mailbox_id, t.position
                      FROM aliases a JOIN domains d ON d.id = a.domain_id JOIN alias_targets t ON t.alias_id = a.id
                     WHERE d.name = ? AND (a.local_part = ? OR a.local_part IS NULL)) r
              JOIN mailboxes m ON m.id = r.mailbox_id
              JOIN domains td ON td.id = m.domain_id
             ORDER BY r.rank, r.position""";
    private static final String TARGETED_BY = """
            SELECT a.local_part, d.name FROM alias_targets t
              JOIN aliases a ON a.id = t.alias_id JOIN domains d ON d.id = a.domain_id
             WHERE t.mailbox_id = ?
             ORDER BY d.name, a.local_part NULLS FIRST""";

    private final Database database;

    JpaAliases(Database database) {
        this.database = database;
    }

    void set(Alias alias) {
        AliasName name = alias.name();
        database.inTransaction("set alias " + name, connection -> {
            long domainId = domainId(connection, name.domain())
                    .orElseThrow(() -> new NoSuchDomainException("no domain " + name.domain()));
            try {
                long aliasId = upsert(connection, domainId, name);
                replaceTargets(connection, aliasId, alias);
            } catch (SQLException e) {
                if (StoreFailures.violatedConstraint(e, "alias_targets_mailbox_fkey")) {
                    throw new AliasConflictException("a target mailbox of alias " + name + " was removed meanwhile; "
                            + "check its targets and set it again");
                }
                if (StoreFailures.FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                    throw new NoSuchDomainException("domain " + name.domain() + " was removed meanwhile");
                }
                throw e;
            }
            return null;
        });
    }

    private static long upsert(Connection connection, long domainId, AliasName name) throws SQLException {
        if (name.localPart().isPresent()) {
            String localPart = name.localPart().get();
            Addresses.Kind holder = Addresses.claimForAlias(connection, domainId, localPart);
            if (holder != Addresses.Kind.ALIAS) {
                throw new AlreadyExistsException("mailbox " + name + " exists; an alias cannot have its address");
            }
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT_NAMED)) {
                upsert.setLong(1, domainId);
                upsert.setString(2, localPart);
                return returnedId(upsert);
            }
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_CATCH_ALL)) {
            upsert.setLong(1, domainId);
            return returnedId(upsert);
        }
    }

    private static long returnedId(PreparedStatement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Sets an alias's targets, in order; each must be a mailbox now (the foreign key checks it at insert). */
    private static void replaceTargets(Connection connection, long aliasId, Alias alias) throws SQLException {
        List<Long> mailboxIds = new ArrayList<>(alias.targets().size());
        for (MailboxAddress target : alias.targets()) {
            Optional<Long> mailboxId = mailboxId(connection, target);
            if (mailboxId.isEmpty()) {
                throw unknownTarget(connection, alias.name(), target);
            }
            mailboxIds.add(mailboxId.get());
        }
        try (PreparedStatement clear = connection.prepareStatement(CLEAR_TARGETS)) {
            clear.setLong(1, aliasId);
            clear.executeUpdate();
        }
        try (PreparedStatement add = connection.prepareStatement(ADD_TARGET)) {
            for (int i = 0; i < mailboxIds.size(); i++) {
                add.setLong(1, aliasId);
                add.setLong(2, mailboxIds.get(i));
                add.setInt(3, i);
                add.executeUpdate();
            }
        }
    }

    /** Why a target is refused: an alias, which could make a loop, or no address at all. */
    private static AliasConflictException unknownTarget(Connection connection, AliasName alias, MailboxAddress target)
            throws SQLException {
        Optional<Long> domainId = domainId(connection, target.domain());
        boolean isAlias = domainId.isPresent() && Addresses.holder(connection, domainId.get(), target.localPart())
                .filter(kind -> kind == Addresses.Kind.ALIAS).isPresent();
        return new AliasConflictException(isAlias
                ? "target " + target + " of alias " + alias + " is an alias itself; aliases deliver to mailboxes only, "
                        + "so name its target mailboxes instead"
                : "target " + target + " of alias " + alias + " is no mailbox; create it first or name an existing one");
    }

    List<Alias> of(String domain) {
        return database.inTransaction("list the aliases of " + domain, connection -> {
            try (PreparedStatement select = connection.prepareStatement(ALIASES_OF_DOMAIN)) {
                select.setString(1, domain);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw new NoSuchDomainException("no domain " + domain);
                    }
                    List<Alias> aliases = new ArrayList<>();
                    long current = 0;
                    AliasName name = null;
                    List<MailboxAddress> targets = new ArrayList<>();
                    do {
                        long id = rows.getLong(1);
                        if (rows.wasNull()) {
                            break; // a domain without aliases: its one row
                        }
                        if (id != current) {
                            if (name != null) {
                                aliases.add(new Alias(name, targets));
                            }
                            current = id;
                            name = new AliasName(Optional.ofNullable(rows.getString(2)), domain);
                            targets = new ArrayList<>();
                        }
                        targets.add(new MailboxAddress(rows.getString(4), rows.getString(3)));
                    } while (rows.next());
                    if (name != null) {
                        aliases.add(new Alias(name, targets));
                    }
                    return aliases;
                }
            }
        });
    }

    /** Removing a named alias's address removes the alias and its targets with it (the schema cascades). */
    void remove(AliasName name) {
        boolean removed = database.inTransaction("remove alias " + name, connection -> {
            if (name.localPart().isPresent()) {
                Optional<Long> domainId = domainId(connection, name.domain());
                return domainId.isPresent()
                        && Addresses.release(connection, domainId.get(), name.localPart().get(), Addresses.Kind.ALIAS);
            }
            try (PreparedStatement delete = connection.prepareStatement(REMOVE_CATCH_ALL)) {
                delete.setString(1, name.domain());
                return delete.executeUpdate() == 1;
            }
        });
        if (!removed) {
            throw new NoSuchAliasException(name.isCatchAll()
                    ? "domain " + name.domain() + " has no catch-all"
                    : "no alias " + name);
        }
    }

    List<MailboxAddress> resolve(MailboxAddress recipient) {
        return database.inTransaction("resolve " + recipient, connection -> {
            try (PreparedStatement select = connection.prepareStatement(RESOLVE)) {
                select.setString(1, recipient.domain());
                select.setString(2, recipient.localPart());
                select.setString(3, recipient.domain());
                select.setString(4, recipient.localPart());
                List<MailboxAddress> mailboxes = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    int found = -1;
                    while (rows.next()) {
                        int rank = rows.getInt(1);
                        if (found >= 0 && rank != found) {
                            break;
                        }
                        found = rank;
                        mailboxes.add(new MailboxAddress(rows.getString(3), rows.getString(2)));
                    }
                }
                return List.copyOf(mailboxes);
            }
        });
    }

    /** The aliases that deliver to a mailbox, within the caller's transaction (its removal names them). */
    static List<AliasName> targeting(Connection connection, long mailboxId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(TARGETED_BY)) {
            select.setLong(1, mailboxId);
            try (ResultSet rows = select.executeQuery()) {
                List<AliasName> names = new ArrayList<>();
                while (rows.next()) {
                    names.add(new AliasName(Optional.ofNullable(rows.getString(1)), rows.getString(2)));
                }
                return names;
            }
        }
    }

    private static Optional<Long> domainId(Connection connection, String domain) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(DOMAIN_ID)) {
            select.setString(1, domain);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        }
    }

    private static Optional<Long> mailboxId(Connection connection, MailboxAddress address) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(TARGET)) {
            select.setString(1, address.domain());
            select.setString(2, address.localPart());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        }
    }
}
