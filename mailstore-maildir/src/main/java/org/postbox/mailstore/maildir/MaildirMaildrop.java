package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * A locked Maildir and the snapshot of {@code new/} and {@code cur/} taken when it was opened.
 * Every later operation works on the snapshot's files by base name, so messages delivered
 * meanwhile are neither numbered nor deleted.
 */
final class MaildirMaildrop implements Maildrop {

    private static final Logger LOG = LoggerFactory.getLogger(MaildirMaildrop.class);

    private final MailboxAddress address;
    private final Maildir maildir;
    private final MaildropLock lock;
    private final Durability durability;
    private final MaildirQuotas quotas;
    private final List<StoredMessage> files;
    private final List<MessageInfo> messages;
    private final Consumer<MaildirMaildrop> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MaildirMaildrop(MailboxAddress address, Maildir maildir, MaildropLock lock, Durability durability,
                            MaildirQuotas quotas, List<StoredMessage> files, List<MessageInfo> messages,
                            Consumer<MaildirMaildrop> onClose) {
        this.address = address;
        this.maildir = maildir;
        this.lock = lock;
        this.durability = durability;
        this.quotas = quotas;
        this.files = files;
        this.messages = messages;
        this.onClose = onClose;
    }

    /** Takes the snapshot; the caller holds {@code lock} and hands it over. */
    static MaildirMaildrop open(MailboxAddress address, Maildir maildir, MaildropLock lock, Durability durability,
                                MaildirQuotas quotas, CrlfSizeCache sizeCache, Consumer<MaildirMaildrop> onClose)
            throws IOException {
        List<StoredMessage> files = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (StoredMessage message : maildir.list()) {
            try {
                sizes.add(sizeCache.crlfSize(maildir, message));
                files.add(message);
            } catch (NoSuchFileException e) {
                LOG.debug("{} vanished while listing {}", message.name().name(), address);
            }
        }
        List<String> ids = uniqueIds(files);
        List<MessageInfo> messages = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            messages.add(new MessageInfo(ids.get(i), sizes.get(i)));
        }
        return new MaildirMaildrop(address, maildir, lock, durability, quotas, List.copyOf(files), List.copyOf(messages),
                onClose);
    }

    /**
     * Natural ids of well-behaved files never collide; foreign files that differ only in their size
     * fields would, and then all of them fall back to their hashed base names.
     */
    static List<String> uniqueIds(List<StoredMessage> files) {
        Map<String, Integer> claims = new HashMap<>();
        for (StoredMessage file : files) {
            claims.merge(file.name().uniqueId(), 1, Integer::sum);
        }
        List<String> ids = new ArrayList<>(files.size());
        for (StoredMessage file : files) {
            String id = file.name().uniqueId();
            ids.add(claims.get(id) == 1 ? id : MessageFileName.hashedId(file.name().baseName()));
        }
        return ids;
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
        StoredMessage message = message(number);
        try {
            Optional<Path> file = maildir.locate(message);
            if (file.isPresent()) {
                try {
                    return Files.newInputStream(file.get());
                } catch (NoSuchFileException e) {
                    // deleted or moved between locating and opening: look once more
                    file = maildir.locate(message);
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
                    StoredMessage message = files.get(n - 1);
                    if (delete(message)) {
                        gone = gone.plus(new QuotaUsage(Maildir.quotaSize(message.name(), message.fileSize()), 1));
                    }
                }
                return gone;
            });
            durability.syncDirectory(maildir.folder(Maildir.NEW));
            durability.syncDirectory(maildir.folder(Maildir.CUR));
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot delete messages of " + address + ": " + e.getMessage(), e);
        }
        LOG.debug("deleted {} of {} requested messages from {}", removed.messages(), deleted.cardinality(), address);
    }

    private boolean delete(StoredMessage message) throws IOException {
        // Another agent may move the file to cur/ or rename it for flags between locating and unlinking.
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Path> file = maildir.locate(message);
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

    private StoredMessage message(int number) {
        checkOpen();
        if (number < 1 || number > files.size()) {
            throw new IllegalArgumentException("no message " + number + " in a maildrop of " + files.size());
        }
        return files.get(number - 1);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("maildrop of " + address + " is closed");
        }
    }
}
