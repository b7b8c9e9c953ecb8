package org.postbox.mailstore;

import java.util.List;
import java.util.Optional;

/**
 * Domains (tenants) and their mailboxes, with credentials. Changes made through one
 * {@code Directory} (for example by the CLI in another process) are visible to every other
 * instance over the same store at its next call: implementations must not cache beyond a cheap
 * freshness check.
 *
 * <p>Every operation is required: a caller never has to ask whether a directory supports quotas,
 * suspension or app passwords.
 */
public interface Directory {

    /** @throws AlreadyExistsException if the domain exists */
    void addDomain(String domain);

    /** All domains, sorted by name. */
    List<Domain> domains();

    /**
     * Removes an empty domain, with its aliases and catch-all.
     *
     * @throws NoSuchDomainException if it does not exist
     * @throws DomainNotEmptyException if it still has mailboxes (mail is never removed implicitly)
     */
    void removeDomain(String domain);

    /**
     * Creates a mailbox with a password hash.
     *
     * @throws NoSuchDomainException if the domain does not exist
     * @throws AlreadyExistsException if the mailbox exists, or an alias of that address does
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
     * @throws AliasConflictException  if it is the target of an alias (remove it from the alias first)
     */
    void removeMailbox(MailboxAddress address);

    /**
     * Gives a mailbox a new address, in its domain or another one, keeping its mail, UIDLs, quota
     * and usage, password, app passwords, settings and last login; aliases that targeted the old
     * address target the new one. The old address no longer exists afterwards.
     *
     * @throws NoSuchMailboxException  if {@code from} does not exist
     * @throws NoSuchDomainException   if {@code to}'s domain does not exist
     * @throws AlreadyExistsException  if a mailbox or an alias of address {@code to} exists
     * @throws MaildropLockedException if a POP3 session holds {@code from}
     * @throws QuotaExceededException  if {@code to} is in another domain that has its limit of mailboxes
     */
    void renameMailbox(MailboxAddress from, MailboxAddress to);

    /**
     * The account for authentication, with its app passwords, or empty when there is no such
     * mailbox. A suspended account ({@link Account#suspended()}: the mailbox or its domain) must not
     * be let in.
     */
    Optional<Account> account(MailboxAddress address);

    /**
     * Records a successful login, shown as {@link Mailbox#lastLogin()}. Cheap enough for every
     * login; a backend may keep a coarser time than given (whole seconds).
     *
     * @throws NoSuchMailboxException if the mailbox does not exist (renamed or removed meanwhile)
     */
    void recordLogin(MailboxAddress address, java.time.Instant when);

    /**
     * Allows or refuses a mailbox's POP3 logins, apart from suspension: mail keeps arriving.
     *
     * @throws NoSuchMailboxException if the mailbox does not exist
     */
    void setMailboxPop3Enabled(MailboxAddress address, boolean enabled);

    /**
     * Allows or refuses POP3 logins of every mailbox of a domain, present and future; a mailbox
     * whose own setting is off stays off when its domain is turned on.
     *
     * @throws NoSuchDomainException if the domain does not exist
     */
    void setDomainPop3Enabled(String domain, boolean enabled);

    // Aliases: addresses that deliver to mailboxes, and each domain's catch-all.

    /**
     * Creates an alias, or replaces its targets when it exists (so that setting the same alias
     * twice changes nothing).
     *
     * @throws NoSuchDomainException  if the alias's domain does not exist
     * @throws AlreadyExistsException if a mailbox has the alias's address
     * @throws AliasConflictException if a target is not an existing mailbox (an unknown address, or
     *                                an alias: aliases never point at aliases, so no delivery loops)
     */
    void setAlias(Alias alias);

    /**
     * The aliases of a domain, its catch-all first, then by local part.
     *
     * @throws NoSuchDomainException if the domain does not exist
     */
    List<Alias> aliases(String domain);

    /**
     * Removes an alias or a catch-all; mail to it is refused from then on.
     *
     * @throws NoSuchAliasException if there is none of that name
     */
    void removeAlias(AliasName name);

    /**
     * The mailboxes that mail to {@code recipient} goes to: the recipient itself when it is a
     * mailbox, else the targets of its alias, else those of its domain's catch-all; empty when
     * none. {@link MailStore#deliver} and {@link #deliveryRefusal} resolve the same way.
     */
    List<MailboxAddress> resolve(MailboxAddress recipient);

    // Quotas and suspension.

    /**
     * Sets a mailbox's limits; {@link MailboxQuota#UNLIMITED} removes them. A lower limit than
     * the current usage is allowed: the mailbox then takes no mail until enough is deleted.
     *
     * @throws NoSuchMailboxException if the mailbox does not exist
     * @throws IllegalArgumentException if the backend cannot store such a limit
     */
    void setMailboxQuota(MailboxAddress address, MailboxQuota quota);

    /**
     * Sets a domain's limits; {@link DomainQuota#UNLIMITED} removes them. A limit of mailboxes
     * below the current number only stops new ones from being added.
     *
     * @throws NoSuchDomainException if the domain does not exist
     */
    void setDomainQuota(String domain, DomainQuota quota);

    /** @throws NoSuchMailboxException if the mailbox does not exist */
    MailboxQuotaReport mailboxQuota(MailboxAddress address);

    /** @throws NoSuchDomainException if the domain does not exist */
    DomainQuotaReport domainQuota(String domain);

    /**
     * Rebuilds the recorded usage of every mailbox of {@code domain} (of every domain when empty)
     * and of the domain itself from the messages actually stored, and reports each difference it
     * fixed; an empty list when the records were right. Deliveries and deletions may go on
     * meanwhile; they wait at most for the mailbox being counted.
     *
     * @throws NoSuchDomainException if {@code domain} is given and does not exist
     */
    List<QuotaDrift> recalculateQuota(Optional<String> domain);

    /**
     * Suspends a mailbox (no logins, no deliveries; its mail is kept) or resumes it.
     *
     * @throws NoSuchMailboxException if the mailbox does not exist
     */
    void setMailboxSuspended(MailboxAddress address, boolean suspended);

    /**
     * Suspends every mailbox of a domain, present and future, or resumes them; a mailbox
     * suspended by itself stays suspended when its domain resumes.
     *
     * @throws NoSuchDomainException if the domain does not exist
     */
    void setDomainSuspended(String domain, boolean suspended);

    // App passwords: named extra passwords of a mailbox, for clients that can only send a password.

    /**
     * Adds an app password to a mailbox. Removing the mailbox removes its app passwords; a mailbox
     * created again under the same address starts without any.
     *
     * @param name         see {@link AppPassword#checkName}; case-sensitive
     * @param passwordHash in Dovecot's {@code {SCHEME}value} syntax
     * @return the app password as stored, with its creation time
     * @throws NoSuchMailboxException  if the mailbox does not exist
     * @throws AlreadyExistsException  if the mailbox has an app password of that name
     * @throws QuotaExceededException  if the mailbox has {@link AppPassword#MAX_PER_MAILBOX} already
     * @throws IllegalArgumentException if the name is invalid or the backend cannot store the hash
     */
    AppPassword addAppPassword(MailboxAddress address, String name, String passwordHash);

    /**
     * A mailbox's app passwords, sorted by name (as ASCII).
     *
     * @throws NoSuchMailboxException if the mailbox does not exist
     */
    List<AppPassword> appPasswords(MailboxAddress address);

    /**
     * Removes one app password; the next login with it fails, whatever a daemon has cached.
     *
     * @throws NoSuchMailboxException     if the mailbox does not exist
     * @throws NoSuchAppPasswordException if the mailbox has no app password of that name
     * @throws IllegalArgumentException   if the name is invalid
     */
    void revokeAppPassword(MailboxAddress address, String name);

    /**
     * Why a delivery of about {@code octets} octets to {@code address} would be refused now, or
     * empty if it would be accepted. For an alias or a catch-all, the first refusal among its
     * target mailboxes (so an alias takes mail only when every target can); otherwise {@link DeliveryOutcome.NoSuchMailbox},
     * {@link DeliveryOutcome.Suspended} or {@link DeliveryOutcome.OverQuota}, in that order of
     * precedence. For a recipient check before the message is sent (LMTP {@code RCPT TO}, with the
     * {@code SIZE=} estimate or 0); it reserves nothing, and delivery checks again atomically.
     * {@link org.postbox.mailstore.spi.RecipientCheck} gives this answer from the other methods;
     * a backend that answers otherwise (in one query, say) must answer the same.
     *
     * @throws StoreUnavailableException if the directory cannot be read now
     */
    Optional<DeliveryOutcome> deliveryRefusal(MailboxAddress address, long octets);

    // LOGIN-DELAY (RFC 2449 section 6.5): the least time between two logins of a mailbox, per
    // domain with a per-mailbox override; the POP3 engine advertises and enforces it.

    /**
     * Sets a domain's login delay, for its mailboxes without one of their own; zero for none.
     *
     * @throws NoSuchDomainException    if the domain does not exist
     * @throws IllegalArgumentException if it is not whole seconds from 0 to {@link LoginDelay#MAX}
     */
    void setDomainLoginDelay(String domain, java.time.Duration delay);

    /**
     * Sets a mailbox's own login delay (zero: none, whatever its domain says), or removes it when
     * empty, so that the mailbox takes its domain's again.
     *
     * @throws NoSuchMailboxException   if the mailbox does not exist
     * @throws IllegalArgumentException if it is not whole seconds from 0 to {@link LoginDelay#MAX}
     */
    void setMailboxLoginDelay(MailboxAddress address, Optional<java.time.Duration> delay);

    /** @throws NoSuchMailboxException if the mailbox does not exist */
    LoginDelay loginDelay(MailboxAddress address);

    /**
     * The least login delay among the domains' and the mailboxes' own (zero when a domain has
     * none), which is what a client may count on before it says who it is; empty when no domain
     * and no mailbox has a delay set at all.
     */
    Optional<java.time.Duration> leastLoginDelay();

    // Retention (RFC 2449 EXPIRE) and the deleted-mail hold.

    /** @throws NoSuchDomainException if the domain does not exist */
    DomainRetention domainRetention(String domain);

    /**
     * Sets a domain's retention. Changing whether held mail counts toward quota recounts the
     * domain's usage, so that it stays exact.
     *
     * @throws NoSuchDomainException if the domain does not exist
     */
    void setDomainRetention(String domain, DomainRetention retention);

    /** @throws NoSuchMailboxException if the mailbox does not exist */
    MailboxRetention mailboxRetention(MailboxAddress address);

    /**
     * Gives a mailbox its own expire setting, or (empty) makes it inherit its domain's.
     *
     * @throws NoSuchMailboxException if the mailbox does not exist
     */
    void setMailboxExpire(MailboxAddress address, Optional<Expire> expire);

    /**
     * The shortest expire that applies to any mailbox: what CAPA advertises before login, when the
     * user is not known yet (RFC 2449 section 6.7, with the {@code USER} tag).
     */
    Expire shortestExpire();
}
