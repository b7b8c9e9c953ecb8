package org.postbox.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.postbox.admin.view.DomainQuotaDetailView;
import org.postbox.admin.view.DomainQuotaView;
import org.postbox.admin.view.MailboxQuotaView;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MailboxQuotaReport;
import org.postbox.mailstore.QuotaDrift;
import org.postbox.mailstore.QuotaUsage;

/** Limits and usage of mailboxes and domains. */
public final class Quotas {
    private final Directory directory;
    private final AuditLog audit;

    Quotas(Directory directory, AuditLog audit) {
        this.directory = directory;
        this.audit = audit;
    }

    /** @throws org.postbox.mailstore.NoSuchMailboxException if it does not exist */
    public MailboxQuotaView mailbox(MailboxAddress address) {
        return MailboxQuotaView.of(directory.mailboxQuota(address));
    }

    /** @throws org.postbox.mailstore.NoSuchDomainException if it does not exist */
    public DomainQuotaView domain(String domain) {
        return DomainQuotaView.of(directory.domainQuota(Lookups.domain(directory, domain).name()));
    }

    /** Every domain's quota, by name. */
    public List<DomainQuotaView> domains() {
        return directory.domains().stream().map(d -> DomainQuotaView.of(directory.domainQuota(d.name()))).toList();
    }

    /** A domain's quota with each of its mailboxes'. */
    public DomainQuotaDetailView domainDetail(String domain) {
        String name = Lookups.domain(directory, domain).name();
        List<MailboxQuotaView> mailboxes = new ArrayList<>();
        for (Mailbox mailbox : directory.mailboxes(Optional.of(name))) {
            mailboxes.add(MailboxQuotaView.of(directory.mailboxQuota(mailbox.address())));
        }
        // Last, so that it includes what reading its mailboxes brought up to date.
        return new DomainQuotaDetailView(DomainQuotaView.of(directory.domainQuota(name)), mailboxes);
    }

    /**
     * The mailboxes at least {@code minFill} full (e.g. 0.8: 80 % of a limit), fullest first; a
     * mailbox without limits is never full.
     */
    public List<MailboxQuotaView> nearLimit(double minFill) {
        if (!(minFill >= 0)) {
            throw new AdminException(ErrorKind.INVALID, "the minimum fill is a fraction from 0 up, e.g. 0.8");
        }
        return directory.mailboxes(Optional.empty()).stream()
                .filter(m -> !m.quota().isUnlimited() && m.quotaFill() >= minFill)
                .map(m -> MailboxQuotaView.of(new MailboxQuotaReport(m.address(), m.quota(),
                        new QuotaUsage(m.storedOctets(), m.messageCount()))))
                .sorted(Comparator.comparingDouble(MailboxQuotaView::fill).reversed())
                .toList();
    }

    /** Sets a mailbox's limits; those not given keep their value. */
    public MailboxQuotaView setMailbox(Actor actor, MailboxAddress address, MailboxQuotaChange change) {
        MailboxQuota current = directory.mailboxQuota(address).limit();
        MailboxQuota quota = change.applyTo(current);
        List<String> changes = new ArrayList<>();
        QuotaChanges.describe(current, quota, changes);
        if (!changes.isEmpty()) {
            directory.setMailboxQuota(address, quota);
            audit.record(new AuditEntry(actor, "quota.set", address.toString(), changes));
        }
        return mailbox(address);
    }

    /** Sets a domain's limits; those not given keep their value. */
    public DomainQuotaView setDomain(Actor actor, String domain, DomainQuotaChange change) {
        String name = Lookups.domain(directory, domain).name();
        DomainQuota current = directory.domainQuota(name).limit();
        DomainQuota quota = change.applyTo(current);
        List<String> changes = new ArrayList<>();
        QuotaChanges.describe(current, quota, changes);
        if (!changes.isEmpty()) {
            directory.setDomainQuota(name, quota);
            audit.record(new AuditEntry(actor, "quota.set", name, changes));
        }
        return domain(name);
    }

    /**
     * Recounts the stored messages of every mailbox (of one domain, or of all) and fixes the
     * recorded usage; one audit line if anything was fixed.
     */
    public List<QuotaDrift> recalculate(Actor actor, Optional<String> domain) {
        Optional<String> name = domain.map(d -> Lookups.domain(directory, d).name());
        List<QuotaDrift> drifts = directory.recalculateQuota(name);
        if (!drifts.isEmpty()) {
            audit.record(new AuditEntry(actor, "quota.recalc", name.orElse("*"),
                    List.of("fixed " + drifts.size() + " difference(s)")));
        }
        return drifts;
    }
}
