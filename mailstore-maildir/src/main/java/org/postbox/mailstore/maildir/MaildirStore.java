package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.postbox.mailstore.AdminTokens;
import org.postbox.mailstore.MailboxHistory;
import org.postbox.mailstore.DeliveryKey;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxRetention;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageImporter;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.StoreConfigException;
import org.postbox.mailstore.StoreMeter;
import org.postbox.mailstore.StoreUnavailableException;
import org.postbox.mailstore.UsageChange;
import org.postbox.mailstore.SweepOutcome;
import org.postbox.mailstore.spi.OpenMaildrops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Dovecot-compatible Maildir tree with a passwd-file: {@code <root>/<domain>/<local>/Maildir}.
 * Several processes (the daemon, the CLI, Dovecot itself) may work on one tree at once; all
 * coordination goes through the file system.
 */
public final class MaildirStore implements MailStore {

    private static final Logger LOG = LoggerFactory.getLogger(MaildirStore.class);

    private final MaildirLayout layout;
    private final PasswdFile passwd;
    private final Durability durability;
    private final MaildirDirectory directory;
    private final MaildirAdminTokens adminTokens;
    private final MaildirHistory history;
    private final DeliveryNames deliveryNames;
    private final MaildirDelivery delivery;
    private final MaildirQuotas quotas;
    private final OpenMaildrops<MaildirMaildrop> openMaildrops = new OpenMaildrops<>("maildir");
    // About 100 bytes an entry: a few megabytes for a large migrated installation.
    private final CrlfSizeCache sizeCache = new CrlfSizeCache(50_000);

    /** @throws StoreConfigException if the root cannot be created */
    public MaildirStore(MaildirSettings settings) {
        Path root;
        try {
            Files.createDirectories(settings.root());
            // Resolved links make lock file names identical for every store over this tree in the JVM.
            root = settings.root().toRealPath();
        } catch (IOException e) {
            throw new StoreConfigException("store.path", "cannot create or open the mail directory "
                    + settings.root() + ": " + e.getMessage());
        }
        this.layout = new MaildirLayout(root);
        this.durability = new Durability(settings.fsync());
        this.passwd = new PasswdFile(resolveLinks(settings.passwdFile()), durability);
        this.quotas = new MaildirQuotas(layout, passwd);
        AliasFile aliases = new AliasFile(passwd.path(), durability);
        this.directory = new MaildirDirectory(layout, passwd, new AppPasswordFile(passwd.path(), durability), aliases,
                durability, quotas);
        this.adminTokens = new MaildirAdminTokens(passwd, durability);
        this.history = new MaildirHistory(layout, passwd);
        this.deliveryNames = DeliveryNames.forThisHost();
        this.delivery = new MaildirDelivery(layout, passwd, aliases, durability, deliveryNames, quotas,
                new AbandonedTemporaryFiles(AbandonedTemporaryFiles.DEFAULT_PERIOD, Clock.systemUTC()));
        LOG.info("maildir store at {} with passwd-file {} (fsync {})", root, passwd.path(), settings.fsync() ? "on" : "off");
    }

    /** Like the root, the passwd-file is named alike by every store in this JVM: it keys the writers' lock. */
    private static Path resolveLinks(Path file) {
        try {
            return file.getParent().toRealPath().resolve(file.getFileName());
        } catch (IOException e) {
            return file; // the directory does not exist yet; the first change creates it
        }
    }

    @Override
    public Directory directory() {
        openMaildrops.checkStoreOpen();
        return directory;
    }

    @Override
    public AdminTokens adminTokens() {
        openMaildrops.checkStoreOpen();
        return adminTokens;
    }

    @Override
    public MailboxHistory history() {
        openMaildrops.checkStoreOpen();
        return history;
    }

    @Override
    public Maildrop open(MailboxAddress address) {
        return openMaildrop(address);
    }

    private MaildirMaildrop openMaildrop(MailboxAddress address) {
        openMaildrops.checkStoreOpen();
        if (!passwd.read().contains(address)) {
            throw new NoSuchMailboxException("no mailbox " + address);
        }
        MaildropLock lock = MaildropLock.acquire(layout.lockFile(address), address);
        try {
            if (!passwd.read().contains(address)) {
                discardLockFile(address);
                throw new NoSuchMailboxException("no mailbox " + address);
            }
            // Missing folders are created by the scan, which finds them missing: no checks at every open.
            Maildir maildir = layout.maildir(address);
            MaildirMaildrop maildrop = MaildirMaildrop.open(address, maildir, new MaildropIndexFile(layout.indexFile(address)),
                    lock, durability, quotas, sizeCache, directory.mailboxRetention(address), openMaildrops::remove);
            return openMaildrops.add(maildrop);
        } catch (IOException e) {
            lock.close();
            throw new StoreUnavailableException("cannot open the maildrop of " + address + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Imports hold the maildrop's lock as a session does: each is a maildrop opened for it ({@link MaildirImport}). */
    @Override
    public MessageImporter importer() {
        return address -> {
            return MaildirImport.of(openMaildrop(address), quotas, durability, deliveryNames);
        };
    }

    @Override
    public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message) {
        openMaildrops.checkStoreOpen();
        return delivery.deliver(recipients, message, Optional.empty(), change -> { });
    }

    @Override
    public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message, DeliveryKey key) {
        openMaildrops.checkStoreOpen();
        return delivery.deliver(recipients, message, Optional.of(key), change -> { });
    }

    @Override
    public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message,
                                         Optional<DeliveryKey> key, Consumer<UsageChange> counted) {
        openMaildrops.checkStoreOpen();
        return delivery.deliver(recipients, message, key, counted);
    }

    @Override
    public DeliveryOutcome deliverNotice(MailboxAddress mailbox, MessageSource message) {
        openMaildrops.checkStoreOpen();
        return delivery.deliverNotice(mailbox, message);
    }

    @Override
    public SweepOutcome sweepRetention(MailboxAddress address, Instant now, int limit) {
        openMaildrops.checkStoreOpen();
        // Without the lock, from the files alone: a mailbox with nothing that could be due is not locked at all.
        MailboxRetention retention = directory.mailboxRetention(address);
        Path maildir = layout.maildir(address).path();
        try {
            Optional<Instant> cutoff = retention.expire().cutoff(now);
            // The marks file is replaced by renames: reading it without the lock sees one whole version.
            boolean expiring = cutoff.isPresent() && new RetrievedMarks(layout.maildir(address), durability).read()
                    .values().stream().anyMatch(first -> first.isBefore(cutoff.get()));
            if (!expiring && !Files.isDirectory(maildir.resolve(HeldMail.DIRECTORY))) {
                return SweepOutcome.NONE;
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot sweep the maildrop of " + address + ": " + e.getMessage(), e);
        }
        try (MaildirMaildrop maildrop = openMaildrop(address)) {
            return maildrop.sweep(now, limit);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot sweep the maildrop of " + address + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int undelete(MailboxAddress address, Optional<Instant> since) {
        try (MaildirMaildrop maildrop = openMaildrop(address)) {
            int restored = maildrop.undelete(since);
            LOG.info("restored {} held message(s) of {}", restored, address);
            return restored;
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot restore held mail of " + address + ": " + e.getMessage(), e);
        }
    }

    /** None: a Maildir tree has no pool or cache worth watching from outside. */
    @Override
    public List<StoreMeter> meters() {
        return List.of();
    }

    @Override
    public void close() {
        openMaildrops.closeStore(MaildirMaildrop::close);
    }

    /** The mailbox was removed between the check and the lock: leave no lock file as its only trace. */
    private void discardLockFile(MailboxAddress address) {
        try {
            Files.deleteIfExists(layout.lockFile(address));
            Files.deleteIfExists(layout.mailboxDirectory(address));
        } catch (IOException e) {
            LOG.debug("left {} in place: {}", layout.mailboxDirectory(address), e.toString());
        }
    }
}
