package org.postbox.mailstore.jpa;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.postbox.mailstore.ImportOutcome;
import org.postbox.mailstore.ImportReport;
import org.postbox.mailstore.ImportedMessage;
import org.postbox.mailstore.LockLostException;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxImport;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.spi.ImportChecks;
import org.postbox.mailstore.spi.MessageTally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An import into one mailbox in PostgreSQL: a maildrop session ({@link JpaMaildrop}) whose lease
 * keeps POP3 sessions and other imports out, on every daemon of the database.
 *
 * <p>Each message is one transaction, as a delivery is: the lease is checked (fencing, as a
 * session's commit does), the file is read into chunks (whatever its {@link ImportedMessage.Transfer},
 * since the database cannot link a file), its size checked and, if asked, its chunks read back
 * for the digest; then the message row with its UIDL and the received time, and the mailbox's and
 * the domain's usage, without any limit. Its id comes from the same sequence as every message's, so
 * it is listed after everything stored before it and before what comes later. A moved message's
 * source is removed once the transaction has committed.
 */
final class JpaImport implements MailboxImport {

    private static final Logger LOG = LoggerFactory.getLogger(JpaImport.class);

    /** UIDLs looked up in one query. */
    private static final int LOOKUP_SIZE = 1_000;

    // Imported UIDLs by the unique index; the store's own by the id they are made of.
    private static final String PRESENT = """
            SELECT uidl, id FROM messages
             WHERE mailbox_id = ? AND (uidl = ANY (?) OR (uidl IS NULL AND id = ANY (?)))""";
    private static final String READ_CHUNKS = "SELECT data FROM message_chunks WHERE message_id = ? ORDER BY seq";
    private static final String INSERT_MESSAGE = """
            INSERT INTO messages (id, mailbox_id, stored_size, crlf_size, delivered_at, uidl)
            VALUES (?, ?, ?, ?, ?, ?)""";
    // The mailbox's row first, then its domain's, in the order delivery locks them; no limit applies.
    private static final String COUNT = """
            UPDATE mailboxes SET message_count = message_count + 1, stored_octets = stored_octets + ?
             WHERE id = ?
            RETURNING domain_id""";
    private static final String COUNT_DOMAIN = """
            UPDATE domains SET message_count = message_count + 1, stored_octets = stored_octets + ?
             WHERE id = ?""";

    private final Database database;
    private final MaildropLeases leases;
    private final JpaMaildrop maildrop;
    private final String ownPrefix;

    JpaImport(Database database, MaildropLeases leases, JpaMaildrop maildrop) {
        this.database = database;
        this.leases = leases;
        this.maildrop = maildrop;
        this.ownPrefix = maildrop.snapshot().uniqueIdPrefix();
    }

    @Override
    public MailboxAddress address() {
        return maildrop.address();
    }

    @Override
    public Set<String> present(Collection<String> uidls) {
        checkOpen();
        List<String> all = List.copyOf(uidls);
        Set<String> found = new LinkedHashSet<>();
        for (int from = 0; from < all.size(); from += LOOKUP_SIZE) {
            found.addAll(lookUp(all.subList(from, Math.min(all.size(), from + LOOKUP_SIZE))));
        }
        return found;
    }

    private Set<String> lookUp(List<String> uidls) {
        List<Long> ownIds = new ArrayList<>();
        for (String uidl : uidls) {
            ownId(uidl).ifPresent(ownIds::add);
        }
        return database.inTransaction("look up UIDLs in " + address(), connection -> {
            Set<String> found = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement(PRESENT)) {
                select.setLong(1, maildrop.lease().mailboxId());
                select.setArray(2, connection.createArrayOf("varchar", uidls.toArray()));
                select.setArray(3, connection.createArrayOf("bigint", ownIds.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String uidl = rows.getString(1);
                        found.add(uidl != null ? uidl : UniqueIds.of(ownPrefix, rows.getLong(2)));
                    }
                }
            }
            return found;
        });
    }

    /** The message id that {@code uidl} names if it is one of this mailbox's own UIDLs ({@link UniqueIds}). */
    private Optional<Long> ownId(String uidl) {
        if (!uidl.startsWith(ownPrefix)) {
            return Optional.empty();
        }
        try {
            long id = Long.parseLong(uidl.substring(ownPrefix.length()), 36);
            return UniqueIds.of(ownPrefix, id).equals(uidl) ? Optional.of(id) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public ImportReport add(List<ImportedMessage> batch, Verification verification) {
        Objects.requireNonNull(verification, "verification");
        checkOpen();
        Set<String> presentBefore = present(batch.stream().map(ImportedMessage::uidl).toList());
        List<ImportOutcome> outcomes = new ArrayList<>(batch.size());
        Set<String> inBatch = new HashSet<>();
        for (ImportedMessage message : batch) {
            Optional<ImportOutcome> skipped = ImportChecks.skipped(message, inBatch, presentBefore::contains);
            ImportOutcome outcome;
            if (skipped.isPresent()) {
                outcome = skipped.get();
            } else if (message.uidl().startsWith(ownPrefix)) {
                outcome = new ImportOutcome.Refused(message.uidl(), ImportOutcome.Problem.RESERVED_UIDL,
                        "this mailbox gives its own messages UIDLs beginning with " + ownPrefix);
            } else {
                checkOpen();
                outcome = importOne(message, verification == Verification.DIGEST);
                if (outcome instanceof ImportOutcome.Imported && message.transfer() == ImportedMessage.Transfer.MOVE) {
                    removeSource(message);
                }
            }
            outcomes.add(outcome);
        }
        return new ImportReport(outcomes);
    }

    @Override
    public void close() {
        maildrop.close();
    }

    private ImportOutcome importOne(ImportedMessage message, boolean digest) {
        Optional<ImportOutcome.Refused> refusal = ImportChecks.sourceRefusal(message);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        try (Connection connection = database.connection()) {
            try {
                ImportOutcome outcome = store(connection, message, digest);
                if (outcome instanceof ImportOutcome.Imported) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
                return outcome;
            } catch (SQLException | RuntimeException e) {
                Database.rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            if (StoreFailures.violated(e, StoreFailures.UNIQUE_VIOLATION)) {
                return new ImportOutcome.AlreadyPresent(message.uidl()); // imported by another daemon meanwhile
            }
            if (StoreFailures.violated(e, StoreFailures.FOREIGN_KEY_VIOLATION)) {
                throw new NoSuchMailboxException("mailbox " + address() + " was removed during the import", e);
            }
            throw StoreFailures.unavailable("import into " + address(), e);
        }
    }

    private ImportOutcome store(Connection connection, ImportedMessage message, boolean digest) throws SQLException {
        MaildropLeases.Lease lease = maildrop.lease();
        if (!leases.holdsForUpdate(connection, lease)) {
            throw new LockLostException("the maildrop lock of " + address()
                    + " expired or was taken over by another session; the import stops");
        }
        long id = JpaDelivery.nextId(connection);
        MessageTally written = new MessageTally(digest);
        try (InputStream in = Files.newInputStream(message.source())) {
            JpaDelivery.writeChunks(connection, id, in, written);
        } catch (IOException e) {
            // The source failed, not the database.
            return refused(message, ImportOutcome.Problem.UNREADABLE_SOURCE, e.toString());
        }
        if (written.octets() != message.expectedSize()) {
            return ImportChecks.changedWhileRead(message, written.octets());
        }
        if (digest && !Arrays.equals(written.digest(), readBack(connection, id))) {
            return refused(message, ImportOutcome.Problem.DIGEST_MISMATCH, message.source() + " reads back otherwise");
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_MESSAGE)) {
            insert.setLong(1, id);
            insert.setLong(2, lease.mailboxId());
            insert.setLong(3, written.octets());
            insert.setLong(4, written.crlfOctets());
            insert.setObject(5, message.received().atOffset(ZoneOffset.UTC));
            insert.setString(6, message.uidl());
            insert.executeUpdate();
        }
        long domainId;
        try (PreparedStatement count = connection.prepareStatement(COUNT)) {
            count.setLong(1, written.octets());
            count.setLong(2, lease.mailboxId());
            try (ResultSet row = count.executeQuery()) {
                if (!row.next()) {
                    throw new NoSuchMailboxException("mailbox " + address() + " was removed during the import");
                }
                domainId = row.getLong(1);
            }
        }
        try (PreparedStatement count = connection.prepareStatement(COUNT_DOMAIN)) {
            count.setLong(1, written.octets());
            count.setLong(2, domainId);
            count.executeUpdate();
        }
        return new ImportOutcome.Imported(message.uidl(), written.octets());
    }

    /** The digest of the chunks as stored, read one at a time. */
    private static byte[] readBack(Connection connection, long id) throws SQLException {
        MessageTally stored = new MessageTally(true);
        try (PreparedStatement select = connection.prepareStatement(READ_CHUNKS)) {
            select.setFetchSize(1);
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byte[] chunk = rows.getBytes(1);
                    stored.add(chunk, 0, chunk.length);
                }
            }
        }
        return stored.digest();
    }

    private static void removeSource(ImportedMessage message) {
        try {
            Files.deleteIfExists(message.source());
        } catch (IOException e) {
            LOG.warn("{} is imported, but its source stays: {}", message.uidl(), e.toString());
        }
    }

    private static ImportOutcome.Refused refused(ImportedMessage message, ImportOutcome.Problem problem, String detail) {
        return new ImportOutcome.Refused(message.uidl(), problem, detail);
    }

    private void checkOpen() {
        if (maildrop.isClosed()) {
            throw new IllegalStateException("the import into " + address() + " is closed");
        }
    }
}
