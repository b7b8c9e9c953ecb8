package org.postbox.lmtp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.Alias;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.AppPassword;
import org.postbox.mailstore.AdminTokens;
import org.postbox.mailstore.DeliveryKey;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.DomainQuotaReport;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MailboxQuotaReport;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageImporter;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.QuotaDrift;
import org.postbox.mailstore.StoreMeter;
import org.postbox.mailstore.StoreUnavailableException;

/**
 * A real store with scripted failures on top: lookups of some mailboxes fail as if the store were
 * unreachable, and deliveries to some return a given outcome (over quota, temporary failure)
 * without touching the real store; deliveries can be held until the test lets them go. Everything
 * else goes to the real store. The threads that deliver are noted.
 */
final class ScriptedStore implements MailStore {

    private final MailStore real;
    private final Set<MailboxAddress> unavailable = ConcurrentHashMap.newKeySet();
    private final Map<MailboxAddress, DeliveryOutcome> outcomes = new ConcurrentHashMap<>();
    private final ScriptedDirectory directory = new ScriptedDirectory();
    private final Queue<String> deliveringThreads = new ConcurrentLinkedQueue<>();
    private final CountDownLatch deliveryHeld = new CountDownLatch(1);
    private final CountDownLatch deliveriesReleased = new CountDownLatch(1);
    private volatile boolean holdDeliveries;

    ScriptedStore(MailStore real) {
        this.real = real;
    }

    /** From now on, a delivery waits in the store until {@link #releaseDeliveries()}. */
    void holdDeliveries() {
        holdDeliveries = true;
    }

    void releaseDeliveries() {
        holdDeliveries = false;
        deliveriesReleased.countDown();
    }

    /** Whether a delivery is waiting in the store, after up to {@code timeout}. */
    boolean awaitHeldDelivery(Duration timeout) throws InterruptedException {
        return deliveryHeld.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The names of the threads that delivered, in order. */
    List<String> deliveringThreads() {
        return List.copyOf(deliveringThreads);
    }

    MailStore real() {
        return real;
    }

    void unavailable(MailboxAddress address) {
        unavailable.add(address);
    }

    void outcome(MailboxAddress address, DeliveryOutcome outcome) {
        outcomes.put(address, outcome);
    }

    @Override
    public Directory directory() {
        return directory;
    }

    @Override
    public AdminTokens adminTokens() {
        return real.adminTokens();
    }

    @Override
    public org.postbox.mailstore.MailboxHistory history() {
        return real.history();
    }

    @Override
    public Maildrop open(MailboxAddress address) {
        return real.open(address);
    }

    @Override
    public MessageImporter importer() {
        return real.importer();
    }

    @Override
    public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message) {
        return deliver(recipients, message, Optional.empty(), change -> { });
    }

    @Override
    public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message, DeliveryKey key) {
        return deliver(recipients, message, Optional.of(key), change -> { });
    }

    @Override
    public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message, Optional<DeliveryKey> key,
                                         java.util.function.Consumer<org.postbox.mailstore.UsageChange> counted) {
        deliveringThreads.add(Thread.currentThread().getName());
        if (holdDeliveries) {
            deliveryHeld.countDown();
            awaitRelease();
        }
        List<DeliveryOutcome> result = new ArrayList<>();
        for (MailboxAddress recipient : recipients) {
            DeliveryOutcome scripted = outcomes.get(recipient);
            result.add(scripted != null ? scripted
                    : real.deliver(List.of(recipient), message, key, counted).get(0));
        }
        return result;
    }

    private void awaitRelease() {
        try {
            if (!deliveriesReleased.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the held delivery");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    @Override
    public DeliveryOutcome deliverNotice(MailboxAddress mailbox, MessageSource message) {
        return real.deliverNotice(mailbox, message);
    }

    @Override
    public org.postbox.mailstore.SweepOutcome sweepRetention(MailboxAddress address, java.time.Instant now, int limit) {
        return real.sweepRetention(address, now, limit);
    }

    @Override
    public int undelete(MailboxAddress address, Optional<java.time.Instant> since) {
        return real.undelete(address, since);
    }

    @Override
    public List<StoreMeter> meters() {
        return real.meters();
    }

    @Override
    public void close() {
        real.close();
    }

    private final class ScriptedDirectory implements Directory {
        @Override
        public void addDomain(String domain) {
            real.directory().addDomain(domain);
        }

        @Override
        public List<Domain> domains() {
            return real.directory().domains();
        }

        @Override
        public void removeDomain(String domain) {
            real.directory().removeDomain(domain);
        }

        @Override
        public void addMailbox(MailboxAddress address, String passwordHash) {
            real.directory().addMailbox(address, passwordHash);
        }

        @Override
        public List<Mailbox> mailboxes(Optional<String> domain) {
            return real.directory().mailboxes(domain);
        }

        @Override
        public void setPasswordHash(MailboxAddress address, String passwordHash) {
            real.directory().setPasswordHash(address, passwordHash);
        }

        @Override
        public void removeMailbox(MailboxAddress address) {
            real.directory().removeMailbox(address);
        }

        @Override
        public void renameMailbox(MailboxAddress from, MailboxAddress to) {
            real.directory().renameMailbox(from, to);
        }

        @Override
        public void recordLogin(MailboxAddress address, java.time.Instant when) {
            real.directory().recordLogin(address, when);
        }

        @Override
        public void setMailboxPop3Enabled(MailboxAddress address, boolean enabled) {
            real.directory().setMailboxPop3Enabled(address, enabled);
        }

        @Override
        public void setDomainPop3Enabled(String domain, boolean enabled) {
            real.directory().setDomainPop3Enabled(domain, enabled);
        }

        @Override
        public org.postbox.mailstore.DomainRetention domainRetention(String domain) {
            return real.directory().domainRetention(domain);
        }

        @Override
        public void setDomainRetention(String domain, org.postbox.mailstore.DomainRetention retention) {
            real.directory().setDomainRetention(domain, retention);
        }

        @Override
        public org.postbox.mailstore.MailboxRetention mailboxRetention(MailboxAddress address) {
            return real.directory().mailboxRetention(address);
        }

        @Override
        public void setMailboxExpire(MailboxAddress address, Optional<org.postbox.mailstore.Expire> expire) {
            real.directory().setMailboxExpire(address, expire);
        }

        @Override
        public org.postbox.mailstore.Expire shortestExpire() {
            return real.directory().shortestExpire();
        }

        @Override
        public void setAlias(Alias alias) {
            real.directory().setAlias(alias);
        }

        @Override
        public List<Alias> aliases(String domain) {
            return real.directory().aliases(domain);
        }

        @Override
        public void removeAlias(AliasName name) {
            real.directory().removeAlias(name);
        }

        @Override
        public List<MailboxAddress> resolve(MailboxAddress recipient) {
            if (unavailable.contains(recipient)) {
                throw new StoreUnavailableException("scripted: the directory of " + recipient + " cannot be read");
            }
            return real.directory().resolve(recipient);
        }

        @Override
        public Optional<Account> account(MailboxAddress address) {
            if (unavailable.contains(address)) {
                throw new StoreUnavailableException("scripted: the directory of " + address + " cannot be read");
            }
            return real.directory().account(address);
        }

        @Override
        public void setMailboxQuota(MailboxAddress address, MailboxQuota quota) {
            real.directory().setMailboxQuota(address, quota);
        }

        @Override
        public void setDomainQuota(String domain, DomainQuota quota) {
            real.directory().setDomainQuota(domain, quota);
        }

        @Override
        public MailboxQuotaReport mailboxQuota(MailboxAddress address) {
            return real.directory().mailboxQuota(address);
        }

        @Override
        public DomainQuotaReport domainQuota(String domain) {
            return real.directory().domainQuota(domain);
        }

        @Override
        public List<QuotaDrift> recalculateQuota(Optional<String> domain) {
            return real.directory().recalculateQuota(domain);
        }

        @Override
        public void setMailboxSuspended(MailboxAddress address, boolean suspended) {
            real.directory().setMailboxSuspended(address, suspended);
        }

        @Override
        public void setDomainSuspended(String domain, boolean suspended) {
            real.directory().setDomainSuspended(domain, suspended);
        }

        @Override
        public AppPassword addAppPassword(MailboxAddress address, String name, String passwordHash) {
            return real.directory().addAppPassword(address, name, passwordHash);
        }

        @Override
        public List<AppPassword> appPasswords(MailboxAddress address) {
            return real.directory().appPasswords(address);
        }

        @Override
        public void revokeAppPassword(MailboxAddress address, String name) {
            real.directory().revokeAppPassword(address, name);
        }

        @Override
        public Optional<DeliveryOutcome> deliveryRefusal(MailboxAddress address, long octets) {
            if (unavailable.contains(address)) {
                throw new StoreUnavailableException("scripted: the directory of " + address + " cannot be read");
            }
            return real.directory().deliveryRefusal(address, octets);
        }

        @Override
        public void setDomainLoginDelay(String domain, java.time.Duration delay) {
            real.directory().setDomainLoginDelay(domain, delay);
        }

        @Override
        public void setMailboxLoginDelay(MailboxAddress address, Optional<java.time.Duration> delay) {
            real.directory().setMailboxLoginDelay(address, delay);
        }

        @Override
        public org.postbox.mailstore.LoginDelay loginDelay(MailboxAddress address) {
            return real.directory().loginDelay(address);
        }

        @Override
        public Optional<java.time.Duration> leastLoginDelay() {
            return real.directory().leastLoginDelay();
        }
    }
}
