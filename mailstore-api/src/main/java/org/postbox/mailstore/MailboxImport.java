package org.postbox.mailstore;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * An import into one mailbox ({@link MessageImporter#begin}), holding its maildrop lock until
 * {@link #close()}.
 *
 * <p>Once imported, a message is listed by {@link Maildrop#messages()} with the UIDL it was imported
 * with, on every backend, for as long as it lives; mail delivered afterwards gets the store's own
 * UIDLs and comes after it. Imported messages are listed after everything the maildrop held
 * before the batch that brought them, in the order they were added; mail delivered during an
 * import may be listed after the messages of later batches. Deleting an imported message (a POP3
 * {@code DELE}) leaves every other message's UIDL as it was.
 *
 * <p>Each message goes in atomically, complete with its UIDL, or not at all: a batch interrupted
 * by a crash leaves a prefix of it imported, and the same batch added again completes it without
 * duplicates, since messages whose UIDL the mailbox answers already are skipped. Quotas never refuse
 * an import (migrated mail must not be lost) but count what it adds, so a mailbox may end up over
 * its limits, where it takes no further mail until enough is deleted.
 *
 * <p>Not thread-safe: one thread imports into one mailbox.
 */
public interface MailboxImport extends AutoCloseable {

    /** What is checked of each message before it counts as imported. */
    enum Verification {
        /** The source file's length and the stored octets equal the expected size. */
        SIZE,
        /** As {@link #SIZE}, and the stored content, read back, has the SHA-256 digest of the source. */
        DIGEST
    }

    MailboxAddress address();

    /**
     * Which of {@code uidls} the mailbox answers already (as imported UIDLs or its own), for a
     * caller that wants to know before reading sources; {@link #add} skips them by itself. Answers
     * for any number of UIDLs in bounded time per UIDL, whatever the size of the mailbox.
     *
     * @throws StoreUnavailableException if the store cannot be read now
     */
    Set<String> present(Collection<String> uidls);

    /**
     * Imports {@code batch} in its order, after everything the maildrop holds. Never throws for one
     * message's problem: those are refused in the report ({@link ImportOutcome.Refused}).
     *
     * @return one outcome per message, in the batch's order
     * @throws StoreUnavailableException if the store cannot take mail now; a prefix of the batch
     *                                   may be imported then, which adding the batch again completes
     * @throws LockLostException         if the maildrop lock was lost (a lease taken over); nothing
     *                                   more is imported then
     * @throws IllegalStateException     if the import has been closed
     */
    ImportReport add(List<ImportedMessage> batch, Verification verification);

    /** Releases the maildrop lock. Never throws; idempotent. */
    @Override
    void close();
}
