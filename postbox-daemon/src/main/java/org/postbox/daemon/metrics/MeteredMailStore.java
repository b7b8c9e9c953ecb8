package org.postbox.daemon.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.postbox.mailstore.AdminTokens;
import org.postbox.mailstore.DeliveryKey;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxHistory;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageImporter;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.StoreMeter;
import org.postbox.mailstore.SweepOutcome;
import org.postbox.mailstore.UsageChange;

/** A store whose every call is timed ({@link StoreTimers}); behaviour is the wrapped store's, unchanged. */
final class MeteredMailStore implements MailStore {

    private final MailStore delegate;
    private final StoreTimers timers;
    private final Directory directory;

    MeteredMailStore(MailStore delegate, StoreTimers timers) {
        this.delegate = delegate;
        this.timers = timers;
        this.directory = new MeteredDirectory(delegate.directory(), timers);
    }

    @Override
    public Directory directory() {
        return directory;
    }

    /** Passed through untimed: the admin API's token checks are not mail store work worth a timer. */
    @Override
    public AdminTokens adminTokens() {
        return delegate.adminTokens();
    }

    @Override
    public MailboxHistory history() {
        return delegate.history();
    }

    @Override
    public Maildrop open(MailboxAddress address) {
        return new MeteredMaildrop(timers.time("open", () -> delegate.open(address)), timers);
    }

    /** Passed through untimed: imports are the CLI's, never the daemon's work. */
    @Override
    public MessageImporter importer() {
        return delegate.importer();
    }

    @Override
    public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message) {
        List<DeliveryOutcome> outcomes = timers.time("deliver", () -> delegate.deliver(recipients, message));
        outcomes.forEach(timers::delivered);
        return outcomes;
    }

    @Override
    public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message, DeliveryKey key) {
        List<DeliveryOutcome> outcomes = timers.time("deliver", () -> delegate.deliver(recipients, message, key));
        outcomes.forEach(timers::delivered);
        return outcomes;
    }

    @Override
    public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message,
                                         Optional<DeliveryKey> key, Consumer<UsageChange> counted) {
        List<DeliveryOutcome> outcomes = timers.time("deliver", () -> delegate.deliver(recipients, message, key, counted));
        outcomes.forEach(timers::delivered);
        return outcomes;
    }

    /** Timed, but not counted as a delivery: a notice is the server's own message (a quota warning). */
    @Override
    public DeliveryOutcome deliverNotice(MailboxAddress mailbox, MessageSource message) {
        return timers.time("deliver_notice", () -> delegate.deliverNotice(mailbox, message));
    }

    @Override
    public SweepOutcome sweepRetention(MailboxAddress address, Instant now, int limit) {
        return timers.time("sweep_retention", () -> delegate.sweepRetention(address, now, limit));
    }

    @Override
    public int undelete(MailboxAddress address, Optional<Instant> since) {
        return timers.time("undelete", () -> delegate.undelete(address, since));
    }

    @Override
    public List<StoreMeter> meters() {
        return delegate.meters();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
