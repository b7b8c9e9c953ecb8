package org.postbox.mailstore.jpa;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.postbox.mailstore.Expire;
import org.postbox.mailstore.LockLostException;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxRetention;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageVanishedException;
import org.postbox.mailstore.SweepOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A maildrop locked by a lease and the snapshot of its messages taken when it was opened. Every
 * later operation names the snapshot's messages by id, so mail delivered meanwhile is neither
 * numbered nor deleted.
 */
final class JpaMaildrop implements Maildrop {

    private static final Logger LOG = LoggerFactory.getLogger(JpaMaildrop.class);

    private static final String DELETE = """
            DELETE FROM messages WHERE mailbox_id = ? AND id = ANY (?)
            RETURNING stored_size""";
    private static final String HOLD = """
            UPDATE messages SET held_at = now() WHERE mailbox_id = ? AND id = ANY (?) AND held_at IS NULL
            RETURNING stored_size""";
    private static final String EXPIRE = """
            DELETE FROM messages WHERE id IN (
                SELECT id FROM messages WHERE mailbox_id = ? AND held_at IS NULL AND retrieved_at < ?
                 ORDER BY id LIMIT ?)
            RETURNING stored_size""";
    // A NULL cutoff (no hold any more) purges every held message.
    private static final String PURGE = """
            DELETE FROM messages WHERE id IN (
                SELECT id FROM messages WHERE mailbox_id = ? AND held_at IS NOT NULL
                   AND held_at < coalesce(?::timestamptz, 'infinity')
                 ORDER BY held_at LIMIT ?)
            RETURNING stored_size""";
    private static final String RESTORE = """
            UPDATE messages SET held_at = NULL
             WHERE mailbox_id = ? AND held_at IS NOT NULL AND held_at >= coalesce(?::timestamptz, '-infinity')
            RETURNING stored_size""";
    private static final String RECORD_RETRIEVALS = """
            UPDATE messages m SET retrieved_at = to_timestamp(r.millis / 1000.0)
              FROM unnest(?::bigint[], ?::bigint[]) AS r(id, millis)
             WHERE m.id = r.id AND m.mailbox_id = ? AND m.retrieved_at IS NULL""";
    private static final String UNCOUNT = """
            UPDATE mailboxes SET message_count = message_count - ?, stored_octets = stored_octets - ?
             WHERE id = ?
            RETURNING domain_id""";
    private static final String UNCOUNT_DOMAIN = """
            UPDATE domains SET message_count = message_count - ?, stored_octets = stored_octets - ?
             WHERE id = ?""";

    private final Database database;
    private final MaildropLeases leases;
    private final MaildropLeases.Lease lease;
    private final MaildropSnapshot snapshot;
    private final MailboxRetention retention;
    // First retrieval in this session by message id; recorded at close.
    private final Map<Long, Instant> retrieved = new ConcurrentHashMap<>();
    private final Consumer<JpaMaildrop> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    JpaMaildrop(Database database, MaildropLeases leases, MaildropLeases.Lease lease, MaildropSnapshot snapshot,
                MailboxRetention retention, Consumer<JpaMaildrop> onClose) {
        this.retention = retention;
        this.database = database;
        this.leases = leases;
        this.lease = lease;
        this.snapshot = snapshot;
        this.onClose = onClose;
    }

    @Override
    public MailboxAddress address() {
        return lease.address();
    }

    @Override
    public List<MessageInfo> messages() {
        return snapshot;
    }

    MaildropLeases.Lease lease() {
        return lease;
    }

    /** The snapshot taken when it was opened. */
    MaildropSnapshot snapshot() {
        return snapshot;
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public InputStream content(int number) {
        long id = id(number);
        Long size = database.stateless("read message " + number + " of " + address(), session -> {
            MessageEntity message = session.get(MessageEntity.class, id);
            return message == null ? null : message.storedSize();
        });
        if (size == null) {
            throw new MessageVanishedException("message " + number + " of " + address() + " was removed by another agent");
        }
        return new ChunkedMessageStream(this::chunk, id, size);
    }

    private byte[] chunk(long messageId, int seq) {
        return database.stateless("read a part of a message of " + address(), session -> {
            MessageChunkEntity chunk = session.get(MessageChunkEntity.class, new MessageChunkEntity.Key(messageId, seq));
            return chunk == null ? null : chunk.data();
        });
    }

    @Override
    public void commit(BitSet deleted) {
        checkOpen();
        if (deleted.isEmpty()) {
            return;
        }
        if (deleted.get(0) || deleted.length() - 1 > snapshot.size()) {
            throw new IllegalArgumentException("deleted messages must be numbered 1.." + snapshot.size() + ", got " + deleted);
        }
        Long[] doomed = deleted.stream().mapToObj(snapshot::id).toArray(Long[]::new);
        boolean hold = retention.domain().holds();
        int removed = database.inTransaction((hold ? "hold" : "delete") + " messages of " + address(), connection -> {
            checkLease(connection);
            if (hold) {
                return uncount(connection, HOLD, statement -> statement.setArray(2, connection.createArrayOf("bigint", doomed)),
                        !retention.domain().heldCountsTowardQuota());
            }
            return uncount(connection, DELETE, statement -> statement.setArray(2, connection.createArrayOf("bigint", doomed)),
                    true);
        });
        LOG.debug("{} {} of {} requested messages of {}", hold ? "held" : "deleted", removed, doomed.length, address());
    }

    /** Runs a statement that returns the stored size of each row it removed or held, and takes those off the usage when {@code uncount}. */
    private int uncount(Connection connection, String sql, Parameters parameters, boolean uncount) throws SQLException {
        int count = 0;
        long octets = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, lease.mailboxId());
            parameters.set(statement);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    count++;
                    octets += rows.getLong(1);
                }
            }
        }
        if (count > 0 && uncount) {
            changeUsage(connection, -count, -octets);
        }
        return count;
    }

    /** Adds to the mailbox's usage and its domain's: its row first, then its domain's, in the order delivery locks them. */
    private void changeUsage(Connection connection, int messages, long octets) throws SQLException {
        long domainId;
        try (PreparedStatement update = connection.prepareStatement(UNCOUNT)) {
            update.setInt(1, -messages);
            update.setLong(2, -octets);
            update.setLong(3, lease.mailboxId());
            try (ResultSet row = update.executeQuery()) {
                row.next();
                domainId = row.getLong(1);
            }
        }
        try (PreparedStatement update = connection.prepareStatement(UNCOUNT_DOMAIN)) {
            update.setInt(1, -messages);
            update.setLong(2, -octets);
            update.setLong(3, domainId);
            update.executeUpdate();
        }
    }

    private void checkLease(Connection connection) throws SQLException {
        if (!leases.holdsForUpdate(connection, lease)) {
            throw new LockLostException("the maildrop lock of " + address()
                    + " expired or was taken over by another session; nothing was deleted");
        }
    }

    @FunctionalInterface
    private interface Parameters {
        void set(PreparedStatement statement) throws SQLException;
    }

    @Override
    public Expire expire() {
        return retention.expire();
    }

    @Override
    public void markRetrieved(int number) {
        retrieved.putIfAbsent(id(number), Instant.now());
    }

    /**
     * The retention sweep ({@link org.postbox.mailstore.MailStore#sweepRetention}): at most
     * {@code limit} retrieved messages past the expire, then held ones past the hold.
     */
    SweepOutcome sweep(Instant now, int limit) {
        checkOpen();
        Optional<Instant> cutoff = retention.expire().cutoff(now);
        Instant purgeBefore = retention.domain().purgeCutoff(now);
        SweepOutcome outcome = database.inTransaction("sweep the maildrop of " + address(), connection -> {
            checkLease(connection);
            int expired = 0;
            if (cutoff.isPresent()) {
                expired = uncount(connection, EXPIRE, statement -> {
                    statement.setObject(2, OffsetDateTime.ofInstant(cutoff.get(), ZoneOffset.UTC));
                    statement.setInt(3, limit);
                }, true);
            }
            int room = limit - expired;
            int purged = room <= 0 ? 0 : uncount(connection, PURGE, statement -> {
                statement.setObject(2, purgeBefore.equals(Instant.MAX) ? null
                        : OffsetDateTime.ofInstant(purgeBefore, ZoneOffset.UTC), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setInt(3, room);
            }, retention.domain().heldCountsTowardQuota());
            return new SweepOutcome(expired, purged);
        });
        return outcome;
    }

    /** Makes held messages visible again (those held at or after {@code since}, or all); returns how many. */
    int undelete(Optional<Instant> since) {
        checkOpen();
        boolean counted = retention.domain().heldCountsTowardQuota();
        return database.inTransaction("restore held mail of " + address(), connection -> {
            checkLease(connection);
            int count = 0;
            long octets = 0;
            try (PreparedStatement restore = connection.prepareStatement(RESTORE)) {
                restore.setLong(1, lease.mailboxId());
                restore.setObject(2, since.map(when -> OffsetDateTime.ofInstant(when, ZoneOffset.UTC)).orElse(null),
                        java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                try (ResultSet rows = restore.executeQuery()) {
                    while (rows.next()) {
                        count++;
                        octets += rows.getLong(1);
                    }
                }
            }
            if (count > 0 && !counted) {
                changeUsage(connection, count, octets);
            }
            return count;
        });
    }

    /** The first retrievals of this session, for messages that have none recorded yet. */
    private void recordRetrievals() {
        if (retrieved.isEmpty()) {
            return;
        }
        Long[] ids = retrieved.keySet().toArray(Long[]::new);
        Long[] millis = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            millis[i] = retrieved.get(ids[i]).toEpochMilli();
        }
        try {
            database.inTransaction("record retrievals in " + address(), connection -> {
                try (PreparedStatement update = connection.prepareStatement(RECORD_RETRIEVALS)) {
                    update.setArray(1, connection.createArrayOf("bigint", ids));
                    update.setArray(2, connection.createArrayOf("bigint", millis));
                    update.setLong(3, lease.mailboxId());
                    return update.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            // Losing marks keeps mail longer; the session must still end cleanly.
            LOG.warn("retrieval marks of {} not recorded: {}", address(), e.toString());
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            recordRetrievals();
            leases.release(lease);
            onClose.accept(this);
        }
    }

    /** Closed by the store, which gives back all of its leases at once. */
    void abandon() {
        closed.set(true);
    }

    private long id(int number) {
        checkOpen();
        if (number < 1 || number > snapshot.size()) {
            throw new IllegalArgumentException("no message " + number + " in a maildrop of " + snapshot.size());
        }
        return snapshot.id(number);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("maildrop of " + address() + " is closed");
        }
    }
}
