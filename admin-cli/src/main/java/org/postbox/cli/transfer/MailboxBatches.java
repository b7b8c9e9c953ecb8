package org.postbox.cli.transfer;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.postbox.mailstore.ImportOutcome;
import org.postbox.mailstore.ImportReport;
import org.postbox.mailstore.ImportedMessage;
import org.postbox.mailstore.LockLostException;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxImport;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.MessageImporter;
import org.postbox.mailstore.StoreUnavailableException;

/**
 * Hands a mailbox's messages to the store's importer in batches, in order, and turns what comes
 * back into counts, findings and progress. Import and migrate share it.
 */
final class MailboxBatches {

    /** Messages per call of the importer: large enough to be cheap, small enough to show progress. */
    static final int BATCH_MESSAGES = 500;
    /** Octets per call, so that a batch of large messages does not hold progress back for long. */
    static final long BATCH_OCTETS = 64L << 20;

    /** The run cannot go on: the store is gone, or no message of this kind can be imported. */
    static final class RunStopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String mailbox;
        private final Finding.Kind kind;

        RunStopped(MailboxAddress mailbox, Finding.Kind kind, String message, Throwable cause) {
            super(message, cause);
            this.mailbox = mailbox.toString();
            this.kind = kind;
        }

        String mailbox() {
            return mailbox;
        }

        Finding.Kind kind() {
            return kind;
        }
    }

    private final TransferEvents events;
    private final RunTally tally;
    private final int mailboxes;

    MailboxBatches(TransferEvents events, RunTally tally, int mailboxes) {
        this.events = events;
        this.tally = tally;
        this.mailboxes = mailboxes;
    }

    /** Imports {@code messages} into the mailbox in order; a mailbox in use is left for the next run. */
    MailboxSummary store(MessageImporter importer, MailboxAddress address, MailboxSummary.Status status,
                         List<ImportedMessage> messages, MailboxImport.Verification verification, long newUidls) {
        MailboxCounts counts = new MailboxCounts();
        counts.newUidls = newUidls;
        try (MailboxImport mailbox = importer.begin(address)) {
            int start = 0;
            while (start < messages.size()) {
                List<ImportedMessage> batch = batch(messages, start);
                add(mailbox, batch, verification, counts);
                start += batch.size();
            }
        } catch (MaildropLockedException | LockLostException e) {
            tally.finding(Finding.Kind.RETRY, address, "in use (" + e.getMessage() + "): "
                    + (messages.size() - counts.stored - counts.present - counts.failed)
                    + " message(s) are left for the next run of the same command");
            return counts.summary(address, MailboxSummary.Status.IN_USE);
        }
        return counts.summary(address, status);
    }

    /**
     * On a dry run: counts what {@link #store} would import. An existing mailbox is asked which
     * UIDLs it has already; one that would be created has none.
     */
    MailboxSummary count(MessageImporter importer, MailboxAddress address, MailboxSummary.Status status,
                         List<ImportedMessage> messages, long newUidls) {
        Set<String> present = new HashSet<>();
        if (status == MailboxSummary.Status.EXISTS && !messages.isEmpty()) {
            try (MailboxImport mailbox = importer.begin(address)) {
                present.addAll(mailbox.present(messages.stream().map(ImportedMessage::uidl).toList()));
            } catch (MaildropLockedException e) {
                tally.finding(Finding.Kind.WARNING, address, "in use (" + e.getMessage() + "): which of its messages "
                        + "it has already cannot be told; all are counted");
            }
        }
        MailboxCounts counts = new MailboxCounts();
        counts.newUidls = newUidls;
        for (ImportedMessage message : messages) {
            if (present.contains(message.uidl())) {
                counts.present++;
            } else {
                counts.stored++;
                counts.octets += message.expectedSize();
            }
        }
        tally.stored(counts.stored, counts.octets);
        return counts.summary(address, status);
    }

    /**
     * Adds one batch to an open import and counts the outcomes.
     *
     * @throws RunStopped when the store is unavailable, or hard links are impossible
     */
    void add(MailboxImport mailbox, List<ImportedMessage> batch, MailboxImport.Verification verification,
             MailboxCounts counts) {
        ImportReport report;
        try {
            report = mailbox.add(batch, verification);
        } catch (StoreUnavailableException e) {
            throw new RunStopped(mailbox.address(), Finding.Kind.RETRY, "the store is unavailable (" + e.getMessage()
                    + "); the run stopped here: run the same command again", e);
        }
        List<ImportOutcome> outcomes = report.outcomes();
        for (int i = 0; i < outcomes.size(); i++) {
            ImportOutcome outcome = outcomes.get(i);
            if (outcome instanceof ImportOutcome.Imported imported) {
                counts.stored++;
                counts.octets += imported.storedOctets();
                tally.stored(1, imported.storedOctets());
            } else if (outcome instanceof ImportOutcome.AlreadyPresent) {
                counts.present++;
            } else {
                ImportOutcome.Refused refused = (ImportOutcome.Refused) outcome;
                if (refused.problem() == ImportOutcome.Problem.LINK_IMPOSSIBLE) {
                    throw new RunStopped(mailbox.address(), Finding.Kind.NOT_IMPORTED, "the messages cannot be hard-linked "
                            + "into the store (" + refused.detail() + "): a different file system? Use --copy (or --move); "
                            + "the run stopped here, and what was imported stays", null);
                }
                counts.failed++;
                tally.finding(Finding.Kind.NOT_IMPORTED, batch.get(i).source(), "not imported into " + mailbox.address()
                        + ": " + refused.detail());
            }
        }
        events.progress(tally.progress(mailboxes));
    }

    /** The next batch from {@code start}: at least one message, at most {@link #BATCH_MESSAGES} and about {@link #BATCH_OCTETS}. */
    static List<ImportedMessage> batch(List<ImportedMessage> messages, int start) {
        return messages.subList(start, batchEnd(messages, start, ImportedMessage::expectedSize));
    }

    /**
     * Where the batch of {@code items} that starts at {@code start} ends (exclusive): at least one
     * item, at most {@link #BATCH_MESSAGES}, and about {@link #BATCH_OCTETS} by {@code octets}.
     */
    static <T> int batchEnd(List<T> items, int start, ToLongFunction<T> octets) {
        int end = start;
        long total = 0;
        while (end < items.size() && end - start < BATCH_MESSAGES && (end == start || total < BATCH_OCTETS)) {
            total += octets.applyAsLong(items.get(end));
            end++;
        }
        return end;
    }
}
