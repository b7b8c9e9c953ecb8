package org.postbox.mailstore;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A mail store backend: a directory of domains and mailboxes, exclusive maildrop sessions and
 * delivery. Thread-safe; one instance serves a whole daemon. Backends are found through
 * {@link MailStoreProvider} and {@link java.util.ServiceLoader}.
 */
public interface MailStore extends AutoCloseable {

    Directory directory();

    /** The admin API's bearer tokens, shared by every daemon on this store. */
    AdminTokens adminTokens();

    /** Each mailbox's logins and deletions, kept by the store with the mailbox. */
    MailboxHistory history();

    /**
     * Opens and exclusively locks a maildrop. The lock excludes every other session, in this
     * process and in any other process using the same store.
     *
     * @throws NoSuchMailboxException  if the mailbox does not exist
     * @throws MaildropLockedException if another session holds the lock
     * @throws StoreUnavailableException if the store cannot be reached now, or has been closed
     */
    Maildrop open(MailboxAddress address);

    /**
     * Delivers one message to each recipient, atomically per recipient: a copy is either fully
     * visible to POP3 or absent. Never throws for a single recipient's failure; the outcome list
     * has one entry per recipient, in order.
     *
     * <p>A recipient that is an alias or falls to a catch-all ({@link Directory#resolve}) is
     * delivered to each of its target mailboxes, and each mailbox of the whole call gets one copy
     * however many recipients lead to it. An alias's outcome is delivered when every target stored
     * the message, else the first failure: a temporary one makes the sender retry the alias, and a
     * target that had stored it then gets a second copy, a duplicate rather than a loss.
     *
     * @throws StoreUnavailableException if the store as a whole takes no mail: it has been closed
     */
    List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message);

    /**
     * Delivers as {@link #deliver(List, MessageSource)}, but at most once per {@code key} and
     * mailbox within the key's window ({@link DeliveryKey}): a mailbox that stored a copy with
     * this key within the window stores nothing and answers
     * {@link DeliveryOutcome.Delivered} with that copy's unique id, even if its owner deleted it
     * since or the mailbox is now full. The key is recorded atomically with the copy, so a crash
     * at any moment leaves a copy with its record or neither. Only a stored copy is recorded: a
     * refused or failed delivery can be repeated.
     */
    List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message, DeliveryKey key);

    // Quota warnings: the exact usage change of each stored copy, and notices past the quota.

    /**
     * Delivers as {@link #deliver(List, MessageSource, DeliveryKey)} (as
     * {@link #deliver(List, MessageSource)} when {@code key} is empty) and tells {@code counted}
     * of each copy it stored, with its mailbox's usage just before and after it as the store
     * counted them ({@link UsageChange}). Told on the calling thread before this returns, once the
     * copy is visible, once per mailbox that stored one; a repetition of an earlier delivery
     * stores nothing and is not told. A quota warning decides from these whether the copy took
     * its mailbox over a threshold, which under concurrent deliveries is then true of exactly one.
     */
    List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message, Optional<DeliveryKey> key,
                                  Consumer<UsageChange> counted);

    /**
     * Stores a notice that the server itself writes to a mailbox's owner (a quota warning) in
     * exactly that mailbox: no alias or catch-all is resolved, and neither a quota nor a
     * suspension refuses it. It counts towards the usage like any message, and is not told to
     * any {@link UsageChange} listener, so that it never itself causes another notice.
     *
     * @return {@link DeliveryOutcome.Delivered}, or why not: no such mailbox, or a temporary
     *         failure of the store
     * @throws StoreUnavailableException if the store has been closed
     */
    DeliveryOutcome deliverNotice(MailboxAddress mailbox, MessageSource message);

    /**
     * Imports mail from another server with the UIDLs its clients know ({@link MessageImporter}).
     * Its imports are ended like open maildrops when the store closes; afterwards
     * {@link MessageImporter#begin} throws {@link StoreUnavailableException}.
     */
    MessageImporter importer();

    /**
     * Figures about the store's own resources (for example its connection pool) that the daemon
     * exports with its metrics. Called once, after the store is opened; the meters' values are
     * read whenever metrics are collected. An empty list for a store without such resources.
     */
    List<StoreMeter> meters();

    /**
     * Releases resources; open maildrops are closed without deleting anything and their locks
     * released (imports too). Idempotent. Afterwards {@link #directory()}, {@link #open},
     * {@link #deliver} and the importer throw {@link StoreUnavailableException}.
     */
    @Override
    void close();

    // Retention (RFC 2449 EXPIRE) and the deleted-mail hold.

    /**
     * Deletes at most {@code limit} messages of one mailbox: those first retrieved longer ago than
     * its {@link MailboxRetention#expire()} as of {@code now}, then held ones older than its
     * domain's hold. Takes the maildrop's exclusive lock for the time it works, as a session does.
     * Quota usage goes down by exactly what is removed (held mail only if it still counted).
     *
     * @throws MaildropLockedException if a session holds the maildrop: skip it, try later
     * @throws NoSuchMailboxException  if the mailbox does not exist
     */
    SweepOutcome sweepRetention(MailboxAddress address, java.time.Instant now, int limit);

    /**
     * Restores a mailbox's held messages (those held at or after {@code since}, every one when
     * empty) with their contents and unique ids, in their places by delivery; quota usage counts
     * them again if it had stopped to. Returns how many were restored.
     *
     * @throws MaildropLockedException if a session holds the maildrop
     * @throws NoSuchMailboxException  if the mailbox does not exist
     */
    int undelete(MailboxAddress address, java.util.Optional<java.time.Instant> since);
}
