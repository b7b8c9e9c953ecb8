package org.postbox.cli.transfer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.ImportedMessage;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxImport;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.MessageImporter;
import org.postbox.mailstore.QuotaExceededException;

/**
 * Imports an old server's {@link Installation} into a store, one mailbox after the other:
 * creates each missing domain and mailbox (password, quota, suspension), leaves existing ones as
 * they are, and stores every message the mailbox does not have yet with its UIDL, in the old
 * server's order. Running it again after an interruption finishes the work: what is there is
 * skipped by UIDL, nothing is stored twice. A dry run reads the source and the store the same way
 * and changes nothing.
 */
public final class ImportRun {

    /**
     * How messages reach the store.
     *
     * @param transfer     link (the default), copy or move the files
     * @param verification size, or size and SHA-256 digest
     * @param dryRun       whether to change nothing, only report what would be done
     */
    public record Mode(ImportedMessage.Transfer transfer, MailboxImport.Verification verification, boolean dryRun) {
        public Mode {
            Objects.requireNonNull(transfer, "transfer");
            Objects.requireNonNull(verification, "verification");
        }
    }

    private final Directory directory;
    private final MessageImporter importer;
    private final Mode mode;
    private final TransferEvents events;

    public ImportRun(Directory directory, MessageImporter importer, Mode mode, TransferEvents events) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.importer = Objects.requireNonNull(importer, "importer");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** Imports every account of {@code installation}; the report says what was not imported and why. */
    public RunReport run(Installation installation) {
        RunTally tally = new RunTally(mode.dryRun());
        installation.findings().forEach(tally::finding);
        Set<String> domains = directory.domains().stream().map(Domain::name).collect(Collectors.toCollection(HashSet::new));
        Set<String> reported = new HashSet<>();
        List<SourceAccount> accounts = installation.accounts();
        MailboxBatches batches = new MailboxBatches(events, tally, accounts.size());
        try {
            for (SourceAccount account : accounts) {
                String domain = account.address().domain();
                if (reported.add(domain)) {
                    if (domains.contains(domain)) {
                        events.domain(domain, MailboxSummary.Status.EXISTS);
                    } else {
                        createDomain(domain);
                        domains.add(domain);
                        tally.domainCreated();
                        events.domain(domain, mode.dryRun() ? MailboxSummary.Status.WOULD_CREATE : MailboxSummary.Status.CREATED);
                    }
                }
                MailboxSummary summary = mailbox(installation, account, tally, batches);
                tally.mailboxDone(summary);
                events.mailbox(summary);
                events.progress(tally.progress(accounts.size()));
            }
        } catch (MailboxBatches.RunStopped e) {
            tally.finding(e.kind(), e.mailbox(), e.getMessage());
        }
        RunReport report = tally.report();
        events.finished(report);
        return report;
    }

    private void createDomain(String domain) {
        if (mode.dryRun()) {
            return;
        }
        try {
            directory.addDomain(domain);
        } catch (AlreadyExistsException e) {
            // Added meanwhile by someone else: what matters is that it exists.
        }
    }

    private MailboxSummary mailbox(Installation installation, SourceAccount account, RunTally tally,
                                   MailboxBatches batches) {
        MailboxAddress address = account.address();
        MailboxListing listing;
        try {
            listing = installation.listing(account);
        } catch (IOException e) {
            tally.finding(Finding.Kind.NOT_IMPORTED, address, "cannot read its Maildir " + account.maildir() + ": " + e);
            return MailboxSummary.failed(address);
        }
        listing.findings().forEach(tally::finding);

        Optional<MailboxSummary.Status> created = createMailbox(account, listing, tally);
        if (created.isEmpty()) {
            return MailboxSummary.failed(address);
        }
        MailboxSummary.Status status = created.get();

        Set<String> taken = new HashSet<>();
        List<ImportedMessage> messages = new ArrayList<>(listing.messages().size());
        long newUidls = 0;
        for (SourceMessage message : listing.messages()) {
            UidlChoice choice = UidlChoice.of(message, taken);
            if (choice instanceof UidlChoice.Replaced replaced) {
                newUidls++;
                if (replaced.refetched()) {
                    tally.finding(Finding.Kind.REFETCH, message.file(), "imported into " + address + " with the new UIDL "
                            + replaced.uidl() + " (" + replaced.reason() + "); clients that kept it will fetch it again");
                }
            }
            messages.add(new ImportedMessage(message.file(), choice.uidl(), message.size(), message.received(),
                    mode.transfer()));
        }
        if (mode.dryRun()) {
            return batches.count(importer, address, status, messages, newUidls);
        }
        return batches.store(importer, address, status, messages, mode.verification(), newUidls);
    }

    /** The mailbox's status, or empty when it cannot be created. */
    private Optional<MailboxSummary.Status> createMailbox(SourceAccount account, MailboxListing listing, RunTally tally) {
        MailboxAddress address = account.address();
        if (directory.account(address).isPresent()) {
            return Optional.of(MailboxSummary.Status.EXISTS);
        }
        PasswordChoice password = PasswordChoice.of(account.password(), address);
        password.problem().ifPresent(problem -> tally.finding(Finding.Kind.PASSWORD, address, problem));
        Optional<MailboxQuota> quota = account.quota().or(listing::maildirSize).filter(q -> !q.isUnlimited());
        if (account.loginRefused()) {
            tally.finding(Finding.Kind.WARNING, address, "the old server refused its logins (nologin): it is imported "
                    + "suspended; resume it with postbox mailbox resume " + address);
        }
        if (mode.dryRun()) {
            return Optional.of(MailboxSummary.Status.WOULD_CREATE);
        }
        try {
            directory.addMailbox(address, password.hash());
        } catch (AlreadyExistsException e) {
            return Optional.of(MailboxSummary.Status.EXISTS);
        } catch (QuotaExceededException | IllegalArgumentException e) {
            // A domain at its limit of mailboxes; a hash this store cannot hold (a ':' in a passwd-file).
            tally.finding(Finding.Kind.NOT_IMPORTED, address, "not created: " + e.getMessage());
            return Optional.empty();
        }
        // Right after the mailbox, so that an interruption cannot leave it without its limits or suspension.
        quota.ifPresent(limits -> directory.setMailboxQuota(address, limits));
        if (account.loginRefused()) {
            directory.setMailboxSuspended(address, true);
        }
        return Optional.of(MailboxSummary.Status.CREATED);
    }
}
