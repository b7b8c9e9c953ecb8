package org.postbox.mailstore;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How much of a mailbox's {@link MailboxHistory} is kept: events younger than {@code keep}, and
 * of those at most the newest {@code maxEvents}.
 */
public record HistoryRetention(Duration keep, int maxEvents) {

    /** 90 days and 1000 events a mailbox. */
    public static final HistoryRetention DEFAULTS = new HistoryRetention(Duration.ofDays(90), 1000);

    public HistoryRetention {
        Objects.requireNonNull(keep, "keep");
        if (keep.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("history is kept at least 1 day, got " + keep);
        }
        if (maxEvents < 1) {
            throw new IllegalArgumentException("history keeps at least 1 event, got " + maxEvents);
        }
    }

    /** The oldest time still kept at {@code now}. */
    public Instant horizon(Instant now) {
        return now.minus(keep);
    }
}
