package org.postbox.mailstore.maildir;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A maildrop's messages in message-number order (delivery order), as a view over the table read
 * from the index and the table of files examined by this scan: a changed maildrop of a million
 * messages costs an int per message, not a second copy of its table.
 *
 * <p>It also settles the ids exactly as they were always given: natural ids of well-behaved
 * files never collide; foreign files that differ only in their size fields would, and then all of
 * them use their hashed base names ({@link MessageFileName#hashedId}).
 *
 * <p>Messages this session moved from {@code new/} to {@code cur/} ({@link #movedToCur}) are one
 * bit each: their name in {@code cur/} is the listed one with {@link #infoSuffix} appended.
 */
final class MaildropSnapshot {

    static final MaildropSnapshot EMPTY = of(MessageTable.EMPTY, Map.of());

    private static final byte[] NO_SUFFIX = {};
    private static final byte[] NO_FLAGS = Maildir.NO_FLAGS_INFO.getBytes(StandardCharsets.US_ASCII);

    private final MessageTable known;
    private final MessageTable fresh;
    // null: the known table, in its order. Else p >= 0 is known's entry p, p < 0 fresh's entry -1 - p.
    private final int[] positions;
    private final Map<Integer, Place> moved;
    private final Map<Integer, String> hashedIds;
    // By message number: moved from new/ to cur/ by this session, see movedToCur.
    private final BitSet toCur;
    // Made on first use, by find() and knownToNumber().
    private int[] knownNumbers;
    private int[] freshNumbers;

    private MaildropSnapshot(MessageTable known, MessageTable fresh, int[] positions, Map<Integer, Place> moved,
                             Map<Integer, String> hashedIds, BitSet toCur) {
        this.known = known;
        this.fresh = fresh;
        this.positions = positions;
        this.moved = moved;
        this.hashedIds = hashedIds;
        this.toCur = toCur;
    }

    /** The whole table in its order, with the collisions an index recorded (by position). */
    static MaildropSnapshot of(MessageTable table, Map<Integer, String> hashedIds) {
        return new MaildropSnapshot(table, MessageTable.EMPTY, null, Map.of(), hashedIds, new BitSet());
    }

    /** The whole table in its order, its collisions found afresh. */
    static MaildropSnapshot of(MessageTable table) {
        return withCollisionsFound(new MaildropSnapshot(table, MessageTable.EMPTY, null, Map.of(), Map.of(), new BitSet()));
    }

    /**
     * @param positions in message-number order: {@code p >= 0} is {@code known}'s entry p, {@code p < 0}
     *                  {@code fresh}'s entry {@code -1 - p}
     * @param moved     where known entries are now, if not where the known table has them
     */
    static MaildropSnapshot of(MessageTable known, MessageTable fresh, int[] positions, Map<Integer, Place> moved) {
        return withCollisionsFound(new MaildropSnapshot(known, fresh, positions, moved, Map.of(), new BitSet()));
    }

    /**
     * The same messages, those numbered (from 0) in {@code moved} now in {@code cur/}: renamed from
     * {@code new/<name>} to {@code cur/<name><suffix>} ({@link #infoSuffix}). Ids and sizes are
     * unchanged, since they come from the base name, which the move keeps.
     */
    MaildropSnapshot movedToCur(BitSet moved) {
        if (moved.isEmpty()) {
            return this;
        }
        BitSet all = (BitSet) toCur.clone();
        all.or(moved);
        return new MaildropSnapshot(known, fresh, positions, this.moved, hashedIds, all);
    }

    /** The one table of a snapshot as read from an index, whose order is message-number order. */
    MessageTable table() {
        if (positions != null || !moved.isEmpty() || !toCur.isEmpty()) {
            throw new IllegalStateException("a merged snapshot has no single table");
        }
        return known;
    }

    int size() {
        return positions == null ? known.size() : positions.length;
    }

    /** The table read from the index that this snapshot keeps entries of ({@link #knownToNumber}). */
    MessageTable knownTable() {
        return known;
    }

    /**
     * Where each entry of {@link #knownTable()} is in this snapshot: its message index (from 0), or
     * -1 when the scan found it gone; null when this snapshot is that table in its order.
     */
    synchronized int[] knownToNumber() {
        if (positions == null) {
            return null;
        }
        if (knownNumbers == null) {
            knownNumbers = inverse(known.size(), true);
        }
        return knownNumbers;
    }

    /** Whether message {@code n} is one the scan found rather than one read from the index. */
    boolean isFresh(int n) {
        return positions != null && positions[n] < 0;
    }

    /** The message (index from 0) whose base name is {@code length} bytes of {@code bytes} from {@code from}, or -1. */
    int find(byte[] bytes, int from, int length) {
        int i = known.findBaseName(bytes, from, length);
        if (positions == null) {
            return i;
        }
        int n = i >= 0 ? knownToNumber()[i] : -1;
        if (n < 0 && fresh.size() > 0) {
            int j = fresh.findBaseName(bytes, from, length);
            n = j >= 0 ? freshToNumber()[j] : -1;
        }
        return n;
    }

    String baseName(int n) {
        return MessageFileName.baseName(name(n));
    }

    private synchronized int[] freshToNumber() {
        if (freshNumbers == null) {
            freshNumbers = inverse(fresh.size(), false);
        }
        return freshNumbers;
    }

    private int[] inverse(int entries, boolean ofKnown) {
        int[] numbers = new int[entries];
        Arrays.fill(numbers, -1);
        for (int n = 0; n < positions.length; n++) {
            int p = positions[n];
            if (ofKnown && p >= 0) {
                numbers[p] = n;
            } else if (!ofKnown && p < 0) {
                numbers[-1 - p] = n;
            }
        }
        return numbers;
    }

    boolean inCur(int n) {
        return toCur.get(n) || listedInCur(n);
    }

    String folder(int n) {
        return inCur(n) ? Maildir.CUR : Maildir.NEW;
    }

    /** The file's name now: as listed, and with {@link #infoSuffix} once this session moved it to {@code cur/}. */
    String name(int n) {
        Place place = place(n);
        String listed = place != null ? new String(place.name(), StandardCharsets.UTF_8) : table(n).name(entry(n));
        return toCur.get(n) ? Maildir.nameInCur(listed) : listed;
    }

    /**
     * What this session's move to {@code cur/} appended to the listed name: Dovecot's {@code :2,} (no
     * flags), or nothing where the name carried an info part already or the message was not moved.
     * The whole name is {@code nameLength(n)} bytes of {@code nameArray(n)} from {@code nameOffset(n)},
     * then these bytes.
     */
    byte[] infoSuffix(int n) {
        if (!toCur.get(n) || MessageTable.baseNameLength(nameArray(n), nameOffset(n), nameOffset(n) + nameLength(n))
                < nameLength(n)) {
            return NO_SUFFIX;
        }
        return NO_FLAGS;
    }

    /** Where the message was listed (or found by another agent's move), before this session moved anything. */
    private boolean listedInCur(int n) {
        Place place = place(n);
        return place != null ? place.inCur() : table(n).inCur(entry(n));
    }

    /** The listed name's bytes are {@code nameLength(n)} bytes of {@code nameArray(n)} from {@code nameOffset(n)}. */
    byte[] nameArray(int n) {
        Place place = place(n);
        return place != null ? place.name() : table(n).namePage(entry(n));
    }

    int nameOffset(int n) {
        return place(n) != null ? 0 : table(n).nameOffset(entry(n));
    }

    int nameLength(int n) {
        Place place = place(n);
        return place != null ? place.name().length : table(n).nameLength(entry(n));
    }

    /** As recorded in the index: the table's flags, with the current folder and {@link MessageTable#COLLIDED}. */
    int flags(int n) {
        int flags = table(n).flags(entry(n)) & ~MessageTable.IN_CUR;
        return flags | (inCur(n) ? MessageTable.IN_CUR : 0) | (hashedIds.containsKey(n) ? MessageTable.COLLIDED : 0);
    }

    long fileSize(int n) {
        return table(n).fileSize(entry(n));
    }

    long crlfSize(int n) {
        return table(n).crlfSize(entry(n));
    }

    long sortSeconds(int n) {
        return table(n).sortSeconds(entry(n));
    }

    long micros(int n) {
        return table(n).micros(entry(n));
    }

    long modifiedNanos(int n) {
        return table(n).modifiedNanos(entry(n));
    }

    int uidLength(int n) {
        return table(n).uidLength(entry(n));
    }

    String naturalUid(int n) {
        return table(n).naturalUid(entry(n));
    }

    /** The UIDL: the natural id, unless another message of the snapshot claims it too. */
    String uniqueId(int n) {
        String hashed = hashedIds.get(n);
        return hashed != null ? hashed : naturalUid(n);
    }

    private MessageTable table(int n) {
        return positions == null || positions[n] >= 0 ? known : fresh;
    }

    private int entry(int n) {
        if (positions == null) {
            return n;
        }
        int p = positions[n];
        return p >= 0 ? p : -1 - p;
    }

    private Place place(int n) {
        if (moved.isEmpty()) {
            return null;
        }
        int p = positions == null ? n : positions[n];
        return p >= 0 ? moved.get(p) : null;
    }

    /** Hashed ids ({@code H:...}) cannot collide and are left out; the rest by 64-bit hash first, then by value. */
    private static MaildropSnapshot withCollisionsFound(MaildropSnapshot snapshot) {
        int size = snapshot.size();
        long[] keys = new long[size];
        int count = 0;
        for (int n = 0; n < size; n++) {
            if (snapshot.mayCollide(n)) {
                keys[count++] = snapshot.table(n).naturalUidHash(snapshot.entry(n));
            }
        }
        Arrays.sort(keys, 0, count);
        Set<Long> repeated = new HashSet<>();
        for (int k = 1; k < count; k++) {
            if (keys[k] == keys[k - 1]) {
                repeated.add(keys[k]);
            }
        }
        if (repeated.isEmpty()) {
            return snapshot;
        }
        Map<String, List<Integer>> claims = new HashMap<>();
        for (int n = 0; n < size; n++) {
            if (snapshot.mayCollide(n) && repeated.contains(snapshot.table(n).naturalUidHash(snapshot.entry(n)))) {
                claims.computeIfAbsent(snapshot.naturalUid(n), id -> new ArrayList<>()).add(n);
            }
        }
        Map<Integer, String> hashed = new HashMap<>();
        for (List<Integer> claimants : claims.values()) {
            if (claimants.size() > 1) {
                for (int n : claimants) {
                    hashed.put(n, MessageFileName.hashedId(MessageFileName.parse(snapshot.name(n)).baseName()));
                }
            }
        }
        return new MaildropSnapshot(snapshot.known, snapshot.fresh, snapshot.positions, snapshot.moved, hashed,
                snapshot.toCur);
    }

    private boolean mayCollide(int n) {
        MessageTable table = table(n);
        int entry = entry(n);
        return (table.flags(entry) & MessageTable.EXPLICIT_UID) == 0 || !table.naturalUid(entry).startsWith("H:");
    }

    /** Where a known message is now, when another agent moved or renamed it since it was indexed. */
    record Place(boolean inCur, byte[] name) {
    }
}
