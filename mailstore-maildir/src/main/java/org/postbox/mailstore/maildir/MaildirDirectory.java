package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.postbox.mailstore.Account;
import org.postbox.mailstore.Alias;
import org.postbox.mailstore.AliasConflictException;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.AppPassword;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.DomainName;
import org.postbox.mailstore.DomainNotEmptyException;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.DomainQuotaReport;
import org.postbox.mailstore.DomainRetention;
import org.postbox.mailstore.Expire;
import org.postbox.mailstore.LoginDelay;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MailboxQuotaReport;
import org.postbox.mailstore.MailboxRetention;
import org.postbox.mailstore.NoSuchAliasException;
import org.postbox.mailstore.NoSuchAppPasswordException;
import org.postbox.mailstore.NoSuchDomainException;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.QuotaDrift;
import org.postbox.mailstore.QuotaExceededException;
import org.postbox.mailstore.StoreUnavailableException;
import org.postbox.mailstore.spi.FileTrees;
import org.postbox.mailstore.spi.RecipientExpansion;
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
 * {@link MaildirQuotas}; app passwords in the {@link AppPasswordFile} and aliases in the
 * {@link AliasFile} beside the passwd-file; the last login in a {@link LastLogin} file per mailbox.
 */
final class MaildirDirectory implements Directory {

    private static final Logger LOG = LoggerFactory.getLogger(MaildirDirectory.class);

    static final Comparator<MailboxAddress> ADDRESS_ORDER = Comparator
            .comparing(MailboxAddress::domain)
            .thenComparing(MailboxAddress::localPart);

    private final MaildirLayout layout;
    private final PasswdFile passwd;
    private final AppPasswordFile appPasswords;
    private final AliasFile aliases;
    private final Durability durability;
    private final MaildirQuotas quotas;

    MaildirDirectory(MaildirLayout layout, PasswdFile passwd, AppPasswordFile appPasswords, AliasFile aliases,
            Durability durability, MaildirQuotas quotas) {
        this.layout = layout;
        this.passwd = passwd;
        this.appPasswords = appPasswords;
        this.aliases = aliases;
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
        AliasEntries aliasEntries = aliases.read();
        List<Domain> domains = new ArrayList<>(counts.size());
        counts.forEach((name, count) -> {
            DomainSettings settings = quotas.domainSettings(name);
            domains.add(new Domain(name, count, aliasEntries.ofDomain(name).size(), settings.suspended(),
                    settings.pop3Enabled()));
        });
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
                // The aliases go first: a crash before the directory goes leaves a domain without
                // aliases, never aliases that a later domain of that name would inherit.
                AliasEntries aliasesBefore = aliases.readForUpdate();
                aliases.replace(aliasesBefore, aliasesBefore.withoutDomain(name));
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
            checkNoAlias(aliases.readForUpdate(), address);
            checkRoomForMailbox(entries, address.domain());
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
                // Only a login racing the removal of an earlier mailbox of this address leaves one.
                Files.deleteIfExists(layout.lastLoginFile(address));
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
        PasswdEntries entries = passwd.read();
        List<MailboxAddress> addresses = new ArrayList<>(entries.addresses());
        addresses.removeIf(address -> name.isPresent() && !address.domain().equals(name.get()));
        addresses.sort(ADDRESS_ORDER);
        List<Mailbox> mailboxes = new ArrayList<>(addresses.size());
        Map<String, DomainSettings> domains = new HashMap<>();
        for (MailboxAddress address : addresses) {
            try {
                List<StoredMessage> messages = layout.maildir(address).list();
                long octets = messages.stream().mapToLong(StoredMessage::fileSize).sum();
                ExtraFields fields = entries.extraFields(address);
                DomainSettings settings = domains.computeIfAbsent(address.domain(), quotas::domainSettings);
                mailboxes.add(new Mailbox(address, messages.size(), octets, fields.quota(),
                        fields.noLogin() || settings.suspended(), fields.pop3Enabled() && settings.pop3Enabled(),
                        LastLogin.read(layout.lastLoginFile(address))));
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
                    List<Alias> targeting = aliases.readForUpdate().targeting(address);
                    if (!targeting.isEmpty()) {
                        throw new AliasConflictException("mailbox " + address + " is a target of "
                                + targeting.stream().map(a -> a.name().toString()).toList()
                                + "; remove it from those aliases first");
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
        return entries.passwordHash(address).map(hash -> {
            ExtraFields fields = entries.extraFields(address);
            DomainSettings domain = quotas.domainSettings(address.domain());
            return new Account(address, hash, fields.noLogin() || domain.suspended(),
                    fields.pop3Enabled() && domain.pop3Enabled(), appPasswords.read().of(address));
        });
    }

    @Override
    public void recordLogin(MailboxAddress address, Instant when) {
        if (!passwd.read().contains(address)) {
            throw new NoSuchMailboxException("no mailbox " + address);
        }
        try {
            LastLogin.record(layout.lastLoginFile(address), when);
        } catch (IOException e) {
            throw unavailable("cannot record the login of " + address, e);
        }
    }

    @Override
    public void setMailboxPop3Enabled(MailboxAddress address, boolean enabled) {
        passwd.update(entries -> {
            if (!entries.contains(address)) {
                throw new NoSuchMailboxException("no mailbox " + address);
            }
            return entries.withExtraFields(address, fields -> fields.withPop3Enabled(enabled));
        });
        LOG.info("POP3 of mailbox {} {}", address, enabled ? "enabled" : "disabled");
    }

    @Override
    public void setDomainPop3Enabled(String domain, boolean enabled) {
        String name = DomainName.normalise(domain);
        changeDomainSettings(name, settings -> settings.withPop3Enabled(enabled));
        LOG.info("POP3 of domain {} {}", name, enabled ? "enabled" : "disabled");
    }

    @Override
    public void setAlias(Alias alias) {
        passwd.update(entries -> {
            checkDomainExists(entries, alias.name().domain());
            if (alias.name().address().filter(entries::contains).isPresent()) {
                throw new AlreadyExistsException("mailbox " + alias.name() + " exists; an alias cannot take its address");
            }
            AliasEntries before = aliases.readForUpdate();
            for (MailboxAddress target : alias.targets()) {
                if (!entries.contains(target)) {
                    throw new AliasConflictException(before.get(AliasName.of(target)).isPresent()
                            ? target + " is an alias; an alias delivers to mailboxes only, name the mailboxes instead"
                            : "no mailbox " + target + "; create it first or leave it out of alias " + alias.name());
                }
            }
            aliases.replace(before, before.with(alias));
            return entries;
        });
        LOG.info("alias {} set to {}", alias.name(), alias.targets());
    }

    @Override
    public List<Alias> aliases(String domain) {
        String name = DomainName.normalise(domain);
        checkDomainExists(passwd.read(), name);
        return aliases.read().ofDomain(name);
    }

    @Override
    public void removeAlias(AliasName name) {
        passwd.update(entries -> {
            AliasEntries before = aliases.readForUpdate();
            if (before.get(name).isEmpty()) {
                throw new NoSuchAliasException("no alias " + name);
            }
            aliases.replace(before, before.without(name));
            return entries;
        });
        LOG.info("alias {} removed", name);
    }

    @Override
    public List<MailboxAddress> resolve(MailboxAddress recipient) {
        return resolve(passwd.read(), aliases.read(), recipient);
    }

    /** The rule of {@link Directory#resolve}, on one reading of the files, for delivery too. */
    static List<MailboxAddress> resolve(PasswdEntries entries, AliasEntries aliases, MailboxAddress recipient) {
        if (entries.contains(recipient)) {
            return List.of(recipient);
        }
        return aliases.get(AliasName.of(recipient))
                .or(() -> aliases.get(AliasName.catchAll(recipient.domain())))
                .map(Alias::targets)
                .orElse(List.of());
    }

    /**
     * The mailbox's directory moves under the maildrop lock and the quota locks, within the
     * passwd-file's writer lock. The order keeps every step safe to be cut short by a crash and
     * lets the same rename, run again, complete it:
     * <ol>
     *   <li>{@code to} gets copies of the app passwords ({@code from} keeps its own; leftovers of
     *       an address without a mailbox are dropped when a mailbox of that address is created);</li>
     *   <li>the directory is renamed: one atomic rename, mail, UIDLs, index, {@code maildirsize}
     *       and last login together (run again, a directory found moved already is kept);</li>
     *   <li>aliases targeting {@code from} target {@code to};</li>
     *   <li>the passwd-file line becomes {@code to}'s: from here on {@code to} is the mailbox;</li>
     *   <li>{@code from}'s app passwords are dropped.</li>
     * </ol>
     * Readers of the alias file and the passwd-file (other processes' deliveries) may see steps 3
     * and 4 apart for an instant, as they may see any two files change.
     */
    @Override
    public void renameMailbox(MailboxAddress from, MailboxAddress to) {
        if (!passwd.read().contains(from)) {
            throw new NoSuchMailboxException("no mailbox " + from);
        }
        MaildropLock lock = MaildropLock.acquire(layout.lockFile(from), from);
        try {
            quotas.move(from, to, () -> passwd.update(entries -> {
                if (!entries.contains(from)) {
                    throw new NoSuchMailboxException("no mailbox " + from);
                }
                checkDomainExists(entries, to.domain());
                if (entries.contains(to)) {
                    throw new AlreadyExistsException("mailbox " + to + " exists");
                }
                AliasEntries aliasesBefore = aliases.readForUpdate();
                checkNoAlias(aliasesBefore, to);
                if (!to.domain().equals(from.domain())) {
                    checkRoomForMailbox(entries, to.domain());
                }
                AppPasswordEntries appPasswordsBefore = appPasswords.readForUpdate();
                appPasswords.replace(appPasswordsBefore, appPasswordsBefore.withCopies(from, to));
                moveMailboxDirectory(from, to);
                aliases.replace(aliasesBefore, aliasesBefore.withTargetRenamed(from, to));
                return entries.withAddress(from, to);
            }));
            passwd.update(entries -> {
                if (!entries.contains(from)) { // unless created again meanwhile, with app passwords of its own
                    dropAppPasswords(from);
                }
                return entries;
            });
        } catch (IOException e) {
            throw unavailable("cannot rename mailbox " + from + " to " + to, e);
        } finally {
            lock.close();
        }
        LOG.info("mailbox {} renamed to {}", from, to);
    }

    /** Step 2 of {@link #renameMailbox}; under the passwd-file's writer lock. */
    private void moveMailboxDirectory(MailboxAddress from, MailboxAddress to) {
        Path source = layout.mailboxDirectory(from);
        Path target = layout.mailboxDirectory(to);
        try {
            boolean sourceHoldsMail = Files.isDirectory(source) && holdsMail(source);
            if (Files.exists(target)) {
                if (!sourceHoldsMail) {
                    // A rename cut short after this step, run again; or a Maildir left under that
                    // address, which the mailbox takes over as a new mailbox of that address would.
                    LOG.warn("mailbox {} renamed to {} takes over the existing directory {}", from, to, target);
                    FileTrees.deleteRecursively(source);
                    durability.syncDirectory(source.getParent());
                    return;
                }
                if (holdsMail(target)) {
                    throw new AlreadyExistsException("the directory " + target + " of " + to
                            + " holds mail of no mailbox; move it away before renaming " + from + " to " + to);
                }
                FileTrees.deleteRecursively(target); // housekeeping files only: lock files, an index
            }
            if (!Files.exists(source)) {
                return; // never delivered to nor opened: its directories are made when needed
            }
            Files.createDirectories(target.getParent());
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            durability.syncDirectory(source.getParent());
            durability.syncDirectory(target.getParent());
        } catch (IOException e) {
            throw unavailable("cannot move the directory of " + from + " to " + target, e);
        }
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
        return RecipientExpansion.refusal(this, address, octets);
    }

    // LOGIN-DELAY: the domain's in its settings file, a mailbox's own in its passwd-file line.

    @Override
    public void setDomainLoginDelay(String domain, Duration delay) {
        LoginDelay.check(delay);
        String name = DomainName.normalise(domain);
        changeDomainSettings(name, settings -> settings.withLoginDelay(delay));
        LOG.info("login delay of domain {} set to {} s", name, delay.toSeconds());
    }

    @Override
    public void setMailboxLoginDelay(MailboxAddress address, Optional<Duration> delay) {
        delay.ifPresent(LoginDelay::check);
        passwd.update(entries -> {
            if (!entries.contains(address)) {
                throw new NoSuchMailboxException("no mailbox " + address);
            }
            return entries.withExtraFields(address, fields -> fields.withLoginDelay(delay));
        });
        LOG.info("login delay of mailbox {} set to {}", address,
                delay.map(seconds -> seconds.toSeconds() + " s").orElse("its domain's"));
    }

    @Override
    public LoginDelay loginDelay(MailboxAddress address) {
        PasswdEntries entries = passwd.read();
        if (!entries.contains(address)) {
            throw new NoSuchMailboxException("no mailbox " + address);
        }
        return new LoginDelay(entries.extraFields(address).loginDelay(),
                quotas.domainSettings(address.domain()).loginDelay());
    }

    @Override
    public Optional<Duration> leastLoginDelay() {
        PasswdEntries entries = passwd.read();
        Optional<Duration> least = Optional.empty();
        boolean set = false;
        for (Domain domain : domains()) {
            Duration delay = quotas.domainSettings(domain.name()).loginDelay();
            set |= !delay.isZero();
            least = Optional.of(least.filter(d -> d.compareTo(delay) <= 0).orElse(delay));
        }
        for (MailboxAddress address : entries.addresses()) {
            Optional<Duration> own = entries.extraFields(address).loginDelay();
            if (own.isPresent()) {
                set = true;
                least = Optional.of(least.filter(d -> d.compareTo(own.get()) <= 0).orElse(own.get()));
            }
        }
        return set ? least : Optional.empty();
    }

    // Retention (RFC 2449 EXPIRE) and the deleted-mail hold.

    @Override
    public DomainRetention domainRetention(String domain) {
        String name = DomainName.normalise(domain);
        checkDomainExists(passwd.read(), name);
        return quotas.domainSettings(name).retention();
    }

    @Override
    public void setDomainRetention(String domain, DomainRetention retention) {
        String name = DomainName.normalise(domain);
        boolean before = domainRetention(name).heldCountsTowardQuota();
        changeDomainSettings(name, settings -> settings.withRetention(retention));
        LOG.info("retention of domain {} set to {}", name, retention);
        if (before != retention.heldCountsTowardQuota()) {
            // Held mail enters or leaves the usage: count it again rather than guess what is held.
            recalculateQuota(Optional.of(name));
        }
    }

    @Override
    public MailboxRetention mailboxRetention(MailboxAddress address) {
        PasswdEntries entries = passwd.read();
        if (!entries.contains(address)) {
            throw new NoSuchMailboxException("no mailbox " + address);
        }
        return new MailboxRetention(address, entries.extraFields(address).expire(),
                quotas.domainSettings(address.domain()).retention());
    }

    @Override
    public void setMailboxExpire(MailboxAddress address, Optional<Expire> expire) {
        passwd.update(entries -> {
            if (!entries.contains(address)) {
                throw new NoSuchMailboxException("no mailbox " + address);
            }
            return entries.withExtraFields(address, fields -> fields.withExpire(expire));
        });
        LOG.info("expire of mailbox {} set to {}", address, expire.map(Expire::toString).orElse("inherit"));
    }

    @Override
    public Expire shortestExpire() {
        PasswdEntries entries = passwd.read();
        Expire shortest = Expire.NEVER;
        for (Domain domain : domains()) {
            shortest = shortest.shorter(quotas.domainSettings(domain.name()).retention().expire());
        }
        for (MailboxAddress address : entries.addresses()) {
            Optional<Expire> own = entries.extraFields(address).expire();
            if (own.isPresent()) {
                shortest = shortest.shorter(own.get());
            }
        }
        return shortest;
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

    private static void checkNoAlias(AliasEntries entries, MailboxAddress address) {
        if (entries.get(AliasName.of(address)).isPresent()) {
            throw new AlreadyExistsException("alias " + address + " exists; a mailbox cannot take its address");
        }
    }

    private void checkRoomForMailbox(PasswdEntries entries, String domain) {
        int limit = quotas.domainSettings(domain).quota().mailboxes();
        long existing = entries.addresses().stream().filter(a -> a.domain().equals(domain)).count();
        if (limit > 0 && existing >= limit) {
            throw new QuotaExceededException("domain " + domain + " has reached its limit of " + limit + " mailbox(es)");
        }
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
