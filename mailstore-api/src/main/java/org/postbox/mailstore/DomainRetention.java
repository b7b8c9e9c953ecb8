package org.postbox.mailstore;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A domain's retention settings: how long its mailboxes keep retrieved mail ({@link Expire}, each
 * mailbox may set its own) and how many days messages deleted by a POP3 session stay held, hidden
 * but restorable ({@code postbox mailbox undelete}), before they are purged.
 *
 * @param holdDays              0 (no hold: deletions are final) to {@link Expire#MAX_DAYS}
 * @param heldCountsTowardQuota whether held messages still count toward the mailbox's and the
 *                              domain's quota usage
 */
public record DomainRetention(Expire expire, int holdDays, boolean heldCountsTowardQuota) {

    /** Nothing expires, nothing is held. */
    public static final DomainRetention DEFAULT = new DomainRetention(Expire.NEVER, 0, false);

    public DomainRetention {
        Objects.requireNonNull(expire, "expire");
        if (holdDays < 0 || holdDays > Expire.MAX_DAYS) {
            throw new IllegalArgumentException("hold days must be 0 to " + Expire.MAX_DAYS + ", got " + holdDays);
        }
    }

    public boolean holds() {
        return holdDays > 0;
    }

    /** Messages held before this instant are purged at {@code now}; with no hold, every held message. */
    public Instant purgeCutoff(Instant now) {
        return holdDays == 0 ? Instant.MAX : now.minus(Duration.ofDays(holdDays));
    }

    public DomainRetention withExpire(Expire newExpire) {
        return new DomainRetention(newExpire, holdDays, heldCountsTowardQuota);
    }

    public DomainRetention withHoldDays(int newHoldDays) {
        return new DomainRetention(expire, newHoldDays, heldCountsTowardQuota);
    }

    public DomainRetention withHeldCountsTowardQuota(boolean counts) {
        return new DomainRetention(expire, holdDays, counts);
    }
}
