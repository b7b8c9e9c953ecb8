package org.postbox.mailstore.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The name space that mailboxes and aliases of a domain share, as the {@code addresses} table
 * keeps it: an address is claimed for a mailbox or an alias before that row is written, and
 * given back after it is gone. The table's primary key, not a look-up before, is what keeps two
 * daemons from giving one address to a mailbox and to an alias at once.
 */
final class Addresses {

    /** What holds an address. */
    enum Kind {
        MAILBOX("mailbox"),
        ALIAS("alias");

        private final String column;

        Kind(String column) {
            this.column = column;
        }

        static Kind of(String column) {
            return column.equals(ALIAS.column) ? ALIAS : MAILBOX;
        }
    }

    private static final String CLAIM = """
            INSERT INTO addresses (domain_id, local_part, kind) VALUES (?, ?, ?)
            ON CONFLICT (domain_id, local_part) DO NOTHING""";
    // Locks the row of an alias's address that exists already, so that its removal waits.
    private static final String CLAIM_FOR_ALIAS = """
            INSERT INTO addresses AS a (domain_id, local_part, kind) VALUES (?, ?, 'alias')
            ON CONFLICT (domain_id, local_part) DO UPDATE SET kind = a.kind
            RETURNING kind""";
    private static final String KIND = "SELECT kind FROM addresses WHERE domain_id = ? AND local_part = ?";
    private static final String RELEASE = "DELETE FROM addresses WHERE domain_id = ? AND local_part = ? AND kind = ?";

    private Addresses() {
    }

    /**
     * Claims a free address for a new mailbox, within the caller's transaction.
     *
     * @return empty when claimed, else what holds it already
     * @throws SQLException with SQLSTATE 23503 if the domain does not exist (any more)
     */
    static Optional<Kind> claimForMailbox(Connection connection, long domainId, String localPart) throws SQLException {
        try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setLong(1, domainId);
            claim.setString(2, localPart);
            claim.setString(3, Kind.MAILBOX.column);
            if (claim.executeUpdate() == 1) {
                return Optional.empty();
            }
        }
        // Whoever holds it committed before our insert returned; if it went since, it was taken still.
        return Optional.of(holder(connection, domainId, localPart).orElse(Kind.MAILBOX));
    }

    /**
     * Claims an address for an alias, or keeps the claim of the alias that has it already, and
     * locks it until the caller's transaction ends.
     *
     * @return what holds the address now: {@link Kind#ALIAS} when the alias may be written
     * @throws SQLException with SQLSTATE 23503 if the domain does not exist (any more)
     */
    static Kind claimForAlias(Connection connection, long domainId, String localPart) throws SQLException {
        try (PreparedStatement claim = connection.prepareStatement(CLAIM_FOR_ALIAS)) {
            claim.setLong(1, domainId);
            claim.setString(2, localPart);
            try (ResultSet row = claim.executeQuery()) {
                row.next();
                return Kind.of(row.getString(1));
            }
        }
    }

    /** What holds an address, if anything does. */
    static Optional<Kind> holder(Connection connection, long domainId, String localPart) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(KIND)) {
            select.setLong(1, domainId);
            select.setString(2, localPart);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(Kind.of(row.getString(1))) : Optional.empty();
            }
        }
    }

    /**
     * Gives an address back once its mailbox or alias row is gone (or names another address).
     * Removing an alias's address removes the alias with it.
     *
     * @return whether {@code kind} held it
     */
    static boolean release(Connection connection, long domainId, String localPart, Kind kind) throws SQLException {
        try (PreparedStatement release = connection.prepareStatement(RELEASE)) {
            release.setLong(1, domainId);
            release.setString(2, localPart);
            release.setString(3, kind.column);
            return release.executeUpdate() == 1;
        }
    }
}
