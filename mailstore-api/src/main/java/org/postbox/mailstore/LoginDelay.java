package org.postbox.mailstore;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A mailbox's RFC 2449 LOGIN-DELAY (section 6.5): the least time between two of its logins, its
 * own when it has one, else its domain's. Whole seconds, from 0 (none) to a day.
 *
 * @param mailbox the mailbox's own delay, empty when it takes its domain's
 * @param domain  its domain's delay, zero for none
 */
public record LoginDelay(Optional<Duration> mailbox, Duration domain) {

    /** The longest delay a store keeps: clients poll at least daily. */
    public static final Duration MAX = Duration.ofDays(1);

    public LoginDelay {
        Objects.requireNonNull(mailbox, "mailbox").ifPresent(LoginDelay::check);
        check(domain);
    }

    /** The delay in force for the mailbox. */
    public Duration effective() {
        return mailbox.orElse(domain);
    }

    /**
     * {@code delay} if it is whole seconds from 0 to {@link #MAX}.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static Duration check(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative() || delay.compareTo(MAX) > 0 || delay.getNano() != 0) {
            throw new IllegalArgumentException("a login delay is whole seconds from 0 to " + MAX.toSeconds() + ", got "
                    + delay.toMillis() + " ms");
        }
        return delay;
    }
}
