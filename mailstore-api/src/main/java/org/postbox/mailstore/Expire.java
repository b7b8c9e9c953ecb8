package org.postbox.mailstore;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * How long a mailbox keeps a message after it was first retrieved (RFC 2449 section 6.7,
 * {@code EXPIRE}): a number of days, or {@link #NEVER}. Zero days means retrieved mail goes at
 * the next sweep.
 *
 * @param days 0 to {@link #MAX_DAYS}, or -1 for never
 */
public record Expire(int days) implements Comparable<Expire> {

    /** Retrieved mail is kept until the client deletes it: POP3's default. */
    public static final Expire NEVER = new Expire(-1);

    /** A hundred years; more is never meant. */
    public static final int MAX_DAYS = 36_500;

    public Expire {
        if (days < -1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("expire days must be 0 to " + MAX_DAYS + " or never, got " + days);
        }
    }

    public static Expire days(int days) {
        if (days < 0) {
            throw new IllegalArgumentException("expire days must be 0 to " + MAX_DAYS + " or never, got " + days);
        }
        return new Expire(days);
    }

    /**
     * {@code never} (any case) or a number of days.
     *
     * @throws IllegalArgumentException if it is neither
     */
    public static Expire parse(String text) {
        String value = text.strip();
        if (value.toLowerCase(Locale.ROOT).equals("never")) {
            return NEVER;
        }
        if (value.isEmpty() || value.length() > 6 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("expected a number of days or 'never', got '" + text + "'");
        }
        return days(Integer.parseInt(value));
    }

    public boolean isNever() {
        return days < 0;
    }

    /** Messages first retrieved before this instant are due at {@code now}; empty for never. */
    public Optional<Instant> cutoff(Instant now) {
        return isNever() ? Optional.empty() : Optional.of(now.minus(Duration.ofDays(days)));
    }

    /** The shorter of the two (never being the longest). */
    public Expire shorter(Expire other) {
        return compareTo(other) <= 0 ? this : other;
    }

    @Override
    public int compareTo(Expire other) {
        return Long.compare(isNever() ? Long.MAX_VALUE : days, other.isNever() ? Long.MAX_VALUE : other.days);
    }

    /** As CAPA shows it: {@code NEVER} or the days. */
    @Override
    public String toString() {
        return isNever() ? "NEVER" : Integer.toString(days);
    }
}
