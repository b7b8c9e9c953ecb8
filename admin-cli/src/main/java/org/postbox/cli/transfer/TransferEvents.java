package org.postbox.cli.transfer;

/** What an import or migration tells as it goes, for the command's output. */
public interface TransferEvents {

    /** A domain was created (or would be, on a dry run), or existed already. */
    void domain(String domain, MailboxSummary.Status status);

    /** One mailbox is done. */
    void mailbox(MailboxSummary summary);

    /** Counts have moved; called often, after every batch of messages. */
    void progress(Progress progress);

    /** The run is over; {@code report} holds every finding. */
    void finished(RunReport report);
}
