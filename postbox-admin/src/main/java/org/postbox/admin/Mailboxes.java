package org.postbox.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postbox.admin.view.MailboxView;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.DomainQuotaReport;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.NoSuchDomainException;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.QuotaExceededException;

/** Mailboxes: listed, added, changed, renamed and removed, each change audited. */
public final class Mailboxes {
    private final Directory directory;
    private final AuditLog audit;

    Mailboxes(Directory directory, AuditLog audit) {
        this.directory = directory;
        this.audit = audit;
    }

    /**
     * The mailboxes the filter lets through, by domain, then local part.
     *
     * @throws org.postbox.mailstore.NoSuchDomainException if the filter names a domain that does not exist
     */
    public List<MailboxView> list(MailboxFilter filter) {
        Optional<String> domain = filter.domain().map(d -> Lookups.domain(directory, d).name());
        return directory.mailboxes(domain).stream().filter(filter::matches).map(MailboxView::of).toList();
    }

    /** @throws NoSuchMailboxException if it does not exist */
    public MailboxView get(MailboxAddress address) {
        return MailboxView.of(Lookups.mailbox(directory, address));
    }

    /**
     * Checks that {@code address} can be added now: its domain exists, no mailbox or alias has
     * the address, and the domain is below its limit of mailboxes. The CLI asks before it asks
     * for a password, so that nobody types one in vain; {@link #add} checks again.
     */
    public void checkAddable(MailboxAddress address) {
        if (Lookups.findDomain(directory, address.domain()).isEmpty()) {
            throw new NoSuchDomainException("no domain " + address.domain()
                    + "; add it with: postbox domain add " + address.domain());
        }
        if (directory.account(address).isPresent()) {
            throw new AlreadyExistsException("mailbox " + address + " exists");
        }
        if (Lookups.findAlias(directory, AliasName.of(address)).isPresent()) {
            throw new AlreadyExistsException(address + " is an alias; remove it first with: postbox alias remove "
                    + address);
        }
        DomainQuotaReport domain = directory.domainQuota(address.domain());
        if (domain.limit().mailboxes() > 0 && domain.mailboxes() >= domain.limit().mailboxes()) {
            throw new QuotaExceededException("domain " + address.domain() + " has reached its limit of "
                    + domain.limit().mailboxes() + " mailbox(es); raise it with: postbox quota set "
                    + address.domain() + " --mailboxes N");
        }
    }

    /**
     * Adds a mailbox with a password and, if given, limits.
     *
     * @throws AlreadyExistsException if a mailbox or an alias has the address
     */
    public MailboxView add(Actor actor, MailboxAddress address, NewPassword password, MailboxQuotaChange quota) {
        checkAddable(address);
        List<String> changes = new ArrayList<>();
        create(address, password, quota, changes);
        audit.record(new AuditEntry(actor, "mailbox.add", address.toString(), changes));
        return get(address);
    }

    private void create(MailboxAddress address, NewPassword password, MailboxQuotaChange quota, List<String> changes) {
        directory.addMailbox(address, password.hash());
        MailboxQuota limits = quota.applyTo(MailboxQuota.UNLIMITED);
        QuotaChanges.describe(MailboxQuota.UNLIMITED, limits, changes);
        if (!limits.isUnlimited()) {
            directory.setMailboxQuota(address, limits);
        }
    }

    /** Sets a new password; app passwords stay. */
    public void setPassword(Actor actor, MailboxAddress address, NewPassword password) {
        Lookups.mailbox(directory, address);
        directory.setPasswordHash(address, password.hash());
        audit.record(new AuditEntry(actor, "mailbox.password", address.toString(), List.of("password")));
    }

    /**
     * Removes a mailbox and all its mail.
     *
     * @throws org.postbox.mailstore.MaildropLockedException if a POP3 session holds it
     * @throws org.postbox.mailstore.AliasConflictException  if an alias still targets it
     */
    public void remove(Actor actor, MailboxAddress address) {
        directory.removeMailbox(address);
        audit.record(new AuditEntry(actor, "mailbox.remove", address.toString(), List.of("mail deleted")));
    }

    /** Gives a mailbox a new address, keeping its mail, UIDLs, settings; aliases follow it. */
    public MailboxView rename(Actor actor, MailboxAddress from, MailboxAddress to) {
        directory.renameMailbox(from, to);
        audit.record(new AuditEntry(actor, "mailbox.rename", from.toString(), List.of("address " + from + " -> " + to)));
        return get(to);
    }

    /** Suspends a mailbox (no logins, no deliveries; its mail is kept) or resumes it. */
    public Change setSuspended(Actor actor, MailboxAddress address, boolean suspended) {
        return put(actor, address, new MailboxSettings(Optional.empty(), Optional.of(suspended), Optional.empty(),
                MailboxQuotaChange.NONE), false, false);
    }

    /** Allows or refuses the mailbox's POP3 logins; mail keeps arriving. */
    public Change setPop3(Actor actor, MailboxAddress address, boolean enabled) {
        return put(actor, address, new MailboxSettings(Optional.empty(), Optional.empty(), Optional.of(enabled),
                MailboxQuotaChange.NONE), false, false);
    }

    /**
     * Makes the mailbox as given, creating it when it does not exist (which needs a password):
     * idempotent, so the same call again changes nothing and reports {@link Outcome#UNCHANGED}. A
     * password that the stored hash already stands for is left as it is. One audit line if
     * anything changed.
     */
    public Change put(Actor actor, MailboxAddress address, MailboxSettings settings) {
        return put(actor, address, settings, true, false);
    }

    /** What {@link #put} would do, changing nothing. */
    public Change plan(MailboxAddress address, MailboxSettings settings) {
        return put(new Actor("dry-run"), address, settings, true, true);
    }

    private Change put(Actor actor, MailboxAddress address, MailboxSettings settings, boolean create, boolean dryRun) {
        Optional<Mailbox> existing = Lookups.findMailbox(directory, address);
        if (existing.isEmpty()) {
            if (!create) {
                throw new NoSuchMailboxException("no mailbox " + address);
            }
            NewPassword password = settings.password().orElseThrow(() -> new AdminException(ErrorKind.INVALID,
                    "mailbox " + address + " does not exist; a new mailbox needs a password"));
            checkAddable(address);
            List<String> changes = new ArrayList<>();
            settings.suspended().filter(s -> s).ifPresent(s -> changes.add("suspended false -> true"));
            settings.pop3().filter(p -> !p).ifPresent(p -> changes.add("pop3 true -> false"));
            if (!dryRun) {
                create(address, password, settings.quota(), changes);
                settings.suspended().filter(s -> s).ifPresent(s -> directory.setMailboxSuspended(address, true));
                settings.pop3().filter(p -> !p).ifPresent(p -> directory.setMailboxPop3Enabled(address, false));
                audit.record(new AuditEntry(actor, "mailbox.add", address.toString(), changes));
            } else {
                QuotaChanges.describe(MailboxQuota.UNLIMITED, settings.quota().applyTo(MailboxQuota.UNLIMITED), changes);
            }
            return new Change(Outcome.CREATED, changes);
        }
        Mailbox mailbox = existing.get();
        List<String> changes = new ArrayList<>();
        boolean newPassword = settings.password().isPresent() && !settings.password().get()
                .matches(directory.account(address).orElseThrow(() -> new NoSuchMailboxException("no mailbox " + address))
                        .passwordHash());
        if (newPassword) {
            changes.add("password");
        }
        settings.suspended().filter(s -> s != mailbox.suspended())
                .ifPresent(s -> changes.add("suspended " + mailbox.suspended() + " -> " + s));
        settings.pop3().filter(p -> p != mailbox.pop3Enabled())
                .ifPresent(p -> changes.add("pop3 " + mailbox.pop3Enabled() + " -> " + p));
        MailboxQuota quota = settings.quota().applyTo(mailbox.quota());
        QuotaChanges.describe(mailbox.quota(), quota, changes);
        if (!dryRun) {
            if (newPassword) {
                directory.setPasswordHash(address, settings.password().get().hash());
            }
            // Set even when it looks the same: the mailbox shows its domain's suspension and POP3
            // setting too, and what is asked for is its own, which must hold when the domain's changes.
            settings.suspended().ifPresent(s -> directory.setMailboxSuspended(address, s));
            settings.pop3().ifPresent(p -> directory.setMailboxPop3Enabled(address, p));
            if (!quota.equals(mailbox.quota())) {
                directory.setMailboxQuota(address, quota);
            }
            if (!changes.isEmpty()) {
                audit.record(new AuditEntry(actor, "mailbox.change", address.toString(), changes));
            }
        }
        return changes.isEmpty() ? Change.unchanged() : new Change(Outcome.CHANGED, changes);
    }
}
