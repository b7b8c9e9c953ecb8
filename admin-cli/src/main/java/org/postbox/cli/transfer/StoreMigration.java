package org.postbox.cli.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.Alias;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.AppPassword;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.DomainRetention;
import org.postbox.mailstore.ImportedMessage;
import org.postbox.mailstore.LockLostException;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxImport;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageVanishedException;
import org.postbox.mailstore.QuotaExceededException;
import org.postbox.mailstore.spi.FileTrees;

/**
 * Moves a whole installation from one store to another (Maildir to PostgreSQL or back): every
 * domain with its limits, every mailbox with its password hash, limits, suspension and app
 * passwords, and every message with its UIDL, in order. The source is only read: its maildrops
 * are opened as by a POP3 session and closed without deleting anything. Like an import it can be
 * run again to finish: existing domains and mailboxes are left as they are, messages the target
 * has by UIDL are skipped without being read.
 *
 * <p>The store interface tells a mailbox's suspension together with its domain's, so a domain's
 * own suspension comes over as the suspension of each of its mailboxes; a domain whose mailboxes
 * are all suspended is reported, to be suspended by hand if it was. App passwords keep their name
 * and hash, and get the migration's time as their creation time.
 */
public final class StoreMigration {

    /**
     * @param verification size, or size and SHA-256 digest
     * @param dryRun       whether to change nothing, only report what would be done
     */
    public record Mode(MailboxImport.Verification verification, boolean dryRun) {
        public Mode {
            Objects.requireNonNull(verification, "verification");
        }
    }

    private final MailStore source;
    private final MailStore target;
    private final Mode mode;
    private final TransferEvents events;
    private final Path spool;

    /**
     * @param spool where each batch's messages are written on their way, in a directory of the
     *              batch's own that is removed after it; ideally on the target's file system, where
     *              they are moved rather than copied into a Maildir store
     */
    public StoreMigration(MailStore source, MailStore target, Mode mode, TransferEvents events, Path spool) {
        this.source = Objects.requireNonNull(source, "source");
        this.target = Objects.requireNonNull(target, "target");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.events = Objects.requireNonNull(events, "events");
        this.spool = Objects.requireNonNull(spool, "spool");
    }

    public RunReport run() {
        RunTally tally = new RunTally(mode.dryRun());
        Directory from = source.directory();
        Directory to = target.directory();
        Set<String> existing = to.domains().stream().map(Domain::name).collect(Collectors.toCollection(HashSet::new));
        List<Mailbox> mailboxes = from.mailboxes(Optional.empty());
        Map<String, List<Mailbox>> byDomain = mailboxes.stream().collect(Collectors.groupingBy(m -> m.address().domain()));
        MailboxBatches batches = new MailboxBatches(events, tally, mailboxes.size());
        List<Domain> created = new ArrayList<>();
        try {
            for (Domain domain : from.domains()) {
                if (domain(domain.name(), existing.contains(domain.name()), from, to, tally)) {
                    created.add(domain);
                }
                for (Mailbox mailbox : byDomain.getOrDefault(domain.name(), List.of())) {
                    Optional<Account> account = from.account(mailbox.address());
                    MailboxSummary summary = mailbox(mailbox.address(), account, from, to, tally, batches);
                    tally.mailboxDone(summary);
                    events.mailbox(summary);
                    events.progress(tally.progress(mailboxes.size()));
                }
            }
            // Last, once every mailbox is there: an alias may point into another domain, and a
            // suspended domain is suspended only after its mail has moved.
            created.forEach(domain -> domainSettings(domain, byDomain.getOrDefault(domain.name(), List.of()), from, to, tally));
        } catch (MailboxBatches.RunStopped e) {
            tally.finding(e.kind(), e.mailbox(), e.getMessage());
        }
        RunReport report = tally.report();
        events.finished(report);
        return report;
    }

    /** Creates the domain on the target with its quota and retention; true when this run created it. */
    private boolean domain(String domain, boolean exists, Directory from, Directory to, RunTally tally) {
        if (exists) {
            events.domain(domain, MailboxSummary.Status.EXISTS);
            return false;
        }
        tally.domainCreated();
        if (mode.dryRun()) {
            events.domain(domain, MailboxSummary.Status.WOULD_CREATE);
            return false;
        }
        try {
            to.addDomain(domain);
        } catch (AlreadyExistsException e) {
            events.domain(domain, MailboxSummary.Status.EXISTS);
            return false;
        }
        DomainQuota limit = from.domainQuota(domain).limit();
        if (!limit.isUnlimited()) {
            to.setDomainQuota(domain, limit);
        }
        DomainRetention retention = from.domainRetention(domain);
        if (!retention.equals(DomainRetention.DEFAULT)) {
            to.setDomainRetention(domain, retention);
        }
        events.domain(domain, MailboxSummary.Status.CREATED);
        return true;
    }

    /**
     * What a domain created by this run carries besides its quota and retention: its LOGIN-DELAY
     * (read through one of its mailboxes, the only way the directory tells it), its aliases and
     * catch-all, whether POP3 is on, and its suspension.
     */
    private void domainSettings(Domain domain, List<Mailbox> own, Directory from, Directory to, RunTally tally) {
        String name = domain.name();
        if (!own.isEmpty()) {
            Duration delay = from.loginDelay(own.get(0).address()).domain();
            if (!delay.isZero()) {
                to.setDomainLoginDelay(name, delay);
            }
        }
        for (Alias alias : from.aliases(name)) {
            try {
                to.setAlias(alias);
            } catch (RuntimeException e) {
                tally.finding(Finding.Kind.WARNING, name, "alias " + alias.name() + " not migrated: " + e.getMessage());
            }
        }
        if (!domain.pop3Enabled()) {
            to.setDomainPop3Enabled(name, false);
        }
        if (domain.suspended()) {
            to.setDomainSuspended(name, true);
        }
    }

    private MailboxSummary mailbox(MailboxAddress address, Optional<Account> account, Directory from, Directory to,
                                   RunTally tally, MailboxBatches batches) {
        if (account.isEmpty()) {
            tally.finding(Finding.Kind.NOT_IMPORTED, address, "removed from the source while it was migrated");
            return MailboxSummary.failed(address);
        }
        MailboxSummary.Status status;
        if (to.account(address).isPresent()) {
            status = MailboxSummary.Status.EXISTS;
        } else if (mode.dryRun()) {
            status = MailboxSummary.Status.WOULD_CREATE;
        } else {
            Optional<MailboxSummary.Status> created = create(account.get(), from, to, tally);
            if (created.isEmpty()) {
                return MailboxSummary.failed(address);
            }
            status = created.get();
        }
        try (Maildrop maildrop = source.open(address)) {
            return messages(maildrop, status, tally, batches);
        } catch (MaildropLockedException e) {
            tally.finding(Finding.Kind.RETRY, address, "in use on the source (" + e.getMessage()
                    + "): its messages are left for the next run of the same command");
            return new MailboxSummary(address, MailboxSummary.Status.IN_USE, 0, 0, 0, 0, 0);
        }
    }

    private Optional<MailboxSummary.Status> create(Account account, Directory from, Directory to, RunTally tally) {
        MailboxAddress address = account.address();
        try {
            to.addMailbox(address, account.passwordHash());
        } catch (AlreadyExistsException e) {
            return Optional.of(MailboxSummary.Status.EXISTS);
        } catch (QuotaExceededException | IllegalArgumentException e) {
            tally.finding(Finding.Kind.NOT_IMPORTED, address, "not created: " + e.getMessage());
            return Optional.empty();
        }
        MailboxQuota limit = from.mailboxQuota(address).limit();
        if (!limit.isUnlimited()) {
            to.setMailboxQuota(address, limit);
        }
        if (account.suspended()) {
            to.setMailboxSuspended(address, true);
        }
        if (!account.pop3Enabled()) {
            to.setMailboxPop3Enabled(address, false);
        }
        from.mailboxRetention(address).ownExpire().ifPresent(expire -> to.setMailboxExpire(address, Optional.of(expire)));
        from.loginDelay(address).mailbox().ifPresent(delay -> to.setMailboxLoginDelay(address, Optional.of(delay)));
        for (AppPassword app : from.appPasswords(address)) {
            try {
                to.addAppPassword(address, app.name(), app.passwordHash());
            } catch (AlreadyExistsException | IllegalArgumentException e) {
                tally.finding(Finding.Kind.WARNING, address, "app password '" + app.name() + "' not migrated: "
                        + e.getMessage());
            }
        }
        return Optional.of(MailboxSummary.Status.CREATED);
    }

    private MailboxSummary messages(Maildrop maildrop, MailboxSummary.Status status, RunTally tally,
                                    MailboxBatches batches) {
        MailboxAddress address = maildrop.address();
        List<MessageInfo> messages = maildrop.messages();
        MailboxCounts counts = new MailboxCounts();
        if (status == MailboxSummary.Status.WOULD_CREATE) {
            messages.forEach(message -> count(counts, message));
            tally.stored(counts.stored, counts.octets);
            return counts.summary(address, status);
        }
        try (MailboxImport mailbox = target.importer().begin(address)) {
            Set<String> present = mailbox.present(messages.stream().map(MessageInfo::uniqueId).toList());
            List<Integer> missing = new ArrayList<>();
            for (int n = 1; n <= messages.size(); n++) {
                if (present.contains(messages.get(n - 1).uniqueId())) {
                    counts.present++;
                } else {
                    missing.add(n);
                }
            }
            if (mode.dryRun()) {
                missing.forEach(n -> count(counts, messages.get(n - 1)));
                tally.stored(counts.stored, counts.octets);
                return counts.summary(address, status);
            }
            int start = 0;
            while (start < missing.size()) {
                int end = MailboxBatches.batchEnd(missing, start, n -> messages.get(n - 1).size());
                transfer(maildrop, mailbox, missing.subList(start, end), counts, tally, batches);
                start = end;
            }
        } catch (MaildropLockedException | LockLostException e) {
            tally.finding(Finding.Kind.RETRY, address, "in use on the target (" + e.getMessage()
                    + "): its messages are left for the next run of the same command");
            return counts.summary(address, MailboxSummary.Status.IN_USE);
        }
        return counts.summary(address, status);
    }

    private static void count(MailboxCounts counts, MessageInfo message) {
        counts.stored++;
        // The POP3 size: what the source tells without reading the message.
        counts.octets += message.size();
    }

    /** Spools the messages numbered {@code numbers} to files, imports them, and removes what is left of the files. */
    private void transfer(Maildrop maildrop, MailboxImport mailbox, List<Integer> numbers, MailboxCounts counts,
                          RunTally tally, MailboxBatches batches) {
        Path directory;
        try {
            directory = Files.createTempDirectory(spool, "postbox-migrate-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a spool directory in " + spool, e);
        }
        try {
            List<ImportedMessage> batch = new ArrayList<>(numbers.size());
            Instant now = Instant.now();
            for (int n : numbers) {
                String uidl = maildrop.messages().get(n - 1).uniqueId();
                if (!ImportedMessage.isValidUidl(uidl)) {
                    counts.failed++;
                    tally.finding(Finding.Kind.NOT_IMPORTED, maildrop.address(), "message " + n + ": its UIDL '" + uidl
                            + "' is not one the target can store");
                    continue;
                }
                Path file = directory.resolve(Integer.toString(n));
                long size;
                try (InputStream in = maildrop.content(n)) {
                    size = Files.copy(in, file);
                } catch (MessageVanishedException e) {
                    counts.failed++;
                    tally.finding(Finding.Kind.WARNING, maildrop.address(), "message " + n + " (UIDL " + uidl
                            + ") was deleted from the source while it was migrated");
                    continue;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot spool message " + n + " of " + maildrop.address()
                            + " to " + file, e);
                }
                // The old delivery time is not known to the store interface; the order is what counts.
                batch.add(new ImportedMessage(file, uidl, size, now, ImportedMessage.Transfer.MOVE));
            }
            batches.add(mailbox, batch, mode.verification(), counts);
        } finally {
            try {
                FileTrees.deleteRecursively(directory);
            } catch (IOException e) {
                tally.finding(Finding.Kind.WARNING, directory, "cannot remove this spool directory: " + e.getMessage());
            }
        }
    }
}
