package org.postbox.mailstore.maildir;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Message files of one maildrop as parallel primitive columns and names packed into pages: a
 * million messages take about a hundred bytes each, where a list of records with strings would
 * take several objects each. Immutable once built. {@link MaildropSnapshot} puts entries of one
 * or two tables in message-number order.
 *
 * <p>The names of a large table fill pages of {@value #PAGE} bytes, none split between two, so
 * that a table growing while a folder of a million files is listed never copies its names, and
 * needs no block of 64 MB in one piece: in a small heap, an array of all the names and its copy
 * when it doubled did not fit. A small table's one page is no larger than its names.
 *
 * <p>A message's natural unique id (what {@link MessageFileName#uniqueId()} gives) is, for every
 * name Postbox or Dovecot writes, the first bytes of its file name; only other ids are kept as
 * strings.
 */
final class MessageTable {

    /** The file was in {@code cur/} (else {@code new/}). */
    static final int IN_CUR = 1;
    /** Its CRLF size or its place in the order comes from the file's attributes: check them at every open. */
    static final int VERIFY = 2;
    /** Another message claims the same natural id: both use their hashed ids (a snapshot's matter, see {@link MaildropSnapshot}). */
    static final int COLLIDED = 4;
    /** The natural id is no prefix of the name and is kept as a string. */
    static final int EXPLICIT_UID = 8;
    static final int ALL_FLAGS = IN_CUR | VERIFY | COLLIDED | EXPLICIT_UID;

    /** Longer names are no Maildir message (file systems allow 255 bytes). */
    static final int MAX_NAME = 4096;

    /** Bytes of a full page of names; below half a heap region of any heap, so never a "humongous" object. */
    static final int PAGE = 1 << 16;
    private static final int PAGE_SHIFT = 16;

    static final MessageTable EMPTY = new Builder(0, 0).build();

    private final int size;
    private final byte[][] pages;
    // Page number << PAGE_SHIFT | offset in the page.
    private final int[] nameStart;
    private final short[] nameLength;
    private final byte[] flags;
    private final short[] uidLength;
    private final Map<Integer, String> explicitUids;
    private final long[] fileSize;
    private final long[] crlfSize;
    private final long[] sortSeconds;
    private final long[] micros;
    private final long[] modifiedNanos;
    // Built on first use: only a scan that lists a folder looks names up.
    private BaseNameSlots baseNameSlots;

    private MessageTable(Builder b) {
        this.size = b.size;
        this.pages = b.pages.toArray(new byte[0][]);
        this.nameStart = b.nameStart;
        this.nameLength = b.nameLength;
        this.flags = b.flags;
        this.uidLength = b.uidLength;
        this.explicitUids = b.explicitUids;
        this.fileSize = b.fileSize;
        this.crlfSize = b.crlfSize;
        this.sortSeconds = b.sortSeconds;
        this.micros = b.micros;
        this.modifiedNanos = b.modifiedNanos;
    }

    int size() {
        return size;
    }

    /** {@link #IN_CUR}, {@link #VERIFY} and {@link #EXPLICIT_UID}; never {@link #COLLIDED}. */
    int flags(int i) {
        return flags[i];
    }

    boolean inCur(int i) {
        return (flags[i] & IN_CUR) != 0;
    }

    String name(int i) {
        return new String(namePage(i), nameOffset(i), nameLength(i), StandardCharsets.UTF_8);
    }

    /**
     * The page holding entry {@code i}'s name: {@code nameLength(i)} bytes from {@code nameOffset(i)}.
     * Read-only, shared to spare a copy per name.
     */
    byte[] namePage(int i) {
        return pages[nameStart[i] >>> PAGE_SHIFT];
    }

    int nameOffset(int i) {
        return nameStart[i] & (PAGE - 1);
    }

    int nameLength(int i) {
        return nameLength[i];
    }

    boolean nameEquals(int i, byte[] name) {
        int from = nameOffset(i);
        return Arrays.equals(namePage(i), from, from + nameLength(i), name, 0, name.length);
    }

    String baseName(int i) {
        return new String(namePage(i), nameOffset(i), baseNameLength(i), StandardCharsets.UTF_8);
    }

    int baseNameLength(int i) {
        int from = nameOffset(i);
        return baseNameLength(namePage(i), from, from + nameLength(i));
    }

    static int baseNameLength(byte[] name) {
        return baseNameLength(name, 0, name.length);
    }

    /** Bytes from {@code from} up to the first colon before {@code end}. */
    static int baseNameLength(byte[] bytes, int from, int end) {
        for (int p = from; p < end; p++) {
            if (bytes[p] == ':') {
                return p - from;
            }
        }
        return end - from;
    }

    long fileSize(int i) {
        return fileSize[i];
    }

    long crlfSize(int i) {
        return crlfSize[i];
    }

    long sortSeconds(int i) {
        return sortSeconds[i];
    }

    long micros(int i) {
        return micros[i];
    }

    /** The file's mtime in nanoseconds, for {@link #VERIFY} entries only (else 0). */
    long modifiedNanos(int i) {
        return modifiedNanos[i];
    }

    /** Bytes of the name that are its natural unique id, or -1 with {@link #EXPLICIT_UID}. */
    int uidLength(int i) {
        return uidLength[i];
    }

    /** What {@link MessageFileName#uniqueId()} gives for this file. */
    String naturalUid(int i) {
        if ((flags[i] & EXPLICIT_UID) != 0) {
            return explicitUids.get(i);
        }
        // A natural id is printable ASCII (else it would be explicit): one byte a character.
        return new String(namePage(i), nameOffset(i), uidLength[i], StandardCharsets.ISO_8859_1);
    }

    /** A 64-bit FNV-1a hash of {@link #naturalUid}, to find ids claimed twice without a string per message. */
    long naturalUidHash(int i) {
        long h = 0xcbf29ce484222325L;
        if ((flags[i] & EXPLICIT_UID) == 0) {
            byte[] page = namePage(i);
            int from = nameOffset(i);
            for (int p = from; p < from + uidLength[i]; p++) {
                h = (h ^ (page[p] & 0xFF)) * 0x100000001b3L;
            }
        } else {
            String id = explicitUids.get(i);
            for (int p = 0; p < id.length(); p++) {
                h = (h ^ (id.charAt(p) & 0xFF)) * 0x100000001b3L;
            }
        }
        return h;
    }

    /** The index of the entry with this base name (the name's bytes up to the first colon), or -1. */
    int findBaseName(byte[] name, int baseLength) {
        return findBaseName(name, 0, baseLength);
    }

    /** The index of the entry whose base name is {@code baseLength} bytes of {@code bytes} from {@code from}, or -1. */
    int findBaseName(byte[] bytes, int from, int baseLength) {
        BaseNameSlots slots = baseNameSlots();
        int mask = slots.entries.length - 1;
        int hash = hash(bytes, from, from + baseLength);
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int entry = slots.entries[slot] - 1;
            if (entry < 0) {
                return -1;
            }
            if (slots.hashes[slot] == hash && sameBaseName(entry, bytes, from, baseLength)) {
                return entry;
            }
        }
    }

    /**
     * The entries whose base name an earlier entry has too: a message found in {@code new/} and
     * again in {@code cur/}, which counts once, where it was seen first.
     */
    BitSet laterDuplicates() {
        BitSet duplicates = new BitSet();
        BaseNameSlots slots = new BaseNameSlots(size);
        for (int i = 0; i < size; i++) {
            if (!slots.insert(i)) {
                duplicates.set(i);
            }
        }
        return duplicates;
    }

    private synchronized BaseNameSlots baseNameSlots() {
        if (baseNameSlots == null) {
            BaseNameSlots slots = new BaseNameSlots(size);
            for (int i = 0; i < size; i++) {
                slots.insert(i);
            }
            baseNameSlots = slots;
        }
        return baseNameSlots;
    }

    private boolean sameBaseName(int entry, byte[] name, int from, int baseLength) {
        byte[] page = namePage(entry);
        int start = nameOffset(entry);
        int end = start + baseLength;
        int nameEnd = start + nameLength(entry);
        return end <= nameEnd && (end == nameEnd || page[end] == ':')
                && Arrays.equals(page, start, end, name, from, from + baseLength);
    }

    /** A base name's hash: the name's bytes up to the first colon. */
    private static int hash(byte[] bytes, int from, int end) {
        int h = 1;
        for (int p = from; p < end && bytes[p] != ':'; p++) {
            h = 31 * h + bytes[p];
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        return h ^ (h >>> 13);
    }

    /**
     * Entries by base name, open addressing at a load of at most one half: two ints per slot and no
     * object per entry. The hashes spare comparing names that merely share a slot.
     */
    private final class BaseNameSlots {
        final int[] entries;
        final int[] hashes;

        BaseNameSlots(int size) {
            int capacity = Integer.highestOneBit(Math.max(size, 1) * 2 - 1) << 1;
            entries = new int[capacity];
            hashes = new int[capacity];
        }

        /** False, and nothing inserted, when an entry with the same base name is there already. */
        boolean insert(int i) {
            int mask = entries.length - 1;
            byte[] page = namePage(i);
            int from = nameOffset(i);
            int hash = hash(page, from, from + nameLength(i));
            for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
                int other = entries[slot] - 1;
                if (other < 0) {
                    entries[slot] = i + 1;
                    hashes[slot] = hash;
                    return true;
                }
                if (hashes[slot] == hash && sameBaseName(other, page, from, baseNameLength(i))) {
                    return false;
                }
            }
        }
    }

    /** Delivery order as {@link Maildir#list()} sorts: time, then microseconds, then base name. */
    static int compareDeliveryOrder(MessageTable a, int i, MessageTable b, int j) {
        int c = Long.compare(a.sortSeconds[i], b.sortSeconds[j]);
        if (c == 0) {
            c = Long.compare(a.micros[i], b.micros[j]);
        }
        return c != 0 ? c : a.baseName(i).compareTo(b.baseName(j));
    }

    /** The entries' indexes in delivery order (a stable merge sort, without boxing). */
    int[] deliveryOrder() {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        int[] work = new int[size];
        for (int width = 1; width < size; width *= 2) {
            for (int from = 0; from < size; from += 2 * width) {
                int middle = Math.min(from + width, size);
                int to = Math.min(from + 2 * width, size);
                int left = from;
                int right = middle;
                for (int k = from; k < to; k++) {
                    if (left < middle && (right >= to || compareDeliveryOrder(this, order[left], this, order[right]) <= 0)) {
                        work[k] = order[left++];
                    } else {
                        work[k] = order[right++];
                    }
                }
            }
            int[] swap = order;
            order = work;
            work = swap;
        }
        return order;
    }

    /** Collects entries in the order they are added; growable columns, trimmed by {@link #build()}. */
    static final class Builder {
        private int size;
        private final List<byte[]> pages = new ArrayList<>();
        private byte[] page;
        private int pageUsed;
        private int[] nameStart;
        private short[] nameLength;
        private byte[] flags;
        private short[] uidLength;
        private final Map<Integer, String> explicitUids = new HashMap<>();
        private long[] fileSize;
        private long[] crlfSize;
        private long[] sortSeconds;
        private long[] micros;
        private long[] modifiedNanos;

        /** Sized for {@code expected} entries with {@code expectedNameBytes} octets of names together. */
        Builder(int expected, int expectedNameBytes) {
            int capacity = Math.max(expected, 16);
            page = new byte[Math.min(Math.max(expectedNameBytes, 1024), PAGE)];
            pages.add(page);
            nameStart = new int[capacity];
            nameLength = new short[capacity];
            flags = new byte[capacity];
            uidLength = new short[capacity];
            fileSize = new long[capacity];
            crlfSize = new long[capacity];
            sortSeconds = new long[capacity];
            micros = new long[capacity];
            modifiedNanos = new long[capacity];
        }

        int size() {
            return size;
        }

        /**
         * @param flags       {@link #IN_CUR} and {@link #VERIFY}; the others are derived
         * @param uidLength   bytes of the name that are its natural id, when {@code explicitUid} is null
         * @param explicitUid the natural id when it is no prefix of the name, else null
         */
        Builder add(int flags, byte[] name, int uidLength, String explicitUid, long fileSize, long crlfSize,
                    long sortSeconds, long micros, long modifiedNanos) {
            return add(flags, name, name.length, uidLength, explicitUid, fileSize, crlfSize, sortSeconds, micros,
                    modifiedNanos);
        }

        /** As {@link #add(int, byte[], int, String, long, long, long, long, long)}, with the first {@code nameLength} bytes of {@code name}. */
        Builder add(int flags, byte[] name, int nameLength, int uidLength, String explicitUid, long fileSize,
                    long crlfSize, long sortSeconds, long micros, long modifiedNanos) {
            if (nameLength < 1 || nameLength > MAX_NAME
                    || (explicitUid == null && (uidLength < 1 || uidLength > nameLength))) {
                throw new IllegalArgumentException("name of " + nameLength + " bytes with an id of " + uidLength);
            }
            if (size == this.flags.length) {
                grow();
            }
            makeRoom(nameLength);
            System.arraycopy(name, 0, page, pageUsed, nameLength);
            nameStart[size] = (pages.size() - 1) << PAGE_SHIFT | pageUsed;
            this.nameLength[size] = (short) nameLength;
            pageUsed += nameLength;
            int entryFlags = flags & (IN_CUR | VERIFY);
            if (explicitUid != null) {
                entryFlags |= EXPLICIT_UID;
                explicitUids.put(size, explicitUid);
            }
            this.flags[size] = (byte) entryFlags;
            this.uidLength[size] = (short) (explicitUid != null ? -1 : uidLength);
            this.fileSize[size] = fileSize;
            this.crlfSize[size] = crlfSize;
            this.sortSeconds[size] = sortSeconds;
            this.micros[size] = micros;
            this.modifiedNanos[size] = modifiedNanos;
            size++;
            return this;
        }

        /** The table; the builder is not to be used afterwards. */
        MessageTable build() {
            // The table may live as long as a session, but a copy of a large column while the
            // original is still held costs more than a little slack: trim only a quarter or more to spare.
            if (hasMuchSlack(flags.length, size)) {
                nameStart = Arrays.copyOf(nameStart, size);
                nameLength = Arrays.copyOf(nameLength, size);
                flags = Arrays.copyOf(flags, size);
                uidLength = Arrays.copyOf(uidLength, size);
                fileSize = Arrays.copyOf(fileSize, size);
                crlfSize = Arrays.copyOf(crlfSize, size);
                sortSeconds = Arrays.copyOf(sortSeconds, size);
                micros = Arrays.copyOf(micros, size);
                modifiedNanos = Arrays.copyOf(modifiedNanos, size);
            }
            if (hasMuchSlack(page.length, pageUsed)) {
                pages.set(pages.size() - 1, Arrays.copyOf(page, pageUsed));
            }
            return new MessageTable(this);
        }

        private static boolean hasMuchSlack(int capacity, int used) {
            return capacity - used > capacity / 4;
        }

        /**
         * Room for a name in the current page: a small first page doubles (a small table stays
         * small), a full one is followed by a new page, and no name is split between two.
         */
        private void makeRoom(int bytes) {
            if (pageUsed + bytes <= page.length) {
                return;
            }
            if (page.length < PAGE) {
                page = Arrays.copyOf(page, Math.min(Math.max(page.length * 2, pageUsed + bytes), PAGE));
                pages.set(pages.size() - 1, page);
                if (pageUsed + bytes <= page.length) {
                    return;
                }
            }
            page = new byte[PAGE];
            pages.add(page);
            pageUsed = 0;
        }

        private void grow() {
            int capacity = flags.length * 2;
            nameStart = Arrays.copyOf(nameStart, capacity);
            nameLength = Arrays.copyOf(nameLength, capacity);
            flags = Arrays.copyOf(flags, capacity);
            uidLength = Arrays.copyOf(uidLength, capacity);
            fileSize = Arrays.copyOf(fileSize, capacity);
            crlfSize = Arrays.copyOf(crlfSize, capacity);
            sortSeconds = Arrays.copyOf(sortSeconds, capacity);
            micros = Arrays.copyOf(micros, capacity);
            modifiedNanos = Arrays.copyOf(modifiedNanos, capacity);
        }
    }
}
