package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.postbox.mailstore.LockLostException;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageVanishedException;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.StoreUnavailableException;
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

    private MaildirMaildrop(MailboxAddress address, Maildir maildir, MaildropIndexFile index, MaildropLock lock,
                            Durability durability, MaildirQuotas quotas, MessageOrder order,
                            Consumer<MaildirMaildrop> onClose) {
        this.address = address;
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
                                Consumer<MaildirMaildrop> onClose) throws IOException {
        MessageOrder order = new MaildropScan(maildir, index, sizeCache, UidlMapFile.of(maildir, durability)).listing();
        return new MaildirMaildrop(address, maildir, index, lock, durability, quotas, order, onClose);
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
        QuotaUsage removed;
        try {
            // Under the quota locks, so that the usage goes down with the files and no count interleaves.
            removed = quotas.release(address, () -> {
                QuotaUsage gone = QuotaUsage.NONE;
                for (int n = deleted.nextSetBit(1); n >= 0; n = deleted.nextSetBit(n + 1)) {
                    int message = order.file(n - 1);
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

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
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
