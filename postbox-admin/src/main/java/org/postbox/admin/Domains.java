package org.postbox.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postbox.admin.view.DomainView;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.DomainName;
import org.postbox.mailstore.DomainQuota;

/** Domains (tenants): listed, added, changed, suspended and removed, each change audited. */
public final class Domains {
    private final Directory directory;
    private final AuditLog audit;

    Domains(Directory directory, AuditLog audit) {
        this.directory = directory;
        this.audit = audit;
    }

    /** All domains, by name. */
    public List<DomainView> list() {
        return directory.domains().stream().map(DomainView::of).toList();
    }

    /** @throws org.postbox.mailstore.NoSuchDomainException if it does not exist */
    public DomainView get(String domain) {
        return DomainView.of(Lookups.domain(directory, domain));
    }

    /** @throws org.postbox.mailstore.AlreadyExistsException if it exists */
    public DomainView add(Actor actor, String domain) {
        String name = DomainName.normalise(domain);
        directory.addDomain(name);
        audit.record(new AuditEntry(actor, "domain.add", name, List.of()));
        return get(name);
    }

    /**
     * Removes an empty domain with its aliases.
     *
     * @throws org.postbox.mailstore.DomainNotEmptyException if it has mailboxes
     */
    public void remove(Actor actor, String domain) {
        String name = DomainName.normalise(domain);
        directory.removeDomain(name);
        audit.record(new AuditEntry(actor, "domain.remove", name, List.of()));
    }

    /** Suspends the domain's mailboxes (no logins, no deliveries) or resumes them. */
    public Change setSuspended(Actor actor, String domain, boolean suspended) {
        return put(actor, domain, new DomainSettings(Optional.of(suspended), Optional.empty(), DomainQuotaChange.NONE),
                false, false);
    }

    /** Allows or refuses the POP3 logins of the domain's mailboxes. */
    public Change setPop3(Actor actor, String domain, boolean enabled) {
        return put(actor, domain, new DomainSettings(Optional.empty(), Optional.of(enabled), DomainQuotaChange.NONE),
                false, false);
    }

    /**
     * Makes the domain as given, creating it when it does not exist: idempotent, so the same call
     * again changes nothing and reports {@link Outcome#UNCHANGED}. One audit line if anything changed.
     */
    public Change put(Actor actor, String domain, DomainSettings settings) {
        return put(actor, domain, settings, true, false);
    }

    /** What {@link #put} would do, changing nothing. */
    public Change plan(String domain, DomainSettings settings) {
        return put(new Actor("dry-run"), domain, settings, true, true);
    }

    private Change put(Actor actor, String domain, DomainSettings settings, boolean create, boolean dryRun) {
        String name = DomainName.normalise(domain);
        Optional<Domain> existing = Lookups.findDomain(directory, name);
        if (existing.isEmpty() && !create) {
            throw Lookups.noDomain(name);
        }
        List<String> changes = new ArrayList<>();
        boolean suspendedNow = existing.map(Domain::suspended).orElse(false);
        boolean pop3Now = existing.map(Domain::pop3Enabled).orElse(true);
        DomainQuota quotaNow = existing.isPresent() ? directory.domainQuota(name).limit() : DomainQuota.UNLIMITED;
        DomainQuota quota = settings.quota().applyTo(quotaNow);
        settings.suspended().filter(s -> s != suspendedNow).ifPresent(s -> changes.add("suspended " + suspendedNow + " -> " + s));
        settings.pop3().filter(p -> p != pop3Now).ifPresent(p -> changes.add("pop3 " + pop3Now + " -> " + p));
        QuotaChanges.describe(quotaNow, quota, changes);
        if (existing.isPresent() && changes.isEmpty()) {
            return Change.unchanged();
        }
        Outcome outcome = existing.isPresent() ? Outcome.CHANGED : Outcome.CREATED;
        if (!dryRun) {
            if (existing.isEmpty()) {
                directory.addDomain(name);
            }
            if (settings.suspended().isPresent() && settings.suspended().get() != suspendedNow) {
                directory.setDomainSuspended(name, settings.suspended().get());
            }
            if (settings.pop3().isPresent() && settings.pop3().get() != pop3Now) {
                directory.setDomainPop3Enabled(name, settings.pop3().get());
            }
            if (!quota.equals(quotaNow)) {
                directory.setDomainQuota(name, quota);
            }
            audit.record(new AuditEntry(actor, outcome == Outcome.CREATED ? "domain.add" : "domain.change", name, changes));
        }
        return new Change(outcome, changes);
    }
}
