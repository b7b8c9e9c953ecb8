package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.postbox.mailstore.ImportOutcome;
import org.postbox.mailstore.ImportReport;
import org.postbox.mailstore.ImportedMessage;
import org.postbox.mailstore.LockLostException;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxImport;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.StoreUnavailableException;
import org.postbox.mailstore.spi.ImportChecks;
import org.postbox.mailstore.spi.MessageTally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An import into one Maildir: a maildrop session ({@link MaildirMaildrop}), whose lock keeps POP3
 * sessions and other imports out, that adds files to {@code cur/} and records them in the UIDL map
 * ({@link UidlMapFile}).
 *
 * <p>A batch goes in four steps, so that a crash at any moment leaves a prefix of it imported and
 * nothing else visible:
 * <ol>
 * <li>each message becomes a file in {@code tmp/}: linked or copied from its source (forced to disk
 *     when the store syncs), its size checked and, if asked, its digest; and it gets its name;
 * <li>the map gets a record for each, forced to disk: from now on a file of that name in
 *     {@code cur/} is listed under its UIDL, at its place;
 * <li>under the quota locks, the files are renamed into {@code cur/} in the batch's order and
 *     counted, then {@code cur/} is synced;
 * <li>the sources of moved messages are removed.
 * </ol>
 * A record whose file never got to {@code cur/} names nothing, and the next session drops it; a
 * file left in {@code tmp/} is never listed (Dovecot removes such files after 36 hours).
 *
 * <p>The first batch also records every message the maildrop held, under the UIDL it had, so that
 * imported messages are listed after them ({@link MessageOrder}) and their UIDLs stay as they were.
 *
 * <p>A file keeps its source's name where it can, as Dovecot names an imported message: the base
 * name without its size fields, then {@code ,S=} and {@code ,W=} with the sizes measured, then the
 * source's flags ({@code :2,<flags>}). A name that is taken, or that this store would not list
 * fast (no delivery time at its start, an id that is no valid UIDL), gives way to a new one of
 * {@link DeliveryNames}. A copy gets the received time as its modification time, which Dovecot
 * takes for the received date; a link keeps its source's.
 */
final class MaildirImport implements MailboxImport {

    private static final Logger LOG = LoggerFactory.getLogger(MaildirImport.class);
    private static final int BUFFER_SIZE = 64 * 1024;
    /** Longer base names are given a new name: file systems allow 255 octets for the whole name. */
    private static final int MAX_KEPT_NAME = 200;

    private final MaildirMaildrop maildrop;
    private final MaildirQuotas quotas;
    private final Durability durability;
    private final DeliveryNames names;
    private final UidlMapFile map;
    private final Maildir maildir;
    // Every UIDL the maildrop answers: its snapshot's, and what this import added.
    private final PackedUidls present;
    // Base names this import gave, by 64-bit hash: a false match only costs a new name.
    private final LongSet givenNames = new LongSet();
    private Optional<UidlMapFile.Stamp> mapStamp;
    private boolean snapshotRecorded;

    private MaildirImport(MaildirMaildrop maildrop, MaildirQuotas quotas, Durability durability, DeliveryNames names,
                          UidlMapFile map, Optional<UidlMapFile.Stamp> mapStamp) {
        this.maildrop = maildrop;
        this.quotas = quotas;
        this.durability = durability;
        this.names = names;
        this.map = map;
        this.maildir = maildrop.maildir();
        this.mapStamp = mapStamp;
        MessageOrder order = maildrop.order();
        this.present = new PackedUidls(order.size(), order.size() * 24);
        for (int k = 0; k < order.size(); k++) {
            present.add(order.uniqueId(k));
        }
        this.snapshotRecorded = order.mapping().size() == order.size();
    }

    /**
     * Imports into the maildrop just opened, whose lock it takes over.
     *
     * @throws StoreUnavailableException if the UIDL map cannot be read or was left damaged; the
     *                                   maildrop is closed then
     */
    static MaildirImport of(MaildirMaildrop maildrop, MaildirQuotas quotas, Durability durability,
                            DeliveryNames names) {
        UidlMapFile map = UidlMapFile.of(maildrop.maildir(), durability);
        try {
            Files.createDirectories(maildrop.maildir().folder(Maildir.TMP));
            Optional<UidlMapFile.Stamp> stamp = map.stamp();
            UidlMapFile.Stamp numbered = maildrop.order().mapping().stamp();
            if (!Objects.equals(stamp.orElse(null), numbered)) {
                // Only a damaged map that the open ignored gets here: it must not be written over.
                throw new IOException(map.path() + " is not what the maildrop was numbered by");
            }
            return new MaildirImport(maildrop, quotas, durability, names, map, stamp);
        } catch (IOException e) {
            maildrop.close();
            throw new StoreUnavailableException("cannot import into " + maildrop.address() + ": " + e.getMessage()
                    + "; move the file aside if it is damaged", e);
        } catch (RuntimeException e) {
            maildrop.close();
            throw e;
        }
    }

    @Override
    public MailboxAddress address() {
        return maildrop.address();
    }

    @Override
    public Set<String> present(Collection<String> uidls) {
        checkOpen();
        Set<String> found = new LinkedHashSet<>();
        for (String uidl : uidls) {
            if (present.contains(uidl)) {
                found.add(uidl);
            }
        }
        return found;
    }

    @Override
    public ImportReport add(List<ImportedMessage> batch, Verification verification) {
        Objects.requireNonNull(verification, "verification");
        checkOpen();
        List<ImportOutcome> outcomes = new ArrayList<>(batch.size());
        List<Prepared> prepared = new ArrayList<>();
        Set<String> inBatch = new HashSet<>();
        try {
            for (ImportedMessage message : batch) {
                Optional<ImportOutcome> skipped = ImportChecks.skipped(message, inBatch, present::contains);
                if (skipped.isPresent()) {
                    outcomes.add(skipped.get());
                } else {
                    Prepared ready = prepare(message, verification);
                    if (ready.refusal() != null) {
                        outcomes.add(ready.refusal());
                    } else {
                        prepared.add(ready);
                        outcomes.add(null); // filled in once it is in
                    }
                }
            }
            if (!prepared.isEmpty()) {
                record(prepared);
                moveIn(prepared);
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot import into " + address() + ": " + e.getMessage(), e);
        } finally {
            for (Prepared ready : prepared) {
                discard(ready.temporary());
            }
        }
        int next = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) == null) {
                Prepared ready = prepared.get(next++);
                outcomes.set(i, new ImportOutcome.Imported(ready.message().uidl(), ready.storedOctets()));
            }
        }
        removeMovedSources(prepared);
        return new ImportReport(outcomes);
    }

    @Override
    public void close() {
        maildrop.close();
    }

    /** A message made a file in {@code tmp/}, or why it was refused (then only that is set). */
    private record Prepared(ImportedMessage message, Path temporary, String name, long storedOctets,
                            ImportOutcome.Refused refusal) {
        static Prepared refused(ImportOutcome.Refused refusal) {
            return new Prepared(null, null, null, 0, refusal);
        }

        static Prepared refused(ImportedMessage message, ImportOutcome.Problem problem, String detail) {
            return refused(new ImportOutcome.Refused(message.uidl(), problem, detail));
        }

        String baseName() {
            return MessageFileName.baseName(name);
        }
    }

    /** The sizes of a file in {@code tmp/}. */
    private record Measured(long octets, long crlfOctets) {
        Measured(MessageTally read) {
            this(read.octets(), read.crlfOctets());
        }
    }

    /** The source failed, not the store. */
    private static final class SourceFailure extends IOException {
        SourceFailure(IOException cause) {
            super(cause.toString(), cause);
        }
    }

    private Prepared prepare(ImportedMessage message, Verification verification) throws IOException {
        Optional<ImportOutcome.Refused> refusal = ImportChecks.sourceRefusal(message);
        if (refusal.isPresent()) {
            return Prepared.refused(refusal.get());
        }
        Path source = message.source();
        boolean digest = verification == Verification.DIGEST;
        Path temporary = maildir.folder(Maildir.TMP).resolve(names.next());
        boolean linked = false;
        Measured stored;
        try {
            if (message.transfer() != ImportedMessage.Transfer.COPY) {
                linked = link(source, temporary);
                if (!linked && message.transfer() == ImportedMessage.Transfer.LINK) {
                    return Prepared.refused(message, ImportOutcome.Problem.LINK_IMPOSSIBLE,
                            "cannot link " + source + " into " + maildir.path() + "; copy it instead");
                }
            }
            if (linked) {
                Optional<Long> named = trustedCrlfSize(source, message.expectedSize());
                if (named.isPresent() && !digest) {
                    stored = new Measured(message.expectedSize(), named.get());
                } else {
                    MessageTally read = measure(temporary, digest);
                    if (digest && !Arrays.equals(measure(source, true).digest(), read.digest())) {
                        discard(temporary);
                        return Prepared.refused(message, ImportOutcome.Problem.DIGEST_MISMATCH,
                                source + " reads back otherwise");
                    }
                    stored = new Measured(read);
                }
            } else {
                MessageTally copied = copy(source, temporary, digest);
                MessageTally read = digest ? measure(temporary, true) : copied;
                if (digest && !Arrays.equals(copied.digest(), read.digest())) {
                    discard(temporary);
                    return Prepared.refused(message, ImportOutcome.Problem.DIGEST_MISMATCH,
                            "the copy of " + source + " reads back otherwise");
                }
                stored = new Measured(read);
                Files.setLastModifiedTime(temporary, FileTime.from(message.received()));
            }
        } catch (SourceFailure e) {
            discard(temporary);
            return Prepared.refused(message, ImportOutcome.Problem.UNREADABLE_SOURCE, e.getMessage());
        } catch (IOException | RuntimeException e) {
            discard(temporary);
            throw e;
        }
        if (stored.octets() != message.expectedSize()) {
            discard(temporary);
            return Prepared.refused(ImportChecks.changedWhileRead(message, stored.octets()));
        }
        String name = nameFor(source.getFileName().toString(), stored.octets(), stored.crlfOctets());
        return new Prepared(message, temporary, name, stored.octets(), null);
    }

    /** Links {@code source} as {@code temporary}; false when that cannot be done (another file system, no hard links). */
    private static boolean link(Path source, Path temporary) throws IOException {
        try {
            Files.createLink(temporary, source);
            return true;
        } catch (NoSuchFileException e) {
            if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                throw new SourceFailure(e);
            }
            throw e; // tmp/ is missing: the store's problem
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot link {} into the store: {}", source, e.toString());
            return false;
        }
    }

    /** The {@code W=} size of the source's name, when its {@code S=} field matches the file, as a listing trusts it. */
    private static Optional<Long> trustedCrlfSize(Path source, long size) {
        MessageFileName name = MessageFileName.parse(source.getFileName().toString());
        if (name.crlfSize().isPresent() && name.storedSize().isPresent() && name.storedSize().getAsLong() == size) {
            return Optional.of(name.crlfSize().getAsLong());
        }
        return Optional.empty();
    }

    /** Copies the source into a new file, counting its octets both ways (and its digest) on the way. */
    private MessageTally copy(Path source, Path temporary, boolean digest) throws IOException {
        MessageTally tally = new MessageTally(digest);
        try (InputStream in = open(source);
             FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[BUFFER_SIZE];
            int n;
            while ((n = read(in, buffer)) >= 0) {
                tally.add(buffer, 0, n);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            durability.force(out);
        }
        return tally;
    }

    /** Reads a file, counting its octets both ways (and its digest); a failure is the source's. */
    private static MessageTally measure(Path file, boolean digest) throws IOException {
        MessageTally tally = new MessageTally(digest);
        try (InputStream in = open(file)) {
            byte[] buffer = new byte[BUFFER_SIZE];
            int n;
            while ((n = read(in, buffer)) >= 0) {
                tally.add(buffer, 0, n);
            }
        }
        return tally;
    }

    private static InputStream open(Path source) throws SourceFailure {
        try {
            return Files.newInputStream(source);
        } catch (IOException e) {
            throw new SourceFailure(e);
        }
    }

    private static int read(InputStream in, byte[] buffer) throws SourceFailure {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new SourceFailure(e);
        }
    }

    /** The name in {@code cur/}: the source's base name and flags where they do, else a new base name. */
    private String nameFor(String sourceName, long octets, long crlfOctets) {
        MessageFileName source = MessageFileName.parse(sourceName);
        String kept = source.naturalId() + ",S=" + octets + ",W=" + crlfOctets;
        String base = keepable(source, kept) ? kept : DeliveryNames.withSizes(names.next(), octets, crlfOctets);
        givenNames.add(hash(base));
        return base + flags(sourceName);
    }

    private boolean keepable(MessageFileName source, String base) {
        if (source.seconds() < 0 || !MessageFileName.isValidUniqueId(source.naturalId()) || base.length() > MAX_KEPT_NAME
                || base.startsWith(".") || base.contains("/")) {
            return false;
        }
        byte[] bytes = base.getBytes(StandardCharsets.US_ASCII);
        return !givenNames.contains(hash(base)) && maildrop.order().files().find(bytes, 0, bytes.length) < 0;
    }

    /** The source's info part when it is Maildir flags ({@code :2,} and letters), else none: {@code :2,}. */
    private static String flags(String sourceName) {
        int colon = sourceName.indexOf(':');
        String info = colon < 0 ? "" : sourceName.substring(colon);
        if (info.startsWith(Maildir.NO_FLAGS_INFO) && info.substring(3).chars().allMatch(Character::isLetter)
                && info.chars().allMatch(c -> c < 0x7F)) {
            return info;
        }
        return Maildir.NO_FLAGS_INFO;
    }

    /**
     * Step 2: the map records the messages (after the snapshot's, the first time), so that each file
     * is listed under its UIDL the moment it is renamed into {@code cur/}.
     */
    private void record(List<Prepared> prepared) throws IOException {
        checkLock();
        UidlMapFile.Writer records = new UidlMapFile.Writer();
        if (!snapshotRecorded) {
            MessageOrder order = maildrop.order();
            MaildropSnapshot files = order.files();
            for (int k = order.mapping().size(); k < order.size(); k++) {
                int n = order.file(k);
                byte[] names = files.nameArray(n);
                int offset = files.nameOffset(n);
                int length = MessageTable.baseNameLength(names, offset, offset + files.nameLength(n));
                records.add(names, offset, length, order.uniqueId(k));
            }
        }
        for (Prepared ready : prepared) {
            records.add(ready.baseName(), ready.message().uidl());
        }
        mapStamp = Optional.of(map.append(mapStamp, records));
        snapshotRecorded = true;
    }

    /** Step 3: renames the files into {@code cur/} in order, counting them; on a failure, what was renamed counts. */
    private void moveIn(List<Prepared> prepared) throws IOException {
        checkLock();
        IOException[] failure = new IOException[1];
        Path cur = maildir.folder(Maildir.CUR);
        QuotaUsage stored = quotas.absorb(address(), () -> {
            QuotaUsage renamed = QuotaUsage.NONE;
            for (Prepared ready : prepared) {
                Path target = cur.resolve(ready.name());
                try {
                    // rename(2) would replace a file of that name: whoever put it there, it stays.
                    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new FileAlreadyExistsException(target.toString());
                    }
                    Files.move(ready.temporary(), target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    failure[0] = e;
                    break;
                }
                renamed = renamed.plus(new QuotaUsage(ready.storedOctets(), 1));
                present.add(ready.message().uidl());
            }
            return renamed;
        });
        durability.syncDirectory(cur);
        if (failure[0] != null) {
            throw new IOException(stored.messages() + " of " + prepared.size() + " messages imported, then: "
                    + failure[0], failure[0]);
        }
    }

    /** Step 4: a moved message's source goes once the message is in (and {@code cur/} synced). */
    private static void removeMovedSources(List<Prepared> prepared) {
        for (Prepared ready : prepared) {
            if (ready.message().transfer() == ImportedMessage.Transfer.MOVE) {
                try {
                    Files.deleteIfExists(ready.message().source());
                } catch (IOException e) {
                    LOG.warn("{} is imported, but its source stays: {}", ready.message().uidl(), e.toString());
                }
            }
        }
    }

    private static void discard(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", temporary, e.toString());
        }
    }

    private void checkOpen() {
        if (maildrop.isClosed()) {
            throw new IllegalStateException("the import into " + address() + " is closed");
        }
    }

    private void checkLock() {
        checkOpen();
        if (!maildrop.holdsLock()) {
            throw new LockLostException("the maildrop lock of " + address() + " was lost; the import stops");
        }
    }

    /** A 64-bit FNV-1a hash of a name. */
    private static long hash(String name) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ (name.charAt(i) & 0xFF)) * 0x100000001b3L;
        }
        return h;
    }

    /** Longs by open addressing, 16 octets a value or less; 0 is kept apart. */
    private static final class LongSet {
        private long[] slots = new long[64];
        private int count;
        private boolean hasZero;

        boolean contains(long value) {
            if (value == 0) {
                return hasZero;
            }
            int mask = slots.length - 1;
            for (int slot = spread(value) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
                if (slots[slot] == value) {
                    return true;
                }
            }
            return false;
        }

        void add(long value) {
            if (value == 0) {
                hasZero = true;
                return;
            }
            if (2 * (count + 1) > slots.length) {
                long[] old = slots;
                slots = new long[old.length * 2];
                count = 0;
                for (long v : old) {
                    if (v != 0) {
                        insert(v);
                    }
                }
            }
            insert(value);
        }

        private void insert(long value) {
            int mask = slots.length - 1;
            int slot = spread(value) & mask;
            while (slots[slot] != 0) {
                if (slots[slot] == value) {
                    return;
                }
                slot = (slot + 1) & mask;
            }
            slots[slot] = value;
            count++;
        }

        private static int spread(long value) {
            long h = value * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
