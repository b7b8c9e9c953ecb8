package org.postbox.mailstore;

import java.io.InputStream;
import java.util.BitSet;
import java.util.List;

/**
 * An exclusively locked maildrop (RFC 1939 section 8), as a snapshot taken when it was opened.
 * Message number {@code n} (1-based) is {@code messages().get(n - 1)} for the whole session;
 * mail delivered after the snapshot is not in it and is never deleted through it.
 *
 * <p>A session ends in exactly one of two ways: {@link #commit(BitSet)} followed by
 * {@link #close()} (the POP3 UPDATE state), or {@link #close()} alone (drop, timeout, shutdown),
 * which deletes nothing. {@code close()} always releases the lock and is idempotent.
 */
public interface Maildrop extends AutoCloseable {

    MailboxAddress address();

    /** The snapshot, in message-number order. Immutable. */
    List<MessageInfo> messages();

    /**
     * Streams message {@code number} (1-based) as stored; the caller converts line ends. Reading
     * holds bounded memory whatever the message size. The caller closes the stream.
     *
     * @throws MessageVanishedException if another agent removed the message meanwhile
     */
    InputStream content(int number);

    /**
     * Deletes the messages whose 1-based numbers are set in {@code deleted}; when the mailbox's
     * domain holds deleted mail ({@link DomainRetention#holds()}), hides them instead, restorable by
     * {@link MailStore#undelete} until the hold passes. Messages already gone are ignored. Idempotent per message; after it returns the deletions are durable.
     *
     * @throws LockLostException if the lock was lost meanwhile; nothing was deleted then
     */
    void commit(BitSet deleted);

    /**
     * What this mailbox's retention is (RFC 2449 {@code EXPIRE}, for CAPA after login), as read
     * when the maildrop was opened.
     */
    Expire expire();

    /**
     * Notes that message {@code number} (1-based) was retrieved now, if it was not before: the start
     * of its {@link #expire()} period. Cheap: kept in memory and recorded when the maildrop closes,
     * whether or not it committed; a crash loses the marks, which only keeps mail longer.
     */
    void markRetrieved(int number);

    /** Records the {@link #markRetrieved retrieval marks} it can and releases the lock. Never throws. */
    @Override
    void close();
}
