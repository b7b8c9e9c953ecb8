package org.postbox.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.postbox.admin.view.RetentionView;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.DomainName;
import org.postbox.mailstore.DomainRetention;
import org.postbox.mailstore.Expire;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxRetention;

/**
 * Retention (RFC 2449 {@code EXPIRE}) per domain and mailbox, the deleted-mail hold, and undelete;
 * every change audited. See docs/retention.md.
 */
public final class Retention {
    private final MailStore store;
    private final Directory directory;
    private final AuditLog audit;

    Retention(MailStore store, AuditLog audit) {
        this.store = store;
        this.directory = store.directory();
        this.audit = audit;
    }

    /** @throws org.postbox.mailstore.NoSuchDomainException if it does not exist */
    public RetentionView domain(String domain) {
        String name = DomainName.normalise(domain);
        return RetentionView.of(name, directory.domainRetention(name));
    }

    /**
     * Changes what is given of a domain's retention, keeping the rest.
     *
     * @param expire     days or never for the domain's mailboxes that have no setting of their own
     * @param holdDays   days deleted mail stays held, 0 for none
     * @param heldCounts whether held mail counts toward quota
     * @throws IllegalArgumentException if a value is out of range
     */
    public Change setDomain(Actor actor, String domain, Optional<Expire> expire, Optional<Integer> holdDays,
                            Optional<Boolean> heldCounts) {
        String name = DomainName.normalise(domain);
        DomainRetention before = directory.domainRetention(name);
        DomainRetention after = before;
        if (expire.isPresent()) {
            after = after.withExpire(expire.get());
        }
        if (holdDays.isPresent()) {
            after = after.withHoldDays(holdDays.get());
        }
        if (heldCounts.isPresent()) {
            after = after.withHeldCountsTowardQuota(heldCounts.get());
        }
        List<String> changes = new ArrayList<>();
        if (!after.expire().equals(before.expire())) {
            changes.add("expire " + text(before.expire()) + " -> " + text(after.expire()));
        }
        if (after.holdDays() != before.holdDays()) {
            changes.add("hold-days " + before.holdDays() + " -> " + after.holdDays());
        }
        if (after.heldCountsTowardQuota() != before.heldCountsTowardQuota()) {
            changes.add("held-counts-toward-quota " + before.heldCountsTowardQuota() + " -> "
                    + after.heldCountsTowardQuota());
        }
        if (changes.isEmpty()) {
            return Change.unchanged();
        }
        directory.setDomainRetention(name, after);
        audit.record(new AuditEntry(actor, "domain.retention", name, changes));
        return new Change(Outcome.CHANGED, changes);
    }

    /** @throws org.postbox.mailstore.NoSuchMailboxException if it does not exist */
    public RetentionView mailbox(MailboxAddress address) {
        return RetentionView.of(directory.mailboxRetention(address));
    }

    /**
     * Gives a mailbox its own expire, or (empty) makes it inherit its domain's.
     *
     * @throws org.postbox.mailstore.NoSuchMailboxException if it does not exist
     */
    public Change setMailboxExpire(Actor actor, MailboxAddress address, Optional<Expire> expire) {
        MailboxRetention before = directory.mailboxRetention(address);
        if (before.ownExpire().equals(expire)) {
            return Change.unchanged();
        }
        directory.setMailboxExpire(address, expire);
        List<String> changes = List.of("expire " + before.ownExpire().map(Retention::text).orElse("inherit") + " -> "
                + expire.map(Retention::text).orElse("inherit"));
        audit.record(new AuditEntry(actor, "mailbox.expire", address.toString(), changes));
        return new Change(Outcome.CHANGED, changes);
    }

    /**
     * Restores the mailbox's held messages, those held at or after {@code since} (all when empty),
     * with their old UIDLs; returns how many.
     *
     * @throws org.postbox.mailstore.MaildropLockedException if a POP3 session holds the mailbox
     * @throws org.postbox.mailstore.NoSuchMailboxException  if it does not exist
     */
    public int undelete(Actor actor, MailboxAddress address, Optional<Instant> since) {
        directory.mailboxRetention(address); // a clear "no such mailbox" before any lock
        int restored = store.undelete(address, since);
        audit.record(new AuditEntry(actor, "mailbox.undelete", address.toString(),
                List.of("restored " + restored + since.map(when -> " held since " + when).orElse(""))));
        return restored;
    }

    private static String text(Expire expire) {
        return expire.isNever() ? "never" : Integer.toString(expire.days());
    }
}
