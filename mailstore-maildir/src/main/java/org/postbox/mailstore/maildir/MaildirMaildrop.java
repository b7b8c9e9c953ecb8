package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.postbox.mailstore.LockLostException;
import org.postbox.mailstore.Expire;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxRetention;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageVanishedException;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.StoreUnavailableException;
import org.postbox.mailstore.SweepOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A locked Maildir and the snapshot of {@code new/} and {@code cur/} taken when it was opened
 * (with the help of the maildrop's index, see {@link MaildropScan}), after which the messages of
 * {@code new/} were moved to {@code cur/}; numbered by its UIDL map ({@link MessageOrder}). Every
 * later operation works on the snapshot's files by base name, so messages delivered meanwhile are
 * neither numbered nor deleted.
 */
final class MaildirMaildrop implements Maildrop {

    private static final Logger LOG = LoggerFactory.getLogger(MaildirMaildrop.class);

    private final MailboxAddress address;
    private final Maildir maildir;
    private final MaildropIndexFile index;
    private final MaildropLock lock;
    private final Durability durability;
    private final MaildirQuotas quotas;
    private final MaildropSnapshot files;
    private final MessageOrder order;
    private final List<MessageInfo> messages;
    private final Consumer<MaildirMaildrop> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MailboxRetention retention;
    // First retrieval in this session by the snapshot's index; recorded at close.
    private final Map<Integer, Instant> retrieved = new ConcurrentHashMap<>();
    // The snapshot's indexes that this session deleted or held, whose marks go at close.
    private final BitSet removed = new BitSet();

    private MaildirMaildrop(MailboxAddress address, Maildir maildir, MaildropIndexFile index, MaildropLock lock,
                            Durability durability, MaildirQuotas quotas, MessageOrder order,
                            MailboxRetention retention, Consumer<MaildirMaildrop> onClose) {
        this.address = address;
        this.retention = retention;
        this.maildir = maildir;
        this.index = index;
        this.lock = lock;
        this.durability = durability;
        this.quotas = quotas;
        this.files = order.files();
        this.order = order;
        this.messages = new SnapshotMessages(order);
        this.onClose = onClose;
    }

    /** Takes the snapshot, with the help of the maildrop's index; the caller holds {@code lock} and hands it over. */
    static MaildirMaildrop open(MailboxAddress address, Maildir maildir, MaildropIndexFile index, MaildropLock lock,
                                Durability durability, MaildirQuotas quotas, CrlfSizeCache sizeCache,
                                MailboxRetention retention, Consumer<MaildirMaildrop> onClose) throws IOException {
        MessageOrder order = new MaildropScan(maildir, index, sizeCache, UidlMapFile.of(maildir, durability)).listing();
        return new MaildirMaildrop(address, maildir, index, lock, durability, quotas, order, retention, onClose);
    }

    @Override
    public MailboxAddress address() {
        return address;
    }

    @Override
    public List<MessageInfo> messages() {
        return messages;
    }

    @Override
    public InputStream content(int number) {
        int message = message(number);
        try {
            Optional<Path> file = locate(message);
            if (file.isPresent()) {
                try {
                    return Files.newInputStream(file.get());
                } catch (NoSuchFileException e) {
                    // deleted or moved between locating and opening: look once more
                    file = locate(message);
                    if (file.isPresent()) {
                        return Files.newInputStream(file.get());
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // fall through: gone
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot read message " + number + " of " + address + ": " + e.getMessage(), e);
        }
        // The folders' stamps may have vouched for it: the next open must not trust them again.
        index.discard();
        throw new MessageVanishedException("message " + number + " of " + address + " was removed by another agent");
    }

    @Override
    public void commit(BitSet deleted) {
        checkOpen();
        if (deleted.isEmpty()) {
            return;
        }
        if (deleted.get(0) || deleted.length() - 1 > files.size()) {
            throw new IllegalArgumentException("deleted messages must be numbered 1.." + files.size() + ", got " + deleted);
        }
        if (!lock.isValid()) {
            throw new LockLostException("lock on the maildrop of " + address + " was lost; nothing was deleted");
        }
        if (retention.domain().holds()) {
            hold(deleted);
            return;
        }
        remove(deleted);
    }

    /** Deletes the messages numbered in {@code deleted} for good; returns how many were still there. */
    private int remove(BitSet deleted) {
        QuotaUsage removed;
        try {
            // Under the quota locks, so that the usage goes down with the files and no count interleaves.
            removed = quotas.release(address, () -> {
                QuotaUsage gone = QuotaUsage.NONE;
                for (int n = deleted.nextSetBit(1); n >= 0; n = deleted.nextSetBit(n + 1)) {
                    int message = order.file(n - 1);
                    this.removed.set(message);
                    if (delete(message)) {
                        MessageFileName name = MessageFileName.parse(files.name(message));
                        gone = gone.plus(new QuotaUsage(Maildir.quotaSize(name, files.fileSize(message)), 1));
                    }
                }
                return gone;
            });
            durability.syncDirectory(maildir.folder(Maildir.NEW));
            durability.syncDirectory(maildir.folder(Maildir.CUR));
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot delete messages of " + address + ": " + e.getMessage(), e);
        }
        if (removed.messages() < deleted.cardinality()) {
            index.discard(); // as in content(): something was gone that the index may still list
        }
        LOG.debug("deleted {} of {} requested messages from {}", removed.messages(), deleted.cardinality(), address);
        return (int) removed.messages();
    }

    private boolean delete(int message) throws IOException {
        // Another agent may move the file to cur/ or rename it for flags between locating and unlinking.
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Path> file = locate(message);
            if (file.isEmpty()) {
                return false;
            }
            if (Files.deleteIfExists(file.get())) {
                return true;
            }
        }
        return false;
    }

    /** Moves the messages numbered in {@code deleted} to a new batch of {@link HeldMail}, names unchanged. */
    private void hold(BitSet deleted) {
        boolean counts = retention.domain().heldCountsTowardQuota();
        try {
            HeldMail.Batch batch = new HeldMail(maildir).newBatch(Instant.now());
            MaildirQuotas.LockedWork<QuotaUsage> moves = () -> {
                QuotaUsage gone = QuotaUsage.NONE;
                for (int n = deleted.nextSetBit(1); n >= 0; n = deleted.nextSetBit(n + 1)) {
                    int message = order.file(n - 1);
                    removed.set(message);
                    Optional<Path> file = locate(message);
                    if (file.isPresent()) {
                        try {
                            Files.move(file.get(), batch.directory().resolve(file.get().getFileName()),
                                    StandardCopyOption.ATOMIC_MOVE);
                        } catch (NoSuchFileException e) {
                            continue; // removed by another agent meanwhile
                        }
                        MessageFileName name = MessageFileName.parse(files.name(message));
                        gone = gone.plus(new QuotaUsage(Maildir.quotaSize(name, files.fileSize(message)), 1));
                    }
                }
                return gone;
            };
            // Held mail that still counts leaves the usage as it is.
            QuotaUsage held = counts ? moves.run() : quotas.release(address, moves);
            durability.syncDirectory(batch.directory());
            durability.syncDirectory(maildir.folder(Maildir.NEW));
            durability.syncDirectory(maildir.folder(Maildir.CUR));
            if (held.messages() == 0) {
                HeldMail.removeIfEmpty(batch);
                new HeldMail(maildir).removeIfEmpty();
            }
            LOG.debug("held {} of {} requested messages of {}", held.messages(), deleted.cardinality(), address);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot hold deleted messages of " + address + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Expire expire() {
        return retention.expire();
    }

    @Override
    public void markRetrieved(int number) {
        retrieved.putIfAbsent(message(number), Instant.now());
    }

    /**
     * The retention sweep of this maildrop ({@link org.postbox.mailstore.MailStore#sweepRetention}):
     * deletes at most {@code limit} messages retrieved before the expire cutoff, then purges held
     * batches older than the hold with what is left of the limit.
     */
    SweepOutcome sweep(Instant now, int limit) throws IOException {
        checkOpen();
        int expired = 0;
        Optional<Instant> cutoff = retention.expire().cutoff(now);
        if (cutoff.isPresent() && files.size() > 0) {
            Map<String, Instant> marks = new RetrievedMarks(maildir, durability).read();
            BitSet due = new BitSet();
            for (int k = 0; k < order.size() && due.cardinality() < limit; k++) {
                Instant first = marks.get(files.baseName(order.file(k)));
                if (first != null && first.isBefore(cutoff.get())) {
                    due.set(k + 1);
                }
            }
            if (!due.isEmpty()) {
                if (!lock.isValid()) {
                    throw new LockLostException("lock on the maildrop of " + address + " was lost; nothing was deleted");
                }
                expired = remove(due);
            }
        }
        int purged = purgeHeld(retention.domain().purgeCutoff(now), limit - expired);
        return new SweepOutcome(expired, purged);
    }

    private int purgeHeld(Instant cutoff, int limit) throws IOException {
        int purged = 0;
        HeldMail held = new HeldMail(maildir);
        boolean counts = retention.domain().heldCountsTowardQuota();
        for (HeldMail.Batch batch : held.batches()) {
            if (purged >= limit || !batch.heldAt().isBefore(cutoff)) {
                break;
            }
            int room = limit - purged;
            MaildirQuotas.LockedWork<QuotaUsage> deletions = () -> {
                QuotaUsage gone = QuotaUsage.NONE;
                for (Path file : HeldMail.files(batch)) {
                    if (gone.messages() >= room) {
                        break;
                    }
                    long size = Files.size(file);
                    if (Files.deleteIfExists(file)) {
                        gone = gone.plus(new QuotaUsage(Maildir.quotaSize(MessageFileName.parse(
                                file.getFileName().toString()), size), 1));
                    }
                }
                return gone;
            };
            QuotaUsage gone = counts ? quotas.release(address, deletions) : deletions.run();
            purged += (int) gone.messages();
            HeldMail.removeIfEmpty(batch);
        }
        held.removeIfEmpty();
        return purged;
    }

    /**
     * Puts held messages back in {@code cur/} under their names: those held at or after
     * {@code since}, every one when empty. Returns how many.
     */
    int undelete(Optional<Instant> since) throws IOException {
        checkOpen();
        boolean counts = retention.domain().heldCountsTowardQuota();
        int restored = 0;
        for (HeldMail.Batch batch : new HeldMail(maildir).batches()) {
            if (since.isPresent() && batch.heldAt().isBefore(since.get())) {
                continue;
            }
            MaildirQuotas.LockedWork<QuotaUsage> moves = () -> {
                QuotaUsage back = QuotaUsage.NONE;
                for (Path file : HeldMail.files(batch)) {
                    String name = file.getFileName().toString();
                    long size = Files.size(file);
                    try {
                        Files.move(file, maildir.folder(Maildir.CUR).resolve(Maildir.nameInCur(name)),
                                StandardCopyOption.ATOMIC_MOVE);
                    } catch (java.nio.file.FileAlreadyExistsException e) {
                        LOG.warn("held message {} of {} not restored: cur/ has a file of that name", name, address);
                        continue;
                    }
                    back = back.plus(new QuotaUsage(Maildir.quotaSize(MessageFileName.parse(name), size), 1));
                }
                return back;
            };
            Files.createDirectories(maildir.folder(Maildir.CUR));
            // Restored mail that had stopped counting counts again; no limit refuses it.
            QuotaUsage back = counts ? moves.run() : quotas.absorb(address, moves);
            restored += (int) back.messages();
            HeldMail.removeIfEmpty(batch);
        }
        new HeldMail(maildir).removeIfEmpty();
        durability.syncDirectory(maildir.folder(Maildir.CUR));
        index.discard();
        return restored;
    }

    /**
     * Keeps the first retrieval of each message this session retrieved ({@link RetrievedMarks}):
     * appended while the file is small for the maildrop, else rewritten with the marks of the
     * messages still there. A session that only deleted leaves the marks of what it deleted to
     * that rewrite.
     */
    private void recordRetrievals() {
        if (retrieved.isEmpty()) {
            return;
        }
        try {
            RetrievedMarks file = new RetrievedMarks(maildir, durability);
            if (file.size() <= RetrievedMarks.compactionSize(files.size())) {
                Map<String, Instant> fresh = new HashMap<>(retrieved.size());
                retrieved.forEach((n, when) -> {
                    if (!removed.get(n)) {
                        fresh.put(files.baseName(n), when);
                    }
                });
                file.append(fresh);
                return;
            }
            Map<String, Instant> marks = file.read();
            Map<String, Instant> kept = new HashMap<>(marks.size() + retrieved.size());
            for (int n = 0; n < files.size(); n++) {
                if (removed.get(n)) {
                    continue;
                }
                String name = files.baseName(n);
                Instant earlier = marks.get(name);
                Instant now = retrieved.get(n);
                if (earlier != null || now != null) {
                    kept.put(name, earlier == null ? now : now == null || earlier.isBefore(now) ? earlier : now);
                }
            }
            file.write(kept);
        } catch (IOException | RuntimeException e) {
            // Losing marks keeps mail longer; the session must still end cleanly.
            LOG.warn("retrieval marks of {} not recorded: {}", address, e.toString());
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (lock.isValid()) {
                recordRetrievals();
            }
            lock.close();
            onClose.accept(this);
        }
    }

    /** The snapshot's index of message {@code number}. */
    private int message(int number) {
        checkOpen();
        if (number < 1 || number > files.size()) {
            throw new IllegalArgumentException("no message " + number + " in a maildrop of " + files.size());
        }
        return order.file(number - 1);
    }

    /** The snapshot as numbered, for an import into this maildrop ({@link MaildirImport}). */
    MessageOrder order() {
        return order;
    }

    Maildir maildir() {
        return maildir;
    }

    /** Whether the session still holds its lock: open, and the OS lock not lost. */
    boolean holdsLock() {
        return !closed.get() && lock.isValid();
    }

    boolean isClosed() {
        return closed.get();
    }

    private Optional<Path> locate(int message) throws IOException {
        return maildir.locate(files.folder(message), files.name(message));
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("maildrop of " + address + " is closed");
        }
    }
}
