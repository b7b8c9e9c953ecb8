package org.postbox.daemon.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.Alias;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.AppPassword;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.DomainQuotaReport;
import org.postbox.mailstore.DomainRetention;
import org.postbox.mailstore.Expire;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MailboxQuotaReport;
import org.postbox.mailstore.MailboxRetention;
import org.postbox.mailstore.QuotaDrift;

/**
 * A directory whose every call is timed under its own operation name. Each method is passed on
 * explicitly, so that a backend's own implementation is what runs (a test checks that none is
 * missed).
 */
final class MeteredDirectory implements Directory {

    private final Directory delegate;
    private final StoreTimers timers;

    MeteredDirectory(Directory delegate, StoreTimers timers) {
        this.delegate = delegate;
        this.timers = timers;
    }

    @Override
    public void addDomain(String domain) {
        timers.time("add_domain", () -> delegate.addDomain(domain));
    }

    @Override
    public List<Domain> domains() {
        return timers.time("domains", delegate::domains);
    }

    @Override
    public void removeDomain(String domain) {
        timers.time("remove_domain", () -> delegate.removeDomain(domain));
    }

    @Override
    public void addMailbox(MailboxAddress address, String passwordHash) {
        timers.time("add_mailbox", () -> delegate.addMailbox(address, passwordHash));
    }

    @Override
    public List<Mailbox> mailboxes(Optional<String> domain) {
        return timers.time("mailboxes", () -> delegate.mailboxes(domain));
    }

    @Override
    public void setPasswordHash(MailboxAddress address, String passwordHash) {
        timers.time("set_password_hash", () -> delegate.setPasswordHash(address, passwordHash));
    }

    @Override
    public void removeMailbox(MailboxAddress address) {
        timers.time("remove_mailbox", () -> delegate.removeMailbox(address));
    }

    @Override
    public void renameMailbox(MailboxAddress from, MailboxAddress to) {
        timers.time("rename_mailbox", () -> delegate.renameMailbox(from, to));
    }

    @Override
    public Optional<Account> account(MailboxAddress address) {
        return timers.time("account", () -> delegate.account(address));
    }

    /** Timed like the rest: it is a store write on every login, worth seeing when the store is slow. */
    @Override
    public void recordLogin(MailboxAddress address, Instant when) {
        timers.time("record_login", () -> delegate.recordLogin(address, when));
    }

    @Override
    public void setMailboxPop3Enabled(MailboxAddress address, boolean enabled) {
        timers.time("set_mailbox_pop3_enabled", () -> delegate.setMailboxPop3Enabled(address, enabled));
    }

    @Override
    public void setDomainPop3Enabled(String domain, boolean enabled) {
        timers.time("set_domain_pop3_enabled", () -> delegate.setDomainPop3Enabled(domain, enabled));
    }

    @Override
    public void setAlias(Alias alias) {
        timers.time("set_alias", () -> delegate.setAlias(alias));
    }

    @Override
    public List<Alias> aliases(String domain) {
        return timers.time("aliases", () -> delegate.aliases(domain));
    }

    @Override
    public void removeAlias(AliasName name) {
        timers.time("remove_alias", () -> delegate.removeAlias(name));
    }

    @Override
    public List<MailboxAddress> resolve(MailboxAddress recipient) {
        return timers.time("resolve", () -> delegate.resolve(recipient));
    }

    @Override
    public AppPassword addAppPassword(MailboxAddress address, String name, String passwordHash) {
        return timers.time("add_app_password", () -> delegate.addAppPassword(address, name, passwordHash));
    }

    @Override
    public List<AppPassword> appPasswords(MailboxAddress address) {
        return timers.time("app_passwords", () -> delegate.appPasswords(address));
    }

    @Override
    public void revokeAppPassword(MailboxAddress address, String name) {
        timers.time("revoke_app_password", () -> delegate.revokeAppPassword(address, name));
    }

    @Override
    public void setMailboxQuota(MailboxAddress address, MailboxQuota quota) {
        timers.time("set_mailbox_quota", () -> delegate.setMailboxQuota(address, quota));
    }

    @Override
    public void setDomainQuota(String domain, DomainQuota quota) {
        timers.time("set_domain_quota", () -> delegate.setDomainQuota(domain, quota));
    }

    @Override
    public MailboxQuotaReport mailboxQuota(MailboxAddress address) {
        return timers.time("mailbox_quota", () -> delegate.mailboxQuota(address));
    }

    @Override
    public DomainQuotaReport domainQuota(String domain) {
        return timers.time("domain_quota", () -> delegate.domainQuota(domain));
    }

    @Override
    public List<QuotaDrift> recalculateQuota(Optional<String> domain) {
        return timers.time("recalculate_quota", () -> delegate.recalculateQuota(domain));
    }

    @Override
    public void setMailboxSuspended(MailboxAddress address, boolean suspended) {
        timers.time("set_mailbox_suspended", () -> delegate.setMailboxSuspended(address, suspended));
    }

    @Override
    public void setDomainSuspended(String domain, boolean suspended) {
        timers.time("set_domain_suspended", () -> delegate.setDomainSuspended(domain, suspended));
    }

    @Override
    public Optional<DeliveryOutcome> deliveryRefusal(MailboxAddress address, long octets) {
        Optional<DeliveryOutcome> refusal = timers.time("delivery_refusal", () -> delegate.deliveryRefusal(address, octets));
        if (refusal.isPresent() && refusal.get() instanceof DeliveryOutcome.OverQuota) {
            timers.quotaRefusedAtRecipient();
        }
        return refusal;
    }

    @Override
    public void setDomainLoginDelay(String domain, java.time.Duration delay) {
        timers.time("set_domain_login_delay", () -> delegate.setDomainLoginDelay(domain, delay));
    }

    @Override
    public void setMailboxLoginDelay(MailboxAddress address, Optional<java.time.Duration> delay) {
        timers.time("set_mailbox_login_delay", () -> delegate.setMailboxLoginDelay(address, delay));
    }

    /** Read at logins of mailboxes whose domain or own setting may hold a delay. */
    @Override
    public org.postbox.mailstore.LoginDelay loginDelay(MailboxAddress address) {
        return timers.time("login_delay", () -> delegate.loginDelay(address));
    }

    @Override
    public Optional<java.time.Duration> leastLoginDelay() {
        return timers.time("least_login_delay", delegate::leastLoginDelay);
    }

    // Retention (RFC 2449 EXPIRE) and the deleted-mail hold.

    @Override
    public DomainRetention domainRetention(String domain) {
        return timers.time("domain_retention", () -> delegate.domainRetention(domain));
    }

    @Override
    public void setDomainRetention(String domain, DomainRetention retention) {
        timers.time("set_domain_retention", () -> delegate.setDomainRetention(domain, retention));
    }

    @Override
    public MailboxRetention mailboxRetention(MailboxAddress address) {
        return timers.time("mailbox_retention", () -> delegate.mailboxRetention(address));
    }

    @Override
    public void setMailboxExpire(MailboxAddress address, Optional<Expire> expire) {
        timers.time("set_mailbox_expire", () -> delegate.setMailboxExpire(address, expire));
    }

    @Override
    public Expire shortestExpire() {
        return timers.time("shortest_expire", delegate::shortestExpire);
    }
}
