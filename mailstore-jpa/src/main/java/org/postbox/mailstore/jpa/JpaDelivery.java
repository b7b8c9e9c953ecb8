package org.postbox.mailstore.jpa;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import org.postbox.mailstore.DeliveryKey;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.UsageChange;
import org.postbox.mailstore.spi.MessageTally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery into PostgreSQL: each recipient's copy is one transaction that writes the body in
 * fixed-size chunks as it streams in, then the message row, then the mailbox's and the domain's
 * usage, so a copy is visible completely or not at all and usage never drifts from the messages.
 * The first recipient's copy is read from the source; the next ones copy its chunks inside the
 * database.
 *
 * <p>Quotas: a full mailbox or domain is refused before a byte is read. The authoritative check
 * comes after the body is written, when its size is known: the usage updates lock the mailbox's
 * row, then the domain's, and return the usage including every delivery committed before; a copy
 * that would pass a limit rolls back whole. Concurrent deliveries therefore queue on those rows
 * for the moment of their update and can never together pass a limit.
 *
 * <p>With a {@link DeliveryKey}, a mailbox that has a row for that key in
 * {@code recent_deliveries} within its window gets nothing new; a stored copy adds its row in its
 * own transaction.
 *
 * <p>The counting update's {@code RETURNING} gives the mailbox's usage with the copy, under the
 * row's lock: each copy's {@link UsageChange} (before and after it) is therefore exact under
 * concurrent deliveries, and is told once the copy is committed. A notice from the server
 * ({@link #deliverNotice}) takes the same path without the quota and suspension refusals.
 */
final class JpaDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(JpaDelivery.class);

    /** Body chunk size: large enough for few rows, small enough to hold one per reader. */
    static final int CHUNK_SIZE = 256 * 1024;

    private static final String STORE_UNAVAILABLE = "mail store unavailable";

    private static final String RECIPIENT = """
            SELECT m.id, m.uid_validity, m.suspended OR d.suspended,
                   m.message_count, m.stored_octets, m.quota_messages, m.quota_octets,
                   d.id, d.message_count, d.stored_octets, d.quota_octets
              FROM mailboxes m JOIN domains d ON d.id = m.domain_id
             WHERE d.name = ? AND m.local_part = ?""";
    private static final String NEXT_ID = "SELECT nextval('message_ids')";
    private static final String INSERT_CHUNK = "INSERT INTO message_chunks (message_id, seq, data) VALUES (?, ?, ?)";
    private static final String SOURCE_COPY = "SELECT stored_size, crlf_size FROM messages WHERE id = ? FOR SHARE";
    private static final String COPY_CHUNKS = """
            INSERT INTO message_chunks (message_id, seq, data)
            SELECT ?, seq, data FROM message_chunks WHERE message_id = ?""";
    private static final String INSERT_MESSAGE = """
            INSERT INTO messages (id, mailbox_id, stored_size, crlf_size, delivered_at)
            VALUES (?, ?, ?, ?, clock_timestamp())""";
    private static final String COUNT = """
            UPDATE mailboxes SET message_count = message_count + 1, stored_octets = stored_octets + ?
             WHERE id = ?
            RETURNING message_count, stored_octets, quota_messages, quota_octets""";
    private static final String COUNT_DOMAIN = """
            UPDATE domains SET message_count = message_count + 1, stored_octets = stored_octets + ?
             WHERE id = ?
            RETURNING message_count, stored_octets, quota_octets""";

    private static final String EARLIER_COPY = """
            SELECT unique_id FROM recent_deliveries
             WHERE mailbox_id = ? AND digest = ? AND delivered_at > clock_timestamp() - ? * interval '1 millisecond'""";
    private static final String FORGET_EXPIRED = """
            DELETE FROM recent_deliveries
             WHERE mailbox_id = ? AND delivered_at <= clock_timestamp() - ? * interval '1 millisecond'""";
    private static final String REMEMBER = """
            INSERT INTO recent_deliveries (mailbox_id, digest, unique_id, delivered_at)
            VALUES (?, ?, ?, clock_timestamp())
            ON CONFLICT (mailbox_id, digest) DO UPDATE SET unique_id = excluded.unique_id, delivered_at = excluded.delivered_at""";

    private final Database database;

    JpaDelivery(Database database) {
        this.database = database;
    }

    List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message, Optional<DeliveryKey> key,
                                  Consumer<UsageChange> counted) {
        List<DeliveryOutcome> outcomes = new ArrayList<>(recipients.size());
        OptionalLong stored = OptionalLong.empty();
        boolean storeFailing = false;
        for (MailboxAddress recipient : recipients) {
            if (storeFailing) {
                // Each further try would wait for a connection in vain; the sender retries them all later.
                outcomes.add(new DeliveryOutcome.TemporaryFailure(STORE_UNAVAILABLE));
                continue;
            }
            Copy copy = deliverOne(recipient, message, stored, key, true);
            outcomes.add(copy.outcome());
            copy.change().ifPresent(counted);
            if (copy.messageId().isPresent()) {
                stored = copy.messageId();
            }
            storeFailing = copy.storeFailed();
        }
        return outcomes;
    }

    /** Stores a notice from the server in exactly {@code mailbox}, past its quotas and suspension, counted in its usage. */
    DeliveryOutcome deliverNotice(MailboxAddress mailbox, MessageSource message) {
        return deliverOne(mailbox, message, OptionalLong.empty(), Optional.empty(), false).outcome();
    }

    /**
     * A recipient's outcome, the id of its copy and the usage change it made when delivered, and
     * whether the database failed.
     */
    private record Copy(DeliveryOutcome outcome, OptionalLong messageId, Optional<UsageChange> change,
                        boolean storeFailed) {
        static Copy not(DeliveryOutcome outcome) {
            return new Copy(outcome, OptionalLong.empty(), Optional.empty(), false);
        }
    }

    private Copy deliverOne(MailboxAddress recipient, MessageSource message, OptionalLong stored,
                            Optional<DeliveryKey> key, boolean enforce) {
        try (Connection connection = database.connection()) {
            try {
                Copy copy = store(connection, recipient, message, stored, key, enforce);
                if (copy.messageId().isPresent()) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
                return copy;
            } catch (SQLException | IOException | RuntimeException e) {
                Database.rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            if (StoreFailures.violated(e, StoreFailures.FOREIGN_KEY_VIOLATION)) {
                return Copy.not(new DeliveryOutcome.NoSuchMailbox()); // removed while its mail arrived
            }
            LOG.warn("delivery to {} deferred, the sender should retry: {}", recipient, e.getMessage());
            return new Copy(new DeliveryOutcome.TemporaryFailure(STORE_UNAVAILABLE), OptionalLong.empty(), Optional.empty(),
                    true);
        } catch (IOException | RuntimeException e) {
            // The message source is the caller's code: whatever it throws fails this recipient only.
            LOG.warn("delivery to {} failed, the sender should retry: {}", recipient, e.toString());
            return Copy.not(new DeliveryOutcome.TemporaryFailure("cannot store the message now"));
        }
    }

    private Copy store(Connection connection, MailboxAddress recipient, MessageSource message, OptionalLong stored,
                       Optional<DeliveryKey> key, boolean enforce) throws SQLException, IOException {
        Optional<Recipient> found = recipient(connection, recipient);
        if (found.isEmpty()) {
            return Copy.not(new DeliveryOutcome.NoSuchMailbox());
        }
        Recipient mailbox = found.get();
        Optional<String> earlier = key.isPresent() ? earlierCopy(connection, mailbox.id(), key.get()) : Optional.empty();
        if (earlier.isPresent()) {
            LOG.info("delivery to {}: a repetition of {}, stored once", recipient, earlier.get());
            return Copy.not(new DeliveryOutcome.Delivered(earlier.get()));
        }
        if (enforce && mailbox.suspended()) {
            return Copy.not(new DeliveryOutcome.Suspended());
        }
        // Refuse before reading a byte if the mailbox or its domain is full already.
        Optional<String> full = !enforce ? Optional.empty() : mailbox.limit().refusal(mailbox.usage(), 1)
                .or(() -> mailbox.domainLimit().refusal(mailbox.domainUsage(), 1));
        if (full.isPresent()) {
            return Copy.not(new DeliveryOutcome.OverQuota(full.get()));
        }
        long id = nextId(connection);
        Optional<Sizes> sizes = stored.isPresent() ? copyChunks(connection, stored.getAsLong(), id) : Optional.empty();
        Sizes written = sizes.isPresent() ? sizes.get() : writeChunks(connection, id, message);
        try (PreparedStatement insert = connection.prepareStatement(INSERT_MESSAGE)) {
            insert.setLong(1, id);
            insert.setLong(2, mailbox.id());
            insert.setLong(3, written.stored());
            insert.setLong(4, written.crlf());
            insert.executeUpdate();
        }
        QuotaUsage added = new QuotaUsage(written.stored(), 1);
        Optional<Counted<MailboxQuota>> counted = count(connection, mailbox.id(), written.stored());
        if (counted.isEmpty()) {
            return Copy.not(new DeliveryOutcome.NoSuchMailbox());
        }
        QuotaUsage before = counted.get().usage().minus(added);
        Optional<String> over = enforce ? counted.get().limit().refusal(before, written.stored()) : Optional.empty();
        if (over.isEmpty()) {
            Counted<DomainQuota> domain = countDomain(connection, mailbox.domainId(), written.stored());
            if (enforce) {
                over = domain.limit().refusal(domain.usage().minus(added), written.stored());
            }
        }
        if (over.isPresent()) {
            return Copy.not(new DeliveryOutcome.OverQuota(over.get()));
        }
        String uniqueId = UniqueIds.of(mailbox.uidValidity(), id);
        if (key.isPresent()) {
            remember(connection, mailbox.id(), key.get(), uniqueId);
        }
        UsageChange change = new UsageChange(recipient, before, counted.get().usage(), counted.get().limit());
        return new Copy(new DeliveryOutcome.Delivered(uniqueId), OptionalLong.of(id), Optional.of(change), false);
    }

    private static Optional<String> earlierCopy(Connection connection, long mailboxId, DeliveryKey key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(EARLIER_COPY)) {
            select.setLong(1, mailboxId);
            select.setString(2, key.digest());
            select.setLong(3, key.window().toMillis());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Records the key in the copy's own transaction, after dropping the mailbox's expired keys
     * (so the table holds about one window of deliveries). The mailbox's row is locked by now
     * (its usage was counted), so deliveries to one mailbox record one at a time.
     */
    private static void remember(Connection connection, long mailboxId, DeliveryKey key, String uniqueId)
            throws SQLException {
        try (PreparedStatement forget = connection.prepareStatement(FORGET_EXPIRED)) {
            forget.setLong(1, mailboxId);
            forget.setLong(2, key.window().toMillis());
            forget.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(REMEMBER)) {
            insert.setLong(1, mailboxId);
            insert.setString(2, key.digest());
            insert.setString(3, uniqueId);
            insert.executeUpdate();
        }
    }

    private static Optional<Recipient> recipient(Connection connection, MailboxAddress address) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(RECIPIENT)) {
            select.setString(1, address.domain());
            select.setString(2, address.localPart());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Recipient(row.getLong(1), row.getLong(2), row.getBoolean(3),
                        new QuotaUsage(row.getLong(5), row.getLong(4)), mailboxLimit(row, 6),
                        row.getLong(8), new QuotaUsage(row.getLong(10), row.getLong(9)), domainLimit(row, 11)));
            }
        }
    }

    /** A new message's id, from the sequence of every message's: it is listed after everything stored before it. */
    static long nextId(Connection connection) throws SQLException {
        try (PreparedStatement next = connection.prepareStatement(NEXT_ID); ResultSet row = next.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static Sizes writeChunks(Connection connection, long id, MessageSource message) throws SQLException, IOException {
        MessageTally tally = new MessageTally(false);
        try (InputStream in = message.open()) {
            writeChunks(connection, id, in, tally);
        }
        return new Sizes(tally.octets(), tally.crlfOctets());
    }

    /** Streams a body into the chunks of message {@code id}, counting it into {@code tally} on the way. */
    static void writeChunks(Connection connection, long id, InputStream in, MessageTally tally)
            throws SQLException, IOException {
        byte[] buffer = new byte[CHUNK_SIZE];
        try (PreparedStatement insert = connection.prepareStatement(INSERT_CHUNK)) {
            for (int seq = 0; ; seq++) {
                int n = in.readNBytes(buffer, 0, CHUNK_SIZE);
                if (n == 0) {
                    break;
                }
                tally.add(buffer, 0, n);
                insert.setLong(1, id);
                insert.setInt(2, seq);
                insert.setBytes(3, n == CHUNK_SIZE ? buffer : Arrays.copyOf(buffer, n));
                insert.executeUpdate();
                if (n < CHUNK_SIZE) {
                    break;
                }
            }
        }
    }

    /**
     * Copies the chunks of a copy delivered moments ago to another recipient, inside the
     * database. Empty if that copy is gone already (deleted by its owner): then the source is
     * read once more. The row lock keeps it from going while its chunks are copied.
     */
    private static Optional<Sizes> copyChunks(Connection connection, long from, long to) throws SQLException {
        Sizes sizes;
        try (PreparedStatement source = connection.prepareStatement(SOURCE_COPY)) {
            source.setLong(1, from);
            try (ResultSet row = source.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                sizes = new Sizes(row.getLong(1), row.getLong(2));
            }
        }
        try (PreparedStatement copy = connection.prepareStatement(COPY_CHUNKS)) {
            copy.setLong(1, to);
            copy.setLong(2, from);
            copy.executeUpdate();
        }
        return Optional.of(sizes);
    }

    /** Counts the copy in its mailbox's usage; empty if the mailbox is gone. */
    private static Optional<Counted<MailboxQuota>> count(Connection connection, long mailboxId, long octets)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(COUNT)) {
            update.setLong(1, octets);
            update.setLong(2, mailboxId);
            try (ResultSet row = update.executeQuery()) {
                return row.next()
                        ? Optional.of(new Counted<>(new QuotaUsage(row.getLong(2), row.getLong(1)), mailboxLimit(row, 3)))
                        : Optional.empty();
            }
        }
    }

    private static Counted<DomainQuota> countDomain(Connection connection, long domainId, long octets) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(COUNT_DOMAIN)) {
            update.setLong(1, octets);
            update.setLong(2, domainId);
            try (ResultSet row = update.executeQuery()) {
                if (!row.next()) {
                    // The foreign key keeps a mailbox's domain as long as the mailbox.
                    throw new SQLException("domain " + domainId + " of a mailbox is missing");
                }
                return new Counted<>(new QuotaUsage(row.getLong(2), row.getLong(1)), domainLimit(row, 3));
            }
        }
    }

    /** A mailbox's limits from {@code quota_messages, quota_octets} at {@code first}; NULL or 0 is unlimited. */
    static MailboxQuota mailboxLimit(ResultSet row, int first) throws SQLException {
        long messages = row.getLong(first);
        long octets = row.getLong(first + 1);
        return new MailboxQuota(Math.max(0, octets), Math.max(0, messages));
    }

    /** A domain's storage limit from {@code quota_octets} at {@code column} (its mailbox limit does not matter here). */
    private static DomainQuota domainLimit(ResultSet row, int column) throws SQLException {
        return new DomainQuota(Math.max(0, row.getLong(column)), 0);
    }

    private record Recipient(long id, long uidValidity, boolean suspended, QuotaUsage usage, MailboxQuota limit,
                             long domainId, QuotaUsage domainUsage, DomainQuota domainLimit) {
    }

    private record Sizes(long stored, long crlf) {
    }

    /** Usage after a copy was counted, and the limits it must stay within. */
    private record Counted<Q>(QuotaUsage usage, Q limit) {
    }
}
