package org.postbox.mailstore.jpa;

import java.nio.charset.StandardCharsets;
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
 * {@link MessageInfo} is made when asked for and nothing per message is kept but the two numbers;
 * imported messages' UIDLs ({@code messages.uidl}) are kept packed, an int and their characters
 * each, and only once a mailbox has such a message.
 *
 * <p>Immutable: the list refuses every change.
 */
final class MaildropSnapshot extends AbstractList<MessageInfo> implements RandomAccess {

    private final String uniqueIdPrefix;
    private final long[] ids;
    private final long[] sizes;
    private final int count;
    // Message i's imported UIDL is uidls[uidlStart[i] .. uidlStart[i + 1]), none when that is empty; both null without any.
    private final byte[] uidls;
    private final int[] uidlStart;

    private MaildropSnapshot(String uniqueIdPrefix, long[] ids, long[] sizes, int count, byte[] uidls, int[] uidlStart) {
        this.uniqueIdPrefix = uniqueIdPrefix;
        this.ids = ids;
        this.sizes = sizes;
        this.count = count;
        this.uidls = uidls;
        this.uidlStart = uidlStart;
    }

    /** Message {@code number}'s id in the database (1-based, as POP3 numbers). */
    long id(int number) {
        Objects.checkIndex(number - 1, count);
        return ids[number - 1];
    }

    /** What every unique id this store gives in this mailbox begins with ({@link UniqueIds#prefix}). */
    String uniqueIdPrefix() {
        return uniqueIdPrefix;
    }

    @Override
    public MessageInfo get(int index) {
        Objects.checkIndex(index, count);
        if (uidlStart != null && uidlStart[index + 1] > uidlStart[index]) {
            return new MessageInfo(new String(uidls, uidlStart[index], uidlStart[index + 1] - uidlStart[index],
                    StandardCharsets.US_ASCII), sizes[index]);
        }
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
        private byte[] uidls;
        private int[] uidlStart;

        Builder(long uidValidity, int expectedCount) {
            this.uniqueIdPrefix = UniqueIds.prefix(uidValidity);
            // A counter changed by hand may say anything: beyond this the arrays grow as they are filled.
            int expected = Math.min(Math.max(expectedCount, 0), MAX_PRESIZE);
            int capacity = expected + expected / 64 + 16;
            this.ids = new long[capacity];
            this.sizes = new long[capacity];
        }

        void add(long id, long size) {
            add(id, size, null);
        }

        /** @param uidl the UIDL the message was imported with, or null for one of the store's own */
        void add(long id, long size, String uidl) {
            if (count == ids.length) {
                int capacity = count + (count >> 1);
                ids = Arrays.copyOf(ids, capacity);
                sizes = Arrays.copyOf(sizes, capacity);
            }
            ids[count] = id;
            sizes[count] = size;
            if (uidl != null && uidlStart == null) {
                uidlStart = new int[ids.length + 1];
                uidls = new byte[64];
            }
            if (uidlStart != null) {
                if (uidlStart.length < ids.length + 1) {
                    uidlStart = Arrays.copyOf(uidlStart, ids.length + 1);
                }
                int at = uidlStart[count];
                int length = uidl == null ? 0 : uidl.length();
                if (at + length > uidls.length) {
                    uidls = Arrays.copyOf(uidls, Math.max(uidls.length * 2, at + length));
                }
                for (int i = 0; i < length; i++) {
                    uidls[at + i] = (byte) uidl.charAt(i);
                }
                // Messages before the first imported one have none: their starts are all 0.
                uidlStart[count + 1] = at + length;
            }
            count++;
        }

        MaildropSnapshot build() {
            if (ids.length - count > count / 32 + 16) {
                ids = Arrays.copyOf(ids, count);
                sizes = Arrays.copyOf(sizes, count);
            }
            if (uidlStart != null) {
                uidlStart = Arrays.copyOf(uidlStart, count + 1);
                uidls = Arrays.copyOf(uidls, uidlStart[count]);
            }
            return new MaildropSnapshot(uniqueIdPrefix, ids, sizes, count, uidls, uidlStart);
        }
    }
}
