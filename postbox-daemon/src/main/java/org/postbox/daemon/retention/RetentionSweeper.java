package org.postbox.daemon.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.postbox.config.RetentionConfig;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.NoSuchMailboxException;
import org.postbox.mailstore.StoreException;
import org.postbox.mailstore.SweepOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies retention every {@link RetentionConfig#sweepInterval()}: for each mailbox, deletes
 * retrieved mail past its {@code EXPIRE} and purges held mail past its domain's hold, through
 * {@link MailStore#sweepRetention}, at most {@link RetentionConfig#batchSize()} messages per lock
 * taken, so that a session waits for one batch at most. A mailbox a session holds is skipped and
 * tried again at the next sweep; a store failure skips the mailbox too. Time comes from a
 * {@link Clock}, so tests sweep "days later" without waiting.
 */
public final class RetentionSweeper implements AutoCloseable {

    static final String EXPIRED = "postbox.retention.expired";
    static final String PURGED = "postbox.retention.purged";
    static final String SKIPPED_LOCKED = "postbox.retention.skipped.locked";
    static final String SWEEPS = "postbox.retention.sweeps";

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);

    private final MailStore store;
    private final RetentionConfig config;
    private final Clock clock;
    private final Counter expired;
    private final Counter purged;
    private final Counter skippedLocked;
    private final Counter sweeps;
    private final ScheduledExecutorService timer;

    /** What one sweep over every mailbox did. */
    public record Totals(long expired, long purged, int skippedLocked, int failed) {
    }

    public RetentionSweeper(MailStore store, RetentionConfig config, Clock clock, MeterRegistry registry) {
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.expired = Counter.builder(EXPIRED).description("retrieved messages deleted after their mailbox's EXPIRE")
                .register(registry);
        this.purged = Counter.builder(PURGED).description("held messages purged after their domain's hold")
                .register(registry);
        this.skippedLocked = Counter.builder(SKIPPED_LOCKED)
                .description("mailboxes a sweep skipped because a session held their maildrop").register(registry);
        this.sweeps = Counter.builder(SWEEPS).description("retention sweeps completed").register(registry);
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "postbox-retention-sweeper");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Sweeps every interval, the first time one interval after the start (not in the middle of starting up). */
    public RetentionSweeper start() {
        long period = config.sweepInterval().toMillis();
        timer.scheduleWithFixedDelay(this::sweepSafely, period, period, TimeUnit.MILLISECONDS);
        LOG.info("retention sweep every {}, {} message(s) per batch", config.sweepInterval(), config.batchSize());
        return this;
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: the next sweep must still happen.
            LOG.warn("retention sweep failed: {}", e.toString());
        }
    }

    /** One sweep over every mailbox, now (by the clock). */
    public Totals sweep() {
        Instant now = clock.instant();
        List<Mailbox> mailboxes = store.directory().mailboxes(Optional.empty());
        long expiredNow = 0;
        long purgedNow = 0;
        int locked = 0;
        int failed = 0;
        for (Mailbox mailbox : mailboxes) {
            try {
                SweepOutcome outcome;
                do {
                    outcome = store.sweepRetention(mailbox.address(), now, config.batchSize());
                    expiredNow += outcome.expired();
                    purgedNow += outcome.purged();
                    expired.increment(outcome.expired());
                    purged.increment(outcome.purged());
                    // A full batch may have left more: the lock was given back between batches.
                } while (outcome.total() >= config.batchSize());
            } catch (MaildropLockedException e) {
                locked++;
                skippedLocked.increment();
                LOG.debug("retention sweep skipped {}: in use", mailbox.address());
            } catch (NoSuchMailboxException e) {
                // removed or renamed since the listing
            } catch (StoreException e) {
                failed++;
                LOG.warn("retention sweep of {} failed: {}", mailbox.address(), e.getMessage());
            }
        }
        sweeps.increment();
        Totals totals = new Totals(expiredNow, purgedNow, locked, failed);
        if (expiredNow + purgedNow + locked + failed > 0) {
            LOG.info("retention sweep: {} expired, {} purged, {} mailbox(es) skipped in use, {} failed",
                    expiredNow, purgedNow, locked, failed);
        }
        return totals;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("retention sweep still running at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
