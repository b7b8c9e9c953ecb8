package org.postbox.mailstore.warnings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

import org.postbox.mailstore.AdminTokens;
import org.postbox.mailstore.DeliveryKey;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxHistory;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageImporter;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.StoreMeter;
import org.postbox.mailstore.SweepOutcome;
import org.postbox.mailstore.UsageChange;

/**
 * A store that warns a mailbox's owner when a delivery takes the mailbox across a threshold of its
 * quota ({@link QuotaThresholds}): one warning message, stored in the mailbox right after the
 * delivery, for the highest threshold the copy crossed. Whether a copy crossed is decided from the
 * usage before and after it as the backend counted them under its quota lock ({@link UsageChange}),
 * so of concurrent deliveries exactly one warns, and a mailbox that stays above a threshold is not
 * warned again until it has fallen below and crossed once more.
 *
 * <p>The warning is a notice ({@link MailStore#deliverNotice}): no quota refuses it, and it does
 * not itself warn. It never changes the delivery's outcome: if it cannot be stored, the observer
 * is told and the delivery stands. Everything else passes through to the backend unchanged. LMTP
 * and {@code postbox deliver} both deliver through this store.
 */
public final class QuotaWarningStore implements MailStore {

    private final MailStore backend;
    private final QuotaWarningSettings settings;
    private final QuotaWarningObserver observer;
    private final WarningTemplates templates;

    private QuotaWarningStore(MailStore backend, QuotaWarningSettings settings, QuotaWarningObserver observer) {
        this.backend = backend;
        this.settings = settings;
        this.observer = observer;
        this.templates = new WarningTemplates(settings.templates(), observer);
    }

    /** {@code backend} with quota warnings, or {@code backend} itself when no threshold is configured. */
    public static MailStore wrap(MailStore backend, QuotaWarningSettings settings, QuotaWarningObserver observer) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(observer, "observer");
        return settings.thresholds().off() ? backend : new QuotaWarningStore(backend, settings, observer);
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
    public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message,
                                         Optional<DeliveryKey> key, Consumer<UsageChange> counted) {
        List<UsageChange> changes = new ArrayList<>();
        List<DeliveryOutcome> outcomes = backend.deliver(recipients, message, key, change -> {
            changes.add(change);
            counted.accept(change);
        });
        for (UsageChange change : changes) {
            OptionalInt threshold = settings.thresholds().crossed(change);
            if (threshold.isPresent()) {
                warn(change, threshold.getAsInt());
            }
        }
        return outcomes;
    }

    private void warn(UsageChange change, int threshold) {
        MailboxAddress mailbox = change.mailbox();
        DeliveryOutcome outcome;
        try {
            WarningTemplate.Rendered text = templates.forDomain(mailbox.domain())
                    .render(WarningMessage.values(change, threshold));
            MailboxAddress from = settings.sender().orElseGet(() -> MailboxAddress.parse("postmaster@" + mailbox.domain()));
            byte[] warning = WarningMessage.compose(mailbox, from, settings.clock().instant(), threshold, text);
            outcome = backend.deliverNotice(mailbox, MessageSource.of(warning));
        } catch (RuntimeException e) {
            // The delivery is stored already; a warning that fails must not turn it into a failure.
            observer.notStored(mailbox, threshold, e.toString());
            return;
        }
        if (outcome instanceof DeliveryOutcome.Delivered) {
            observer.sent(mailbox, threshold);
        } else {
            observer.notStored(mailbox, threshold, outcome.toString());
        }
    }

    @Override
    public DeliveryOutcome deliverNotice(MailboxAddress mailbox, MessageSource message) {
        return backend.deliverNotice(mailbox, message);
    }

    @Override
    public Directory directory() {
        return backend.directory();
    }

    @Override
    public AdminTokens adminTokens() {
        return backend.adminTokens();
    }

    @Override
    public MailboxHistory history() {
        return backend.history();
    }

    @Override
    public SweepOutcome sweepRetention(MailboxAddress address, Instant now, int limit) {
        return backend.sweepRetention(address, now, limit);
    }

    @Override
    public int undelete(MailboxAddress address, Optional<Instant> since) {
        return backend.undelete(address, since);
    }

    @Override
    public Maildrop open(MailboxAddress address) {
        return backend.open(address);
    }

    @Override
    public MessageImporter importer() {
        return backend.importer();
    }

    @Override
    public List<StoreMeter> meters() {
        return backend.meters();
    }

    @Override
    public void close() {
        backend.close();
    }
}
