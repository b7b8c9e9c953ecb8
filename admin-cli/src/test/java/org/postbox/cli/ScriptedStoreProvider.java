package org.postbox.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.AdminTokens;
import org.postbox.mailstore.Alias;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.AppPassword;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.DomainQuotaReport;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MailboxQuotaReport;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageImporter;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.QuotaDrift;
import org.postbox.mailstore.StoreConfigException;
import org.postbox.mailstore.StoreMeter;
import org.postbox.mailstore.StoreUnavailableException;

/**
 * {@code store.type: scripted}: a store whose every answer is a failure chosen by the setting
 * {@code failure} ({@code over-quota}, {@code temporary}, {@code unavailable}). It exists to reach
 * the exit statuses a healthy Maildir on a local disk never produces.
 */
public final class ScriptedStoreProvider implements MailStoreProvider {

    @Override
    public String type() {
        return "scripted";
    }

    @Override
    public MailStore open(Map<String, Object> settings, Path baseDir) {
        Object failure = settings.get("failure");
        if (!List.of("over-quota", "temporary", "unavailable").contains(failure)) {
            throw new StoreConfigException("store.failure", "use over-quota, temporary or unavailable");
        }
        return new ScriptedStore((String) failure);
    }

    private static final class ScriptedStore implements MailStore, Directory {
        private final String failure;

        ScriptedStore(String failure) {
            this.failure = failure;
        }

        @Override
        public Directory directory() {
            return this;
        }

        @Override
        public AdminTokens adminTokens() {
            throw unavailable();
        }

        @Override
        public org.postbox.mailstore.MailboxHistory history() {
            throw unavailable();
        }

        @Override
        public void renameMailbox(MailboxAddress from, MailboxAddress to) {
            throw unavailable();
        }

        @Override
        public void recordLogin(MailboxAddress address, java.time.Instant when) {
            throw unavailable();
        }

        @Override
        public void setMailboxPop3Enabled(MailboxAddress address, boolean enabled) {
            throw unavailable();
        }

        @Override
        public void setDomainPop3Enabled(String domain, boolean enabled) {
            throw unavailable();
        }

        @Override
        public org.postbox.mailstore.DomainRetention domainRetention(String domain) {
            throw unavailable();
        }

        @Override
        public void setDomainRetention(String domain, org.postbox.mailstore.DomainRetention retention) {
            throw unavailable();
        }

        @Override
        public org.postbox.mailstore.MailboxRetention mailboxRetention(MailboxAddress address) {
            throw unavailable();
        }

        @Override
        public void setMailboxExpire(MailboxAddress address, Optional<org.postbox.mailstore.Expire> expire) {
            throw unavailable();
        }

        @Override
        public org.postbox.mailstore.Expire shortestExpire() {
            throw unavailable();
        }

        @Override
        public void setAlias(Alias alias) {
            throw unavailable();
        }

        @Override
        public List<Alias> aliases(String domain) {
            throw unavailable();
        }

        @Override
        public void removeAlias(AliasName name) {
            throw unavailable();
        }

        @Override
        public List<MailboxAddress> resolve(MailboxAddress recipient) {
            throw unavailable();
        }

        @Override
        public Maildrop open(MailboxAddress address) {
            throw unavailable();
        }

        @Override
        public MessageImporter importer() {
            return address -> {
                throw unavailable();
            };
        }

        @Override
        public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message) {
            if (failure.equals("unavailable")) {
                throw unavailable();
            }
            List<DeliveryOutcome> outcomes = new ArrayList<>();
            for (MailboxAddress recipient : recipients) {
                if (recipient.localPart().startsWith("unknown")) {
                    outcomes.add(new DeliveryOutcome.NoSuchMailbox());
                } else if (failure.equals("over-quota")) {
                    outcomes.add(new DeliveryOutcome.OverQuota("mailbox quota of 1 MiB reached"));
                } else {
                    outcomes.add(new DeliveryOutcome.TemporaryFailure("disk full"));
                }
            }
            return outcomes;
        }

        @Override
        public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message,
                                             org.postbox.mailstore.DeliveryKey key) {
            return deliver(recipients, message);
        }

        @Override
        public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message,
                                             Optional<org.postbox.mailstore.DeliveryKey> key,
                                             java.util.function.Consumer<org.postbox.mailstore.UsageChange> counted) {
            return deliver(recipients, message);
        }

        @Override
        public DeliveryOutcome deliverNotice(MailboxAddress mailbox, MessageSource message) {
            return deliver(List.of(mailbox), message).get(0);
        }

        @Override
        public org.postbox.mailstore.SweepOutcome sweepRetention(MailboxAddress address, java.time.Instant now, int limit) {
            throw unavailable();
        }

        @Override
        public int undelete(MailboxAddress address, Optional<java.time.Instant> since) {
            throw unavailable();
        }

        private StoreUnavailableException unavailable() {
            return new StoreUnavailableException("the store is unavailable: scripted failure");
        }

        @Override
        public void addDomain(String domain) {
            throw unavailable();
        }

        @Override
        public List<Domain> domains() {
            throw unavailable();
        }

        @Override
        public void removeDomain(String domain) {
            throw unavailable();
        }

        @Override
        public void addMailbox(MailboxAddress address, String passwordHash) {
            throw unavailable();
        }

        @Override
        public List<Mailbox> mailboxes(Optional<String> domain) {
            throw unavailable();
        }

        @Override
        public void setPasswordHash(MailboxAddress address, String passwordHash) {
            throw unavailable();
        }

        @Override
        public void removeMailbox(MailboxAddress address) {
            throw unavailable();
        }

        @Override
        public Optional<Account> account(MailboxAddress address) {
            throw unavailable();
        }

        @Override
        public void setMailboxQuota(MailboxAddress address, MailboxQuota quota) {
            throw unavailable();
        }

        @Override
        public void setDomainQuota(String domain, DomainQuota quota) {
            throw unavailable();
        }

        @Override
        public MailboxQuotaReport mailboxQuota(MailboxAddress address) {
            throw unavailable();
        }

        @Override
        public DomainQuotaReport domainQuota(String domain) {
            throw unavailable();
        }

        @Override
        public List<QuotaDrift> recalculateQuota(Optional<String> domain) {
            throw unavailable();
        }

        @Override
        public void setMailboxSuspended(MailboxAddress address, boolean suspended) {
            throw unavailable();
        }

        @Override
        public void setDomainSuspended(String domain, boolean suspended) {
            throw unavailable();
        }

        @Override
        public AppPassword addAppPassword(MailboxAddress address, String name, String passwordHash) {
            throw unavailable();
        }

        @Override
        public List<AppPassword> appPasswords(MailboxAddress address) {
            throw unavailable();
        }

        @Override
        public void revokeAppPassword(MailboxAddress address, String name) {
            throw unavailable();
        }

        @Override
        public Optional<DeliveryOutcome> deliveryRefusal(MailboxAddress address, long octets) {
            throw unavailable();
        }

        @Override
        public void setDomainLoginDelay(String domain, java.time.Duration delay) {
            throw unavailable();
        }

        @Override
        public void setMailboxLoginDelay(MailboxAddress address, Optional<java.time.Duration> delay) {
            throw unavailable();
        }

        @Override
        public org.postbox.mailstore.LoginDelay loginDelay(MailboxAddress address) {
            throw unavailable();
        }

        @Override
        public Optional<java.time.Duration> leastLoginDelay() {
            throw unavailable();
        }

        @Override
        public List<StoreMeter> meters() {
            return List.of();
        }

        @Override
        public void close() {
        }
    }
}
