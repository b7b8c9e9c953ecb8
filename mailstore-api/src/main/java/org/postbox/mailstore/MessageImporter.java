package org.postbox.mailstore;

/**
 * Brings mail from another server into this store (issue 12: {@code postbox import dovecot|courier},
 * {@code postbox migrate}) so that every POP3 client that leaves its mail on the server sees the
 * same messages under the same UIDLs, in the old server's order, and fetches nothing twice.
 *
 * <p>Per mailbox: {@link #begin} takes the maildrop lock as a POP3 session would, and the import
 * then adds batches in the old server's message order:
 * <pre>
 * try (MailboxImport mailbox = store.importer().begin(address)) {
 *     for (List&lt;ImportedMessage&gt; batch : batchesInTheOldServersOrder) {
 *         ImportReport report = mailbox.add(batch, MailboxImport.Verification.SIZE);
 *     }
 * }
 * </pre>
 * Running the same import again, after an interruption or not, adds exactly what is missing.
 */
public interface MessageImporter {

    /**
     * Begins an import into one mailbox, holding its maildrop lock until the import is closed: no
     * POP3 session can see or change the maildrop meanwhile, and deliveries go on.
     *
     * @throws NoSuchMailboxException    if the mailbox does not exist
     * @throws MaildropLockedException   if a session (or another import) holds the maildrop
     * @throws StoreUnavailableException if the store cannot be reached now, or has been closed
     */
    MailboxImport begin(MailboxAddress address);
}
