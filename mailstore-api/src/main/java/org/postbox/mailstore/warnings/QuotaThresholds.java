package org.postbox.mailstore.warnings;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.UsageChange;

/**
 * The fill levels, in percent of a mailbox's limits, at which its owner is warned. A mailbox is
 * at a level when its storage or its message count (each only if limited) has reached that
 * percentage; a copy crosses a level when its mailbox was below it before the copy and at it after.
 *
 * @param percents ascending, distinct, each from 1 to 100; empty turns warnings off
 */
public record QuotaThresholds(List<Integer> percents) {

    private static final BigInteger HUNDRED = BigInteger.valueOf(100);

    /** 80 % and 95 %. */
    public static final QuotaThresholds DEFAULT = new QuotaThresholds(List.of(80, 95));

    public QuotaThresholds {
        percents = List.copyOf(percents);
        for (int i = 0; i < percents.size(); i++) {
            int percent = percents.get(i);
            if (percent < 1 || percent > 100) {
                throw new IllegalArgumentException("a threshold is a percentage from 1 to 100, got " + percent);
            }
            if (i > 0 && percent <= percents.get(i - 1)) {
                throw new IllegalArgumentException("thresholds must be ascending and distinct, got " + percents);
            }
        }
    }

    /** From percentages in any order; duplicates are one threshold. */
    public static QuotaThresholds of(List<Integer> percents) {
        List<Integer> sorted = new ArrayList<>(percents.stream().distinct().sorted().toList());
        return new QuotaThresholds(sorted);
    }

    public boolean off() {
        return percents.isEmpty();
    }

    /**
     * The highest threshold that {@code change} took its mailbox across, if any: one warning per
     * copy however many levels it passed at once. A mailbox without limits crosses none.
     */
    public OptionalInt crossed(UsageChange change) {
        OptionalInt crossed = OptionalInt.empty();
        for (int percent : percents) {
            if (!reached(change.before(), change.limit(), percent) && reached(change.after(), change.limit(), percent)) {
                crossed = OptionalInt.of(percent);
            }
        }
        return crossed;
    }

    /** Whether {@code usage} has reached {@code percent} % of a limit, in whole numbers (no rounding). */
    static boolean reached(QuotaUsage usage, MailboxQuota limit, int percent) {
        return reached(usage.storedOctets(), limit.storageOctets(), percent)
                || reached(usage.messages(), limit.messages(), percent);
    }

    private static boolean reached(long used, long limit, int percent) {
        // used / limit >= percent / 100, in exact arithmetic whatever the sizes.
        return limit > 0 && BigInteger.valueOf(used).multiply(HUNDRED)
                .compareTo(BigInteger.valueOf(limit).multiply(BigInteger.valueOf(percent))) >= 0;
    }

    /** How full the mailbox is, in whole percent (rounded down) of whichever limit it is nearest to. */
    static long percent(QuotaUsage usage, MailboxQuota limit) {
        return Math.max(percent(usage.storedOctets(), limit.storageOctets()),
                percent(usage.messages(), limit.messages()));
    }

    private static long percent(long used, long limit) {
        if (limit <= 0 || used <= 0) {
            return 0;
        }
        return BigInteger.valueOf(used).multiply(HUNDRED).divide(BigInteger.valueOf(limit)).longValue();
    }
}
