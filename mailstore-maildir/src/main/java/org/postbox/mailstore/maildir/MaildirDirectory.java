package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.postbox.mailstore.Account;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.AppPassword;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.DomainName;
import org.postbox.mailstore.DomainNotEmptyException;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.DomainQuotaReport;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MailboxQuotaReport;
import org.postbox.mailstore.NoSuchAppPasswordException;
import org.postbox.mailstore.NoSuchDomainException;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.QuotaDrift;
import org.postbox.mailstore.QuotaExceededException;
import org.postbox.mailstore.StoreUnavailableException;
import org.postbox.mailstore.spi.FileTrees;
import org.postbox.mailstore.spi.RecipientCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Domains are directories under the root; mailboxes are passwd-file lines plus their Maildir.
 * A domain also counts as existing while the passwd-file names mailboxes in it, so a tree whose
 * directories are created lazily (as Dovecot does) is still listed completely.
 *
 * <p>Every change runs under the passwd-file's writer lock, which makes "check, then change"
 * atomic against the CLI or a daemon working on the same tree.
 *
 * <p>A mailbox's suspension and limits live in its passwd-file line, as Dovecot extra fields
 * ({@link ExtraFields}); a domain's in {@link DomainSettings}; usage in Maildir++ files kept by
 * {@link MaildirQuotas}; app passwords in the {@link AppPasswordFile} beside the passwd-file.
 */
final class MaildirDirectory implements Directory {

    private static final Logger LOG = LoggerFactory.getLogger(MaildirDirectory.class);

    static final Comparator<MailboxAddress> ADDRESS_ORDER = Comparator
            .comparing(MailboxAddress::domain)
            .thenComparing(MailboxAddress::localPart);

    private final MaildirLayout layout;
    private final PasswdFile passwd;
    private final AppPasswordFile appPasswords;
    private final Durability durability;
    private final MaildirQuotas quotas;

    MaildirDirectory(MaildirLayout layout, PasswdFile passwd, AppPasswordFile appPasswords, Durability durability,
            MaildirQuotas quotas) {
        this.layout = layout;
        this.passwd = passwd;
        this.appPasswords = appPasswords;
        this.durability = durability;
        this.quotas = quotas;
    }

    @Override
    public void addDomain(String domain) {
        String name = DomainName.normalise(domain);
        passwd.update(entries -> {
            if (hasMailboxIn(entries, name)) {
                throw new AlreadyExistsException("domain " + name + " exists");
            }
            Path directory = layout.domainDirectory(name);
            try {
                Files.createDirectory(directory);
                durability.syncDirectory(layout.root());
            } catch (FileAlreadyExistsException e) {
                if (Files.isDirectory(directory)) {
                    throw new AlreadyExistsException("domain " + name + " exists");
                }
                throw new IllegalArgumentException("domain name '" + name + "' is taken by a file in the store root " + layout.root());
            } catch (IOException e) {
                throw unavailable("cannot create domain " + name, e);
            }
            return entries;
        });
        LOG.info("domain {} added", name);
    }

    @Override
    public List<Domain> domains() {
        PasswdEntries entries = passwd.read();
        Map<String, Integer> counts = new TreeMap<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(layout.root())) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (isDomainName(name) && Files.isDirectory(child) && !passwd.path().startsWith(child)) {
                    counts.put(name, 0);
                }
            }
        } catch (NoSuchFileException e) {
            // no root, no domains yet
        } catch (IOException e) {
            throw unavailable("cannot list domains", e);
        }
        for (MailboxAddress address : entries.addresses()) {
            counts.merge(address.domain(), 1, Integer::sum);
        }
        List<Domain> domains = new ArrayList<>(counts.size());
        counts.forEach((name, count) -> domains.add(new Domain(name, count)));
        return domains;
    }

    @Override
    public void removeDomain(String domain) {
        String name = DomainName.normalise(domain);
        passwd.update(entries -> {
            Path directory = layout.domainDirectory(name);
            long mailboxes = entries.addresses().stream().filter(a -> a.domain().equals(name)).count();
            if (mailboxes > 0) {
                throw new DomainNotEmptyException("domain " + name + " still has " + mailboxes + " mailbox(es)");
            }
            if (!Files.isDirectory(directory)) {
                throw new NoSuchDomainException("no domain " + name);
            }
            try {
                if (holdsMail(directory)) {
                    throw new DomainNotEmptyException("domain " + name
                            + " has no mailboxes but its directory still holds mail: " + directory);
                }
                // What is left is housekeeping: empty Maildirs, lock files, index files.
                FileTrees.deleteRecursively(directory);
                durability.syncDirectory(layout.root());
            } catch (IOException e) {
                throw unavailable("cannot remove domain " + name, e);
            }
            return entries;
        });
        LOG.info("domain {} removed", name);
    }

    @Override
    public void addMailbox(MailboxAddress address, String passwordHash) {
        PasswdEntries.checkPasswordHash(passwordHash);
        passwd.update(entries -> {
            if (!Files.isDirectory(layout.domainDirectory(address.domain())) && !hasMailboxIn(entries, address.domain())) {
                throw new NoSuchDomainException("no domain " + address.domain());
            }
            if (entries.contains(address)) {
                throw new AlreadyExistsException("mailbox " + address + " exists");
            }
            int limit = quotas.domainSettings(address.domain()).quota().mailboxes();
            long existing = entries.addresses().stream().filter(a -> a.domain().equals(address.domain())).count();
            if (limit > 0 && existing >= limit) {
                throw new QuotaExceededException("domain " + address.domain() + " has reached its limit of "
                        + limit + " mailbox(es)");
            }
            // Only a hand-edited passwd-file leaves app passwords of an address without a mailbox:
            // a new mailbox must not inherit them.
            int dropped = dropAppPasswords(address);
            if (dropped > 0) {
                LOG.warn("dropped {} app password(s) left over from an earlier mailbox {}", dropped, address);
            }
            Maildir maildir = layout.maildir(address);
            try {
                if (maildir.exists()) {
                    // Typically a tree migrated from another server; its mail becomes this mailbox's.
                    LOG.warn("mailbox {} takes over the existing Maildir {}", address, maildir.path());
                }
                maildir.createFolders();
                durability.syncDirectory(layout.domainDirectory(address.domain()));
            } catch (IOException e) {
                throw unavailable("cannot create the Maildir of " + address, e);
            }
            return entries.withMailbox(address, passwordHash);
        });
        LOG.info("mailbox {} added", address);
    }

    @Override
    public List<Mailbox> mailboxes(Optional<String> domain) {
        Optional<String> name = domain.map(DomainName::normalise);
        List<MailboxAddress> addresses = new ArrayList<>(passwd.read().addresses());
        addresses.removeIf(address -> name.isPresent() && !address.domain().equals(name.get()));
        addresses.sort(ADDRESS_ORDER);
        List<Mailbox> mailboxes = new ArrayList<>(addresses.size());
        for (MailboxAddress address : addresses) {
            try {
                List<StoredMessage> messages = layout.maildir(address).list();
                long octets = messages.stream().mapToLong(StoredMessage::fileSize).sum();
                mailboxes.add(new Mailbox(address, messages.size(), octets));
            } catch (IOException e) {
                throw unavailable("cannot list the Maildir of " + address, e);
            }
        }
        return mailboxes;
    }

    @Override
    public void setPasswordHash(MailboxAddress address, String passwordHash) {
        PasswdEntries.checkPasswordHash(passwordHash);
        passwd.update(entries -> {
            if (!entries.contains(address)) {
                throw new NoSuchMailboxException("no mailbox " + address);
            }
            return entries.withPasswordHash(address, passwordHash);
        });
        LOG.info("password of {} changed", address);
    }

    @Override
    public void removeMailbox(MailboxAddress address) {
        if (!passwd.read().contains(address)) {
            throw new NoSuchMailboxException("no mailbox " + address);
        }
        // Holding the maildrop lock keeps POP3 sessions out while the mail goes; the quota locks
        // keep deliveries and counts out, and take the mailbox's usage off its domain's.
        MaildropLock lock = MaildropLock.acquire(layout.lockFile(address), address);
        try {
            quotas.forget(address, () -> {
                passwd.update(entries -> {
                    if (!entries.contains(address)) {
                        throw new NoSuchMailboxException("no mailbox " + address);
                    }
                    // App passwords go first: a crash in between leaves a mailbox without them,
                    // never app passwords that a later mailbox of the same address would inherit.
                    dropAppPasswords(address);
                    return entries.withoutMailbox(address);
                });
                // The account is gone first: if deleting the files fails, no login can see half a mailbox.
                Path directory = layout.mailboxDirectory(address);
                try {
                    FileTrees.deleteRecursively(directory);
                    durability.syncDirectory(directory.getParent());
                } catch (IOException e) {
                    throw unavailable("mailbox " + address
                            + " removed from the passwd-file, but its files could not all be deleted", e);
                }
                return null;
            });
        } catch (IOException e) {
            throw unavailable("cannot remove mailbox " + address, e);
        } finally {
            lock.close();
        }
        LOG.info("mailbox {} removed with its mail", address);
    }

    @Override
    public Optional<Account> account(MailboxAddress address) {
        PasswdEntries entries = passwd.read();
        return entries.passwordHash(address).map(hash -> new Account(address, hash,
                entries.extraFields(address).noLogin() || quotas.domainSettings(address.domain()).suspended(),
                appPasswords.read().of(address)));
    }

    @Override
    public AppPassword addAppPassword(MailboxAddress address, String name, String passwordHash) {
        PasswdEntries.checkPasswordHash(passwordHash);
        AppPassword added = new AppPassword(name, passwordHash, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        passwd.update(entries -> {
            if (!entries.contains(address)) {
                throw new NoSuchMailboxException("no mailbox " + address);
            }
            AppPasswordEntries before = appPasswords.readForUpdate();
            List<AppPassword> existing = before.of(address);
            if (existing.stream().anyMatch(app -> app.name().equals(name))) {
                throw new AlreadyExistsException("mailbox " + address + " has an app password named '" + name + "'");
            }
            if (existing.size() >= AppPassword.MAX_PER_MAILBOX) {
                throw new QuotaExceededException("mailbox " + address + " has " + existing.size()
                        + " app passwords, the most it may have (" + AppPassword.MAX_PER_MAILBOX + "); revoke one first");
            }
            appPasswords.replace(before, before.with(address, added));
            return entries;
        });
        LOG.info("app password '{}' of {} added", name, address);
        return added;
    }

    @Override
    public List<AppPassword> appPasswords(MailboxAddress address) {
        if (!passwd.read().contains(address)) {
            throw new NoSuchMailboxException("no mailbox " + address);
        }
        return appPasswords.read().of(address);
    }

    @Override
    public void revokeAppPassword(MailboxAddress address, String name) {
        AppPassword.checkName(name);
        passwd.update(entries -> {
            if (!entries.contains(address)) {
                throw new NoSuchMailboxException("no mailbox " + address);
            }
            AppPasswordEntries before = appPasswords.readForUpdate();
            if (before.of(address).stream().noneMatch(app -> app.name().equals(name))) {
                throw new NoSuchAppPasswordException("mailbox " + address + " has no app password named '" + name + "'");
            }
            appPasswords.replace(before, before.without(address, name));
            return entries;
        });
        LOG.info("app password '{}' of {} revoked", name, address);
    }

    @Override
    public void setMailboxQuota(MailboxAddress address, MailboxQuota quota) {
        passwd.update(entries -> {
            if (!entries.contains(address)) {
                throw new NoSuchMailboxException("no mailbox " + address);
            }
            return entries.withExtraFields(address, fields -> fields.withQuota(quota));
        });
        LOG.info("quota of {} set to {}", address, quota);
    }

    @Override
    public void setDomainQuota(String domain, DomainQuota quota) {
        String name = DomainName.normalise(domain);
        changeDomainSettings(name, settings -> settings.withQuota(quota));
        LOG.info("quota of domain {} set to {}", name, quota);
    }

    @Override
    public MailboxQuotaReport mailboxQuota(MailboxAddress address) {
        PasswdEntries entries = passwd.read();
        if (!entries.contains(address)) {
            throw new NoSuchMailboxException("no mailbox " + address);
        }
        MailboxQuota limit = entries.extraFields(address).quota();
        try {
            return new MailboxQuotaReport(address, limit, quotas.mailboxUsage(address, limit));
        } catch (IOException e) {
            throw unavailable("cannot read the usage of " + address, e);
        }
    }

    @Override
    public DomainQuotaReport domainQuota(String domain) {
        String name = DomainName.normalise(domain);
        PasswdEntries entries = passwd.read();
        checkDomainExists(entries, name);
        DomainQuota limit = quotas.domainSettings(name).quota();
        int mailboxes = (int) entries.addresses().stream().filter(a -> a.domain().equals(name)).count();
        try {
            return new DomainQuotaReport(name, limit, quotas.domainUsage(name, limit), mailboxes);
        } catch (IOException e) {
            throw unavailable("cannot read the usage of domain " + name, e);
        }
    }

    @Override
    public List<QuotaDrift> recalculateQuota(Optional<String> domain) {
        List<String> names;
        if (domain.isPresent()) {
            String name = DomainName.normalise(domain.get());
            checkDomainExists(passwd.read(), name);
            names = List.of(name);
        } else {
            names = domains().stream().map(Domain::name).toList();
        }
        List<QuotaDrift> drifts = new ArrayList<>();
        for (String name : names) {
            try {
                drifts.addAll(quotas.recalculate(name, quotas.domainSettings(name).quota()));
            } catch (IOException e) {
                throw unavailable("cannot recalculate the usage of domain " + name, e);
            }
        }
        return drifts;
    }

    @Override
    public void setMailboxSuspended(MailboxAddress address, boolean suspended) {
        passwd.update(entries -> {
            if (!entries.contains(address)) {
                throw new NoSuchMailboxException("no mailbox " + address);
            }
            return entries.withExtraFields(address, fields -> fields.withNoLogin(suspended));
        });
        LOG.info("mailbox {} {}", address, suspended ? "suspended" : "resumed");
    }

    @Override
    public void setDomainSuspended(String domain, boolean suspended) {
        String name = DomainName.normalise(domain);
        changeDomainSettings(name, settings -> settings.withSuspended(suspended));
        LOG.info("domain {} {}", name, suspended ? "suspended" : "resumed");
    }

    @Override
    public Optional<DeliveryOutcome> deliveryRefusal(MailboxAddress address, long octets) {
        return RecipientCheck.refusal(this, address, octets);
    }

    /** Under the passwd-file's writer lock, like every change of the directory. */
    private void changeDomainSettings(String name, UnaryOperator<DomainSettings> change) {
        passwd.update(entries -> {
            checkDomainExists(entries, name);
            Path file = layout.domainSettingsFile(name);
            try {
                DomainSettings before = DomainSettings.read(file);
                DomainSettings after = change.apply(before);
                if (!after.equals(before)) {
                    after.write(file, durability);
                }
            } catch (IOException e) {
                throw unavailable("cannot change the settings of domain " + name, e);
            }
            return entries;
        });
    }

    /** Removes every app password of {@code address}; under the passwd-file's writer lock. */
    private int dropAppPasswords(MailboxAddress address) {
        AppPasswordEntries before = appPasswords.readForUpdate();
        int count = before.of(address).size();
        appPasswords.replace(before, before.withoutMailbox(address));
        return count;
    }

    private void checkDomainExists(PasswdEntries entries, String name) {
        if (!Files.isDirectory(layout.domainDirectory(name)) && !hasMailboxIn(entries, name)) {
            throw new NoSuchDomainException("no domain " + name);
        }
    }

    private static boolean hasMailboxIn(PasswdEntries entries, String domain) {
        return entries.addresses().stream().anyMatch(a -> a.domain().equals(domain));
    }

    private static boolean isDomainName(String name) {
        try {
            return DomainName.normalise(name).equals(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether any file lies in a {@code new} or {@code cur} folder anywhere below (Maildir++ subfolders too). */
    private static boolean holdsMail(Path directory) throws IOException {
        return FileTrees.anyFile(directory, (file, attrs) -> {
            String folder = file.getParent().getFileName().toString();
            return attrs.isRegularFile() && (folder.equals(Maildir.NEW) || folder.equals(Maildir.CUR));
        });
    }

    private static StoreUnavailableException unavailable(String what, IOException e) {
        return new StoreUnavailableException(what + ": " + e.getMessage(), e);
    }
}
