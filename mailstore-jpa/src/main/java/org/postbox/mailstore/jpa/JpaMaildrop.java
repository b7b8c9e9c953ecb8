package org.postbox.mailstore.jpa;

import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.postbox.mailstore.LockLostException;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageVanishedException;
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
    private final Consumer<JpaMaildrop> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    JpaMaildrop(Database database, MaildropLeases leases, MaildropLeases.Lease lease, MaildropSnapshot snapshot,
                Consumer<JpaMaildrop> onClose) {
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
        int removed = database.inTransaction("delete messages of " + address(), connection -> {
            if (!leases.holdsForUpdate(connection, lease)) {
                throw new LockLostException("the maildrop lock of " + address()
                        + " expired or was taken over by another session; nothing was deleted");
            }
            int count = 0;
            long octets = 0;
            try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                delete.setLong(1, lease.mailboxId());
                delete.setArray(2, connection.createArrayOf("bigint", doomed));
                try (ResultSet rows = delete.executeQuery()) {
                    while (rows.next()) {
                        count++;
                        octets += rows.getLong(1);
                    }
                }
            }
            if (count > 0) {
                // The mailbox's row first, then its domain's, in the order delivery locks them.
                long domainId;
                try (PreparedStatement uncount = connection.prepareStatement(UNCOUNT)) {
                    uncount.setInt(1, count);
                    uncount.setLong(2, octets);
                    uncount.setLong(3, lease.mailboxId());
                    try (ResultSet row = uncount.executeQuery()) {
                        row.next();
                        domainId = row.getLong(1);
                    }
                }
                try (PreparedStatement uncount = connection.prepareStatement(UNCOUNT_DOMAIN)) {
                    uncount.setInt(1, count);
                    uncount.setLong(2, octets);
                    uncount.setLong(3, domainId);
                    uncount.executeUpdate();
                }
            }
            return count;
        });
        LOG.debug("deleted {} of {} requested messages from {}", removed, doomed.length, address());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
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
