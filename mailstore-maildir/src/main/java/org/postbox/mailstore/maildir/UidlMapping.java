package org.postbox.mailstore.maildir;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maildrop's UIDL map ({@link UidlMapFile}) applied to one snapshot: which of its messages
 * (indexes of the {@link MaildropSnapshot}, which is in delivery order) the map names, in the map's
 * order, and under which UIDLs. {@link MessageOrder} numbers them first.
 *
 * <p>It is worked out in full from the map file ({@link #resolve}) only when the map changed; the
 * maildrop's index records it with the stamp of the map it came from, and the next scan carries
 * it over to its snapshot ({@link #carriedOver}) by the positions the scan keeps anyway. So a
 * maildrop of a hundred thousand imported messages opens without reading the map, and a scan that
 * finds new mail or deleted messages needs no look-up by name.
 *
 * <p>Two rules keep the listing's UIDLs unique. A map record naming a message whose UIDL an earlier
 * record gives already is ignored (the map is only written so, by hand). And a message the map does
 * not name whose own UIDL (its file name) a mapped message has already is listed under its hashed
 * name ({@link MessageFileName#hashedId}), as colliding file names are: it is <em>displaced</em>.
 *
 * <p>Immutable.
 */
final class UidlMapping {

    /** No map file: every message keeps its own UIDL and place. */
    static final UidlMapping NONE = new UidlMapping(null, new int[0], new PackedUidls(), new int[0], 0);

    private static final Logger LOG = LoggerFactory.getLogger(UidlMapping.class);

    private final UidlMapFile.Stamp stamp;
    private final int[] mapped;
    private final PackedUidls uidls;
    private final int[] displaced;
    private final int unresolved;

    /**
     * @param stamp      the map file this was worked out from; null when there is none
     * @param mapped     the mapped messages' snapshot indexes, in the map's order, none twice
     * @param uidls      their UIDLs, in the same order, none twice
     * @param displaced  ascending snapshot indexes of messages not mapped whose own UIDL a mapped one has
     * @param unresolved map records that name no message of the snapshot (deleted since, or never made visible)
     */
    UidlMapping(UidlMapFile.Stamp stamp, int[] mapped, PackedUidls uidls, int[] displaced, int unresolved) {
        if (mapped.length != uidls.size()) {
            throw new IllegalArgumentException(mapped.length + " messages with " + uidls.size() + " UIDLs");
        }
        this.stamp = stamp;
        this.mapped = mapped;
        this.uidls = uidls;
        this.displaced = displaced;
        this.unresolved = unresolved;
    }

    /**
     * Works out the mapping of {@code snapshot} from every record of the map: each base name is
     * looked up; a later record for a message places it later.
     */
    static UidlMapping resolve(MaildropSnapshot snapshot, UidlMapFile.Records records) {
        int[] fileOf = new int[records.size()];
        int[] recordOf = new int[snapshot.size()];
        Arrays.fill(recordOf, -1);
        Set<String> unresolvedNames = new HashSet<>();
        for (int r = 0; r < records.size(); r++) {
            int file = snapshot.find(records.names(), records.nameOffset(r), records.nameLength(r));
            fileOf[r] = file;
            if (file < 0) {
                unresolvedNames.add(new String(records.names(), records.nameOffset(r), records.nameLength(r),
                        StandardCharsets.ISO_8859_1));
            } else {
                if (recordOf[file] >= 0) {
                    fileOf[recordOf[file]] = -1;
                }
                recordOf[file] = r;
            }
        }
        int[] mapped = new int[records.size()];
        PackedUidls uidls = new PackedUidls(records.size(), records.size() * 24);
        int count = 0;
        for (int r = 0; r < records.size(); r++) {
            if (fileOf[r] < 0) {
                continue;
            }
            if (!uidls.addIfAbsent(records.uidls(), r)) {
                LOG.warn("{}: UIDL {} is given twice; {} keeps its own", records.stamp(), records.uidl(r),
                        snapshot.name(fileOf[r]));
                continue;
            }
            mapped[count++] = fileOf[r];
        }
        mapped = Arrays.copyOf(mapped, count);
        return new UidlMapping(records.stamp(), mapped, uidls, displacedAmong(snapshot, mapped, uidls, null),
                unresolvedNames.size());
    }

    /**
     * This mapping, worked out for an earlier snapshot whose table {@code next} was merged from, for
     * {@code next}: mapped messages the scan found gone are dropped (and counted unresolved), and
     * messages the scan found new are not mapped, since the map named nothing it did not find.
     *
     * @return null if it cannot be carried over: the scan found new messages, and the map names
     *         messages it did not find before, which may be among them
     */
    UidlMapping carriedOver(MaildropSnapshot next) {
        int[] toNumber = next.knownToNumber();
        if (toNumber == null) {
            return this;
        }
        boolean found = false;
        for (int n = 0; n < next.size() && !found; n++) {
            found = next.isFresh(n);
        }
        if (found && unresolved > 0) {
            return null;
        }
        int[] kept = new int[mapped.length];
        int count = 0;
        for (int k = 0; k < mapped.length; k++) {
            int n = toNumber[mapped[k]];
            if (n >= 0) {
                kept[count++] = n;
            }
        }
        PackedUidls carried = uidls;
        if (count < mapped.length) {
            carried = new PackedUidls(count, uidls.offset(uidls.size()));
            for (int k = 0; k < mapped.length; k++) {
                if (toNumber[mapped[k]] >= 0) {
                    carried.add(uidls.bytes(), uidls.offset(k), uidls.length(k));
                }
            }
        }
        int[] keptDisplaced = Arrays.stream(displaced).map(p -> toNumber[p]).filter(n -> n >= 0).toArray();
        int[] carriedMapped = Arrays.copyOf(kept, count);
        int[] all = found ? displacedAmong(next, carriedMapped, carried, keptDisplaced) : keptDisplaced;
        return new UidlMapping(stamp, carriedMapped, carried, all, unresolved + mapped.length - count);
    }

    /** The same mapping, after the map was written anew with exactly its records. */
    UidlMapping rewritten(UidlMapFile.Stamp newStamp) {
        return new UidlMapping(newStamp, mapped, uidls, displaced, 0);
    }

    /** The map's records for this mapping: what the map holds once rewritten without dead lines. */
    UidlMapFile.Writer records(MaildropSnapshot snapshot) {
        UidlMapFile.Writer records = new UidlMapFile.Writer();
        for (int k = 0; k < mapped.length; k++) {
            int n = mapped[k];
            byte[] names = snapshot.nameArray(n);
            int offset = snapshot.nameOffset(n);
            int baseLength = MessageTable.baseNameLength(names, offset, offset + snapshot.nameLength(n));
            records.add(names, offset, baseLength, uidls.get(k));
        }
        return records;
    }

    /** The stamp of the map this mapping was worked out from; null when there is no map. */
    UidlMapFile.Stamp stamp() {
        return stamp;
    }

    int size() {
        return mapped.length;
    }

    /** The mapped messages' snapshot indexes in the map's order; read-only. */
    int[] files() {
        return mapped;
    }

    /** The snapshot index of the {@code k}-th mapped message. */
    int file(int k) {
        return mapped[k];
    }

    String uidl(int k) {
        return uidls.get(k);
    }

    PackedUidls uidls() {
        return uidls;
    }

    /** Ascending snapshot indexes of the displaced messages; read-only. */
    int[] displaced() {
        return displaced;
    }

    boolean isDisplaced(int file) {
        return Arrays.binarySearch(displaced, file) >= 0;
    }

    int unresolved() {
        return unresolved;
    }

    /**
     * Adds to {@code known} (ascending, or null) the messages among the snapshot's new ones (all when
     * {@code known} is null) that are not mapped and whose own UIDL a mapped message has.
     */
    private static int[] displacedAmong(MaildropSnapshot snapshot, int[] mapped, PackedUidls uidls, int[] known) {
        if (uidls.size() == 0) {
            return known == null ? new int[0] : known;
        }
        boolean[] isMapped = new boolean[snapshot.size()];
        for (int n : mapped) {
            isMapped[n] = true;
        }
        int[] found = known == null ? new int[8] : Arrays.copyOf(known, known.length + 8);
        int count = known == null ? 0 : known.length;
        for (int n = 0; n < snapshot.size(); n++) {
            if (isMapped[n] || (known != null && !snapshot.isFresh(n)) || !uidls.contains(snapshot.uniqueId(n))) {
                continue;
            }
            if (count == found.length) {
                found = Arrays.copyOf(found, count * 2);
            }
            found[count++] = n;
        }
        int[] result = Arrays.copyOf(found, count);
        Arrays.sort(result);
        return result;
    }
}
