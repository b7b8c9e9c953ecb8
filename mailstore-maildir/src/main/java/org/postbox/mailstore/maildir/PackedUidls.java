package org.postbox.mailstore.maildir;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * UIDLs (printable ASCII, RFC 1939) back to back in one array, with a hash index for look-ups:
 * a few octets more than their characters each, where a {@code String} in a set costs some sixty
 * more. For the UIDLs of a maildrop's UIDL map and the ones an import has seen: a million of them
 * must fit a heap sized for a mail server.
 *
 * <p>Entries are only added, in order, and numbered from 0. The look-up index is made on the first
 * look-up and kept up to date afterwards. Not thread-safe while it grows; once complete, it may be
 * shared for look-ups, which are synchronized.
 */
final class PackedUidls {

    private byte[] bytes;
    private int[] start;
    private int count;
    // Open addressing at a load of at most one half: entry + 1, or 0 for a free slot. Null until the first look-up.
    private int[] slots;

    PackedUidls() {
        this(16, 256);
    }

    PackedUidls(int expected, int expectedBytes) {
        bytes = new byte[Math.max(expectedBytes, 16)];
        start = new int[Math.max(expected, 1) + 1];
    }

    /** Entries already packed: entry {@code i} is {@code bytes} from {@code start[i]} to {@code start[i + 1]}. */
    PackedUidls(byte[] bytes, int[] start, int count) {
        if (start.length < count + 1 || start[count] > bytes.length) {
            throw new IllegalArgumentException(count + " entries in " + bytes.length + " octets");
        }
        this.bytes = bytes;
        this.start = start;
        this.count = count;
    }

    int size() {
        return count;
    }

    String get(int i) {
        return new String(bytes, start[i], start[i + 1] - start[i], StandardCharsets.ISO_8859_1);
    }

    /** Entry {@code i} is {@code length(i)} octets of {@link #bytes()} from {@code offset(i)}. */
    byte[] bytes() {
        return bytes;
    }

    int offset(int i) {
        return start[i];
    }

    int length(int i) {
        return start[i + 1] - start[i];
    }

    /** Appends {@code uidl}, whether or not it is there already; its entry number. */
    synchronized int add(String uidl) {
        return add(uidl.getBytes(StandardCharsets.ISO_8859_1), 0, uidl.length());
    }

    /** Appends {@code length} octets of {@code from} from {@code offset}. */
    synchronized int add(byte[] from, int offset, int length) {
        if (count + 1 == start.length) {
            start = Arrays.copyOf(start, start.length * 2);
        }
        int at = start[count];
        if (at + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, at + length));
        }
        System.arraycopy(from, offset, bytes, at, length);
        start[count + 1] = at + length;
        int entry = count++;
        if (slots != null) {
            if (2 * count > slots.length) {
                slots = null; // rebuilt larger at the next look-up
            } else {
                insert(slots, entry);
            }
        }
        return entry;
    }

    /** Takes the last entry back; only before any look-up. */
    synchronized void removeLast() {
        if (slots != null || count == 0) {
            throw new IllegalStateException("only an entry just added, before any look-up, can be taken back");
        }
        count--;
    }

    /** Adds entry {@code i} of {@code other} unless it is here; false, adding nothing, if it was. */
    synchronized boolean addIfAbsent(PackedUidls other, int i) {
        String uidl = other.get(i);
        if (indexOf(uidl) >= 0) {
            return false;
        }
        add(other.bytes, other.start[i], other.start[i + 1] - other.start[i]);
        return true;
    }

    /** Adds {@code uidl} unless it is there; false, adding nothing, if it was. */
    synchronized boolean addIfAbsent(String uidl) {
        if (indexOf(uidl) >= 0) {
            return false;
        }
        add(uidl);
        return true;
    }

    boolean contains(String uidl) {
        return indexOf(uidl) >= 0;
    }

    /** The first entry equal to {@code uidl}, or -1. */
    synchronized int indexOf(String uidl) {
        if (slots == null) {
            int[] built = new int[Integer.highestOneBit(Math.max(count, 8) * 2 - 1) << 2];
            for (int i = 0; i < count; i++) {
                insert(built, i);
            }
            slots = built;
        }
        int mask = slots.length - 1;
        for (int slot = hash(uidl) & mask; ; slot = (slot + 1) & mask) {
            int entry = slots[slot] - 1;
            if (entry < 0) {
                return -1;
            }
            if (equals(entry, uidl)) {
                return entry;
            }
        }
    }

    private void insert(int[] table, int entry) {
        int mask = table.length - 1;
        int slot = hash(bytes, start[entry], start[entry + 1]) & mask;
        while (table[slot] != 0) {
            if (sameBytes(table[slot] - 1, entry)) {
                return; // the first of equal entries stays the one found
            }
            slot = (slot + 1) & mask;
        }
        table[slot] = entry + 1;
    }

    private boolean sameBytes(int a, int b) {
        return Arrays.equals(bytes, start[a], start[a + 1], bytes, start[b], start[b + 1]);
    }

    private boolean equals(int entry, String uidl) {
        int from = start[entry];
        if (start[entry + 1] - from != uidl.length()) {
            return false;
        }
        for (int i = 0; i < uidl.length(); i++) {
            if ((bytes[from + i] & 0xFF) != uidl.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int hash(String uidl) {
        int h = 1;
        for (int i = 0; i < uidl.length(); i++) {
            h = 31 * h + (byte) uidl.charAt(i);
        }
        return spread(h);
    }

    private static int hash(byte[] bytes, int from, int end) {
        int h = 1;
        for (int p = from; p < end; p++) {
            h = 31 * h + bytes[p];
        }
        return spread(h);
    }

    private static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        return h ^ (h >>> 13);
    }
}
