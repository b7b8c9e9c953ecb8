package org.postbox.mailstore.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
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
import org.postbox.mailstore.NoSuchAliasException;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.QuotaDrift;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.spi.RecipientCheck;
import org.postbox.mailstore.spi.RecipientExpansion;

/**
 * A {@link Directory} that holds nothing but the accounts it is given: lists are empty, changes
 * are ignored, every known mailbox and every domain is empty and unlimited, there are no aliases
 * (a recipient resolves to itself when it has an account), and the recipient check is the
 * backends' own rule ({@link RecipientExpansion}, {@link RecipientCheck}). A test overrides what it needs, e.g.
 * {@link #domains()} to count or fail calls.
 */
public class StubDirectory implements Directory {

    private final Function<MailboxAddress, Optional<Account>> accounts;

    /** No accounts at all. */
    public StubDirectory() {
        this(address -> Optional.empty());
    }

    public StubDirectory(Function<MailboxAddress, Optional<Account>> accounts) {
        this.accounts = accounts;
    }

    @Override
    public void addDomain(String domain) {
    }

    @Override
    public List<Domain> domains() {
        return List.of();
    }

    @Override
    public void removeDomain(String domain) {
    }

    @Override
    public void addMailbox(MailboxAddress address, String passwordHash) {
    }

    @Override
    public List<Mailbox> mailboxes(Optional<String> domain) {
        return List.of();
    }

    @Override
    public void setPasswordHash(MailboxAddress address, String passwordHash) {
    }

    @Override
    public void removeMailbox(MailboxAddress address) {
    }

    @Override
    public void renameMailbox(MailboxAddress from, MailboxAddress to) {
        existing(from);
    }

    @Override
    public Optional<Account> account(MailboxAddress address) {
        return accounts.apply(address);
    }

    @Override
    public void recordLogin(MailboxAddress address, Instant when) {
    }

    @Override
    public void setMailboxPop3Enabled(MailboxAddress address, boolean enabled) {
    }

    @Override
    public void setDomainPop3Enabled(String domain, boolean enabled) {
    }

    @Override
    public void setAlias(Alias alias) {
    }

    @Override
    public List<Alias> aliases(String domain) {
        return List.of();
    }

    @Override
    public void removeAlias(AliasName name) {
        throw new NoSuchAliasException("no alias " + name);
    }

    @Override
    public List<MailboxAddress> resolve(MailboxAddress recipient) {
        return account(recipient).isPresent() ? List.of(recipient) : List.of();
    }

    @Override
    public void setMailboxQuota(MailboxAddress address, MailboxQuota quota) {
    }

    @Override
    public void setDomainQuota(String domain, DomainQuota quota) {
    }

    @Override
    public MailboxQuotaReport mailboxQuota(MailboxAddress address) {
        existing(address);
        return new MailboxQuotaReport(address, MailboxQuota.UNLIMITED, QuotaUsage.NONE);
    }

    @Override
    public DomainQuotaReport domainQuota(String domain) {
        return new DomainQuotaReport(domain, DomainQuota.UNLIMITED, QuotaUsage.NONE, 0);
    }

    @Override
    public List<QuotaDrift> recalculateQuota(Optional<String> domain) {
        return List.of();
    }

    @Override
    public void setMailboxSuspended(MailboxAddress address, boolean suspended) {
    }

    @Override
    public void setDomainSuspended(String domain, boolean suspended) {
    }

    @Override
    public AppPassword addAppPassword(MailboxAddress address, String name, String passwordHash) {
        existing(address);
        return new AppPassword(name, passwordHash, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @Override
    public List<AppPassword> appPasswords(MailboxAddress address) {
        return existing(address).appPasswords();
    }

    @Override
    public void revokeAppPassword(MailboxAddress address, String name) {
    }

    @Override
    public Optional<DeliveryOutcome> deliveryRefusal(MailboxAddress address, long octets) {
        return RecipientExpansion.refusal(this, address, octets);
    }

    @Override
    public void setDomainLoginDelay(String domain, java.time.Duration delay) {
    }

    @Override
    public void setMailboxLoginDelay(MailboxAddress address, Optional<java.time.Duration> delay) {
    }

    /** None: neither the mailbox nor its domain has a delay. */
    @Override
    public org.postbox.mailstore.LoginDelay loginDelay(MailboxAddress address) {
        existing(address);
        return new org.postbox.mailstore.LoginDelay(Optional.empty(), java.time.Duration.ZERO);
    }

    @Override
    public Optional<java.time.Duration> leastLoginDelay() {
        return Optional.empty();
    }

    // Retention: nothing expires, nothing is held.

    @Override
    public DomainRetention domainRetention(String domain) {
        return DomainRetention.DEFAULT;
    }

    @Override
    public void setDomainRetention(String domain, DomainRetention retention) {
    }

    @Override
    public MailboxRetention mailboxRetention(MailboxAddress address) {
        existing(address);
        return new MailboxRetention(address, Optional.empty(), DomainRetention.DEFAULT);
    }

    @Override
    public void setMailboxExpire(MailboxAddress address, Optional<Expire> expire) {
    }

    @Override
    public Expire shortestExpire() {
        return Expire.NEVER;
    }

    private Account existing(MailboxAddress address) {
        return account(address).orElseThrow(() -> new NoSuchMailboxException("no mailbox " + address));
    }
}
