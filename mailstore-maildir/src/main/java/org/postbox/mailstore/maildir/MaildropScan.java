package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a maildrop's snapshot from its index and whatever changed since: the same messages, order,
 * sizes and ids as a full listing ({@link Maildir#list()}, {@link MessageFileName}), for the price
 * of a few stats while nothing changed.
 *
 * <p>A folder whose stamp the index describes ({@link MaildropIndex#describes}) keeps the indexed
 * names without being listed. Any other folder is listed, and only names the index does not know
 * are examined (stat, parse, and a read for files without a trustworthy {@code W=} field); a
 * known base name under another name or folder (flags changed, moved to {@code cur/}) keeps its
 * entry at its new place. Entries whose size or order depends on the file's attributes rather
 * than its name ({@link MessageTable#VERIFY}) are stat'ed at every open, as a full listing would.
 * Files named with their sizes are not: a Maildir message file never changes once delivered.
 *
 * <p>As in a full listing, {@code new/} is looked at before {@code cur/}, so that a message an
 * agent moves during the scan is seen at least once, and a base name seen twice is kept once.
 *
 * <p>Then the messages found in {@code new/} are moved to {@code cur/} ({@link MoveToCur}), so that
 * the next scan lists only what arrived meanwhile, and the index records the stamp of {@code cur/}
 * that these renames left: the next scan need not list {@code cur/} either, although the renames
 * have just changed it (see {@link #afterMove}).
 *
 * <p>Folders that are missing (a Maildir provisioned by another tool) are created here, where the
 * stamps find them missing, rather than checked for at every open.
 */
final class MaildropScan {

    /**
     * More renames than this take long enough (a tenth of a second to a second) for another agent's
     * change to {@code cur/} to fall among them unseen: after a large backlog (a migrated maildrop),
     * the next scan lists {@code cur/} once more rather than trust the renames' stamp.
     */
    static final int MAX_TRUSTED_RENAMES = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(MaildropScan.class);

    private final Maildir maildir;
    private final MaildropIndexFile indexFile;
    private final CrlfSizeCache sizeCache;
    private final UidlMapFile uidlMap;
    private final MoveToCur moveToCur;
    private final int maxTrustedRenames;

    MaildropScan(Maildir maildir, MaildropIndexFile indexFile, CrlfSizeCache sizeCache, UidlMapFile uidlMap) {
        this(maildir, indexFile, sizeCache, uidlMap, new MoveToCur(), MAX_TRUSTED_RENAMES);
    }

    /** For tests, which play other agents during the move and try the bound on fewer files. */
    MaildropScan(Maildir maildir, MaildropIndexFile indexFile, CrlfSizeCache sizeCache, MoveToCur moveToCur,
                 int maxTrustedRenames) {
        this(maildir, indexFile, sizeCache, UidlMapFile.of(maildir, new Durability(false)), moveToCur,
                maxTrustedRenames);
    }

    private MaildropScan(Maildir maildir, MaildropIndexFile indexFile, CrlfSizeCache sizeCache, UidlMapFile uidlMap,
                         MoveToCur moveToCur, int maxTrustedRenames) {
        this.maildir = maildir;
        this.indexFile = indexFile;
        this.sizeCache = sizeCache;
        this.uidlMap = uidlMap;
        this.moveToCur = moveToCur;
        this.maxTrustedRenames = maxTrustedRenames;
    }

    /** The snapshot in delivery order, as {@link #listing()} takes it. */
    MaildropSnapshot snapshot() throws IOException {
        return listing().files();
    }

    /**
     * The snapshot, with the messages of {@code new/} moved to {@code cur/}, numbered by the UIDL map
     * ({@link #mapping}). Writes the index again when it learnt or moved something, or listed a
     * folder whose stamp the next scan can trust, or the mapping changed; not for a listing that
     * found nothing new under a recent stamp, which the next scan repeats anyway (the listing of
     * {@code new/} after a move, for one). The caller holds the maildrop lock.
     *
     * @throws IOException if the UIDL map cannot be read: numbering without it would show clients
     *                     other UIDLs
     */
    MessageOrder listing() throws IOException {
        Instant scanStart = Instant.now();
        Optional<MaildropIndex> index = indexFile.read();
        Pass pass = new Pass(index.map(MaildropIndex::messages).orElse(MaildropSnapshot.EMPTY));

        FolderStamp newStamp = stamp(Maildir.NEW);
        // A listing is worth recording when its stamp will spare the next scan the same listing.
        boolean settlesAListing = false;
        if (index.isPresent() && index.get().describes(Maildir.NEW, newStamp, scanStart)) {
            pass.keepIndexed(false);
        } else {
            pass.list(Maildir.NEW);
            settlesAListing = newStamp.settledBefore(scanStart);
        }
        // Stamped only now: a message moved to cur/ after new/ was read changes cur/ and is listed there.
        FolderStamp curStamp = stamp(Maildir.CUR);
        // Whether cur/'s stamp is still the one earlier renames left, which keeps the time of their confirmation.
        boolean curRenamed = false;
        // When a scan last saw cur/'s names for itself; null if this one may have missed a change.
        Instant curConfirmed;
        if (index.isPresent() && index.get().describes(Maildir.CUR, curStamp, scanStart)) {
            pass.keepIndexed(true);
            curRenamed = index.get().curRenamed();
            curConfirmed = curRenamed ? index.get().curConfirmed() : scanStart;
        } else {
            pass.list(Maildir.CUR);
            settlesAListing |= curStamp.settledBefore(scanStart);
            // Changed within a tick of the scan, cur/ may have changed again during the listing under the same stamp.
            curConfirmed = curStamp.settledBefore(scanStart) ? scanStart : null;
        }
        pass.verify();

        MaildropIndex scanned = new MaildropIndex(pass.result(), newStamp, curStamp, scanStart, curRenamed,
                curRenamed ? curConfirmed : scanStart);
        MaildropIndex moved = afterMove(scanned, curConfirmed);
        UidlMapping mapping = mapping(index, moved.messages());
        MaildropIndex result = moved.withMapping(mapping);
        if (index.isEmpty() || settlesAListing || pass.changed() || moved != scanned
                || mapping != index.get().mapping()) {
            indexFile.write(result);
        }
        return new MessageOrder(result.messages(), mapping);
    }

    /**
     * The UIDL map applied to {@code snapshot}: carried over from the index when the map is the one
     * the index recorded, else worked out from the map file. The lock holder then drops the records
     * of messages that are gone from the map ({@link #withoutDeadRecords}).
     */
    private UidlMapping mapping(Optional<MaildropIndex> index, MaildropSnapshot snapshot) throws IOException {
        Optional<UidlMapFile.Stamp> current;
        try {
            current = uidlMap.stamp();
        } catch (UidlMapFile.Damaged e) {
            LOG.error("ignoring {}: {}; messages keep their own UIDLs until it is repaired or removed",
                    uidlMap.path(), e.getMessage());
            return UidlMapping.NONE;
        }
        if (current.isEmpty()) {
            return UidlMapping.NONE;
        }
        if (index.isPresent() && current.get().equals(index.get().mapping().stamp())
                && snapshot.knownTable() == index.get().messages().knownTable()) {
            UidlMapping carried = index.get().mapping().carriedOver(snapshot);
            if (carried != null) {
                return carried.unresolved() == 0 ? carried : withoutDeadRecords(carried, snapshot, 0);
            }
        }
        Optional<UidlMapFile.Records> records;
        try {
            records = uidlMap.read();
        } catch (UidlMapFile.Damaged e) {
            LOG.error("ignoring {}: {}", uidlMap.path(), e.getMessage());
            return UidlMapping.NONE;
        }
        if (records.isEmpty()) {
            return UidlMapping.NONE;
        }
        UidlMapping resolved = UidlMapping.resolve(snapshot, records.get());
        int dead = records.get().size() + records.get().invalidLines() - resolved.size();
        return dead == 0 ? resolved : withoutDeadRecords(resolved, snapshot, records.get().invalidLines());
    }

    /**
     * Writes the map anew with the records of {@code mapping} only, once messages it named are gone
     * (deleted by a session or another agent, or never made visible by an interrupted import) or
     * some of its lines are superseded or invalid; so that the map stays as large as the maildrop,
     * and a later message can never be taken for one that is gone.
     */
    private UidlMapping withoutDeadRecords(UidlMapping mapping, MaildropSnapshot snapshot, int invalidLines) {
        if (invalidLines > 0) {
            LOG.warn("{} had {} invalid line(s); written anew without them", uidlMap.path(), invalidLines);
        }
        try {
            return mapping.rewritten(uidlMap.rewrite(mapping.records(snapshot)));
        } catch (IOException e) {
            LOG.warn("cannot write {} anew; its records of gone messages stay for now: {}", uidlMap.path(),
                    e.toString());
            return mapping;
        }
    }

    /**
     * Moves the messages of {@code new/} to {@code cur/} and gives what the index is to record then.
     * The stamp the renames leave on {@code cur/} is trusted by the next scan
     * ({@link MaildropIndex#describes}) only where it can stand for the names recorded: those were
     * known for certain before ({@code curConfirmed}); {@code cur/} still had the scanned stamp just
     * before the first rename (what came earlier would be lost under the renames' stamp); every rename
     * was made (a message gone or a name taken means another agent is at work); there were not more
     * than {@link #MAX_TRUSTED_RENAMES}; and the file system keeps sub-second times, without which the
     * next change within the same second would leave the stamp as it is. Otherwise the recorded stamp
     * is recent, so not settled, and the next scan lists {@code cur/}. {@code new/}'s stamp after the
     * renames is never settled either: the next scan lists {@code new/}, which now holds only what
     * arrived since.
     *
     * @return {@code scanned} itself when nothing was moved
     */
    private MaildropIndex afterMove(MaildropIndex scanned, Instant curConfirmed) throws IOException {
        MaildropSnapshot messages = scanned.messages();
        MoveToCur.Outcome outcome = moveToCur.run(maildir, messages, scanned.curStamp());
        if (outcome.moved().isEmpty()) {
            return scanned;
        }
        FolderStamp newStamp = FolderStamp.of(maildir.folder(Maildir.NEW));
        FolderStamp curStamp = FolderStamp.of(maildir.folder(Maildir.CUR));
        boolean trusted = curConfirmed != null && outcome.undisturbed()
                && outcome.moved().cardinality() <= maxTrustedRenames
                && curStamp.hasSubsecondTime() && curStamp.inode() == scanned.curStamp().inode();
        return new MaildropIndex(messages.movedToCur(outcome.moved()), newStamp, curStamp, scanned.scanStart(), trusted,
                trusted ? curConfirmed : scanned.scanStart());
    }

    /** The folder's stamp; a missing folder is created first (with the others), so that it can be moved into. */
    private FolderStamp stamp(String folder) throws IOException {
        FolderStamp stamp = FolderStamp.of(maildir.folder(folder));
        if (stamp.equals(FolderStamp.MISSING)) {
            maildir.createFolders();
            stamp = FolderStamp.of(maildir.folder(folder));
        }
        return stamp;
    }

    /** One scan's bookkeeping: which indexed entries stay (and where), and what is new. */
    private final class Pass {
        private final MaildropSnapshot indexed;
        private final MessageTable known;
        private final BitSet kept = new BitSet();
        private final Map<Integer, MaildropSnapshot.Place> moved = new HashMap<>();
        private final MessageTable.Builder added = new MessageTable.Builder(0, 0);
        private boolean dropped;

        Pass(MaildropSnapshot indexed) {
            this.indexed = indexed;
            this.known = indexed.table();
        }

        void keepIndexed(boolean inCur) {
            for (int i = 0; i < known.size(); i++) {
                if (known.inCur(i) == inCur) {
                    kept.set(i);
                }
            }
        }

        void list(String folder) throws IOException {
            boolean inCur = Maildir.CUR.equals(folder);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(maildir.folder(folder))) {
                for (Path entry : entries) {
                    String fileName = entry.getFileName().toString();
                    if (fileName.startsWith(".")) {
                        continue;
                    }
                    byte[] name = fileName.getBytes(StandardCharsets.UTF_8);
                    int i = known.findBaseName(name, MessageTable.baseNameLength(name));
                    if (i >= 0) {
                        if (!kept.get(i)) {
                            kept.set(i);
                            if (known.inCur(i) != inCur || !known.nameEquals(i, name)) {
                                moved.put(i, new MaildropSnapshot.Place(inCur, name));
                            }
                        }
                        continue;
                    }
                    examine(folder, entry, fileName);
                }
            } catch (NoSuchFileException e) {
                // a folder that does not exist holds no mail
            }
            // Indexed entries of this folder that the listing did not find are gone.
            for (int i = 0; i < known.size(); i++) {
                if (known.inCur(i) == inCur && !kept.get(i)) {
                    dropped = true;
                }
            }
        }

        /** Re-checks the entries that depend on their file's attributes; a changed one is examined afresh. */
        void verify() throws IOException {
            for (int i = kept.nextSetBit(0); i >= 0; i = kept.nextSetBit(i + 1)) {
                if ((known.flags(i) & MessageTable.VERIFY) == 0) {
                    continue;
                }
                MaildropSnapshot.Place place = moved.get(i);
                String folder = (place != null ? place.inCur() : known.inCur(i)) ? Maildir.CUR : Maildir.NEW;
                String fileName = place != null ? new String(place.name(), StandardCharsets.UTF_8) : known.name(i);
                Path file = maildir.folder(folder).resolve(fileName);
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    kept.clear(i);
                    dropped = true;
                    continue;
                }
                if (attributes.size() != known.fileSize(i)
                        || attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS) != known.modifiedNanos(i)) {
                    kept.clear(i);
                    dropped = true;
                    examine(folder, file, fileName);
                }
            }
        }

        /** Adds a file the index does not know, unless it is no message (any more). */
        private void examine(String folder, Path entry, String fileName) throws IOException {
            MessageFileName name = MessageFileName.parse(fileName);
            Optional<StoredMessage> examined = Maildir.examine(folder, entry, name);
            if (examined.isEmpty()) {
                return; // moved on to cur/ (seen there) or deleted, or no regular file
            }
            StoredMessage message = examined.get();
            long crlfSize;
            try {
                crlfSize = sizeCache.crlfSize(maildir, message);
            } catch (NoSuchFileException e) {
                LOG.debug("{} vanished while listing {}", fileName, maildir.path());
                return;
            }
            boolean verify = !message.hasTrustedCrlfSize() || name.seconds() < 0;
            int flags = (Maildir.CUR.equals(folder) ? MessageTable.IN_CUR : 0) | (verify ? MessageTable.VERIFY : 0);
            String uid = name.uniqueId();
            boolean prefix = MessageFileName.isValidUniqueId(uid) && fileName.startsWith(uid);
            added.add(flags, fileName.getBytes(StandardCharsets.UTF_8), prefix ? uid.length() : -1, prefix ? null : uid,
                    message.fileSize(), crlfSize, message.sortSeconds(), name.micros(),
                    verify ? message.modified().to(TimeUnit.NANOSECONDS) : 0);
        }

        boolean changed() {
            return dropped || added.size() > 0 || !moved.isEmpty();
        }

        /** The kept entries in their indexed order, merged with the new ones in delivery order. */
        MaildropSnapshot result() {
            if (!changed()) {
                return indexed;
            }
            MessageTable fresh = added.build();
            // Found without a set of strings per file: a message in new/ and again in cur/ counts once, as first seen.
            BitSet duplicates = fresh.laterDuplicates();
            int[] order = fresh.deliveryOrder();
            if (!duplicates.isEmpty()) {
                order = IntStream.of(order).filter(i -> !duplicates.get(i)).toArray();
            }
            int[] positions = new int[kept.cardinality() + order.length];
            int n = 0;
            int next = 0;
            for (int i = kept.nextSetBit(0); i >= 0; i = kept.nextSetBit(i + 1)) {
                while (next < order.length && MessageTable.compareDeliveryOrder(fresh, order[next], known, i) < 0) {
                    positions[n++] = -1 - order[next++];
                }
                positions[n++] = i;
            }
            while (next < order.length) {
                positions[n++] = -1 - order[next++];
            }
            return MaildropSnapshot.of(known, fresh, positions, moved);
        }
    }
}
