package org.postbox.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The daemon's retention sweeper (docs/retention.md): how often it goes through every mailbox to
 * delete retrieved mail past its domain's or mailbox's {@code EXPIRE} and to purge held mail past
 * its domain's hold, and how many messages it removes from one mailbox at a time (while it holds
 * that maildrop's lock).
 *
 * <pre>
 * retention:
 *   sweep-interval: 1h   # default 1h; 1m to 7d
 *   batch-size: 1000     # default 1000; 1 to 1000000
 * </pre>
 */
public record RetentionConfig(Duration sweepInterval, int batchSize) {

    public static final RetentionConfig DEFAULTS = new RetentionConfig(Duration.ofHours(1), 1000);

    public RetentionConfig {
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("sweep interval must be positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
    }

    static RetentionConfig read(ConfigNode section) {
        RetentionConfig retention = new RetentionConfig(
                section.duration("sweep-interval", DEFAULTS.sweepInterval(), Duration.ofMinutes(1), Duration.ofDays(7)),
                section.integer("batch-size", DEFAULTS.batchSize(), 1, 1_000_000));
        section.rejectUnknownKeys();
        return retention;
    }
}
