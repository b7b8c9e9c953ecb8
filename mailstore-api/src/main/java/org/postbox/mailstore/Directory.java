package org.postbox.mailstore;

import java.util.List;
import java.util.Optional;

/**
 * Domains (tenants) and their mailboxes, with credentials. Changes made through one
 * {@code Directory} (for example by the CLI in another process) are visible to every other
 * instance over the same store at its next call: implementations must not cache beyond a cheap
 * freshness check.
 */
public interface Directory {

    /** @throws AlreadyExistsException if the domain exists */
    void addDomain(String domain);

    /** All domains, sorted by name. */
    List<Domain> domains();

    /**
     * Removes an empty domain.
     *
     * @throws NoSuchDomainException if it does not exist
     * @throws DomainNotEmptyException if it still has mailboxes (mail is never removed implicitly)
     */
    void removeDomain(String domain);

    /**
     * Creates a mailbox with a password hash.
     *
     * @throws NoSuchDomainException if the domain does not exist
     * @throws AlreadyExistsException if the mailbox exists
     */
    void addMailbox(MailboxAddress address, String passwordHash);

    /**
     * Mailboxes of one domain sorted by address; every mailbox when {@code domain} is empty. Sorted
     * by domain, then by local part (so one domain's mailboxes stay together).
     */
    List<Mailbox> mailboxes(Optional<String> domain);

    /** @throws NoSuchMailboxException if the mailbox does not exist */
    void setPasswordHash(MailboxAddress address, String passwordHash);

    /**
     * Removes a mailbox and all of its mail.
     *
     * @throws NoSuchMailboxException if the mailbox does not exist
     * @throws MaildropLockedException if a POP3 session holds it
     */
    void removeMailbox(MailboxAddress address);

    /** The account for authentication, or empty when there is no such mailbox. */
    Optional<Account> account(MailboxAddress address);
}
