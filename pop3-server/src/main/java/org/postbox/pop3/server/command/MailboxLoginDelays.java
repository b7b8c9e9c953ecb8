package org.postbox.pop3.server.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.postbox.mailstore.HistoryEvent;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's LOGIN-DELAY (RFC 2449 section 6.5): each domain's, or a mailbox's own
 * ({@link org.postbox.mailstore.Directory#loginDelay}), measured from the mailbox's previous
 * successful login as its history recorded it, so that it holds across restarts and across the
 * daemons of one store. The least delay, which CAPA shows before login and which tells whether any
 * is set at all, is read at most every {@value #LEAST_REFRESH_SECONDS} seconds; only while some
 * delay is set does a login read its mailbox's. A delay that
 * cannot be read is taken as none (logged): a login let in early is the harmless side to err on.
 */
final class MailboxLoginDelays {

    static final long LEAST_REFRESH_SECONDS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(MailboxLoginDelays.class);

    private final MailStore store;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private volatile Least least;

    private record Least(Optional<Duration> delay, long readAt) {
    }

    MailboxLoginDelays(MailStore store, Clock clock, LongSupplier nanoTime) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** How long {@code address} must still wait before it may log in; zero when it may now. */
    Duration remaining(MailboxAddress address) {
        if (least().isEmpty()) {
            return Duration.ZERO; // no domain and no mailbox has one: no read per login
        }
        try {
            Duration delay = store.directory().loginDelay(address).effective();
            if (delay.isZero()) {
                return Duration.ZERO;
            }
            Instant now = clock.instant();
            // Newest first: the first login found is the previous one.
            for (HistoryEvent event : store.history().events(address, now.minus(delay))) {
                if (event instanceof HistoryEvent.Login login) {
                    Duration left = Duration.between(now, login.at().plus(delay));
                    return left.isNegative() ? Duration.ZERO : left;
                }
            }
            return Duration.ZERO;
        } catch (RuntimeException e) {
            LOG.warn("cannot read the login delay of {}, taken as none: {}", address, e.toString());
            return Duration.ZERO;
        }
    }

    /** The delay of {@code address}, as CAPA shows it after login. */
    Duration of(MailboxAddress address) {
        try {
            return store.directory().loginDelay(address).effective();
        } catch (RuntimeException e) {
            LOG.warn("cannot read the login delay of {}: {}", address, e.toString());
            return Duration.ZERO;
        }
    }

    /** The least delay of any mailbox, empty when none is set anywhere, as CAPA shows it before login. */
    Optional<Duration> least() {
        long now = nanoTime.getAsLong();
        Least known = least;
        if (known == null || now - known.readAt() >= TimeUnit.SECONDS.toNanos(LEAST_REFRESH_SECONDS)) {
            try {
                known = new Least(store.directory().leastLoginDelay(), now);
            } catch (RuntimeException e) {
                LOG.warn("cannot read the least login delay: {}", e.toString());
                known = new Least(known == null ? Optional.empty() : known.delay(), now);
            }
            least = known;
        }
        return known.delay();
    }
}
