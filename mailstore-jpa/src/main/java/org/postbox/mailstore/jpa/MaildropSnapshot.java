package org.postbox.mailstore.jpa;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

import org.postbox.mailstore.MessageInfo;

/**
 * The messages of a maildrop as numbered when it was opened, held as two parallel arrays: message
 * ids and POP3 sizes, 16 octets a message whatever the mailbox. A mailbox that a client leaves its
 * mail in for years may hold a million messages; a {@link MessageInfo} with its unique id string
 * for each would be several times that, for every session, and mostly never looked at. The unique
 * id is a function of the mailbox's uid validity and the message id ({@link UniqueIds}), so each
 * {@link MessageInfo} is made when asked for and nothing per message is kept but the two numbers.
 *
 * <p>Immutable: the list refuses every change.
 */
final class MaildropSnapshot extends AbstractList<MessageInfo> implements RandomAccess {

    private final String uniqueIdPrefix;
    private final long[] ids;
    private final long[] sizes;
    private final int count;

    private MaildropSnapshot(String uniqueIdPrefix, long[] ids, long[] sizes, int count) {
        this.uniqueIdPrefix = uniqueIdPrefix;
        this.ids = ids;
        this.sizes = sizes;
        this.count = count;
    }

    /** Message {@code number}'s id in the database (1-based, as POP3 numbers). */
    long id(int number) {
        Objects.checkIndex(number - 1, count);
        return ids[number - 1];
    }

    @Override
    public MessageInfo get(int index) {
        Objects.checkIndex(index, count);
        return new MessageInfo(UniqueIds.of(uniqueIdPrefix, ids[index]), sizes[index]);
    }

    @Override
    public int size() {
        return count;
    }

    /**
     * Collects a listing read in message-number order, without a boxed value per message. Sized
     * from the mailbox's message counter, which may be off by the deliveries and deletions that
     * commit while the listing is read: a little room to spare spares copies of the arrays, which
     * grow like an {@code ArrayList}'s when the room runs out anyway.
     */
    static final class Builder {

        /** 4 Mi messages: 64 MiB of arrays. */
        private static final int MAX_PRESIZE = 1 << 22;

        private final String uniqueIdPrefix;
        private long[] ids;
        private long[] sizes;
        private int count;

        Builder(long uidValidity, int expectedCount) {
            this.uniqueIdPrefix = UniqueIds.prefix(uidValidity);
            // A counter changed by hand may say anything: beyond this the arrays grow as they are filled.
            int expected = Math.min(Math.max(expectedCount, 0), MAX_PRESIZE);
            int capacity = expected + expected / 64 + 16;
            this.ids = new long[capacity];
            this.sizes = new long[capacity];
        }

        void add(long id, long size) {
            if (count == ids.length) {
                int capacity = count + (count >> 1);
                ids = Arrays.copyOf(ids, capacity);
                sizes = Arrays.copyOf(sizes, capacity);
            }
            ids[count] = id;
            sizes[count] = size;
            count++;
        }

        MaildropSnapshot build() {
            if (ids.length - count > count / 32 + 16) {
                ids = Arrays.copyOf(ids, count);
                sizes = Arrays.copyOf(sizes, count);
            }
            return new MaildropSnapshot(uniqueIdPrefix, ids, sizes, count);
        }
    }
}
