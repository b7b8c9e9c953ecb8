package org.postbox.session;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks over the sessions of one listener at a fixed period, on a timer thread of its own:
 * <ul>
 * <li>a session that has not logged in by the login deadline, counted from connect, is ended
 * ({@link EndReason#LOGIN_TIMEOUT}): unlike an idle timer, a client cannot hold a
 * connection slot for ever by sending a byte now and then;</li>
 * <li>a session whose connection closed more than the release grace ago and has still not
 * cleaned up is force-released and logged at ERROR. That is never meant to happen (every end
 * leads to the clean-up); this is the invariant's guard, so that a defect costs a user a few
 * seconds of {@code [IN-USE]} rather than a maildrop locked until a restart.</li>
 * </ul>
 */
final class SessionWatchdog {

    private static final Logger LOG = LoggerFactory.getLogger(SessionWatchdog.class);
    private static final Duration LONGEST_PERIOD = Duration.ofSeconds(1);
    private static final Duration SHORTEST_PERIOD = Duration.ofMillis(20);

    private final String listenerName;
    private final SessionRegistry registry;
    private final Duration loginDeadline;
    private final Duration releaseGrace;
    private final Runnable onForcedRelease;
    private ScheduledExecutorService timer;

    /**
     * @param loginDeadline   time from connect to login, or null when the protocol has no login
     * @param releaseGrace    how long a closed session may take to clean up before it is forced
     * @param onForcedRelease counts each forced release (a metric)
     */
    SessionWatchdog(String listenerName, SessionRegistry registry, Duration loginDeadline, Duration releaseGrace,
            Runnable onForcedRelease) {
        this.listenerName = Objects.requireNonNull(listenerName, "listenerName");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.loginDeadline = loginDeadline;
        this.releaseGrace = Objects.requireNonNull(releaseGrace, "releaseGrace");
        this.onForcedRelease = Objects.requireNonNull(onForcedRelease, "onForcedRelease");
    }

    synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, listenerName + "-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        long periodNanos = period().toNanos();
        timer.scheduleAtFixedRate(this::sweepGuarded, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    /** A quarter of the shortest time watched, so that a deadline is overrun by at most that much. */
    private Duration period() {
        Duration shortest = releaseGrace;
        if (loginDeadline != null && loginDeadline.compareTo(shortest) < 0) {
            shortest = loginDeadline;
        }
        Duration quarter = shortest.dividedBy(4);
        if (quarter.compareTo(LONGEST_PERIOD) > 0) {
            return LONGEST_PERIOD;
        }
        return quarter.compareTo(SHORTEST_PERIOD) < 0 ? SHORTEST_PERIOD : quarter;
    }

    private void sweepGuarded() {
        try {
            sweep(System.nanoTime());
        } catch (RuntimeException defect) {
            // A failed sweep must not end the timer: the next one may succeed.
            LOG.error("listener {}: session watchdog failed", listenerName, defect);
        }
    }

    void sweep(long nowNanos) {
        long deadlineNanos = loginDeadline == null ? Long.MAX_VALUE : loginDeadline.toNanos();
        long graceNanos = releaseGrace.toNanos();
        for (SerialSession<?> session : registry.snapshot()) {
            long closedFor = session.closedForNanos(nowNanos);
            if (closedFor >= graceNanos) {
                session.logContext().run(() -> forceRelease(session, closedFor));
            } else if (closedFor < 0 && session.awaitingLogin() && session.ageNanos(nowNanos) >= deadlineNanos) {
                session.logContext().run(() -> {
                    if (session.expire(EndReason.LOGIN_TIMEOUT)) {
                        LOG.info("no login within {} of connecting, disconnecting", loginDeadline);
                    }
                });
            }
        }
    }

    private void forceRelease(SerialSession<?> session, long closedForNanos) {
        if (session.forceRelease()) {
            onForcedRelease.run();
            LOG.error("listener {}: session closed {} ms ago had not released what it held (its maildrop lock);"
                    + " released it now. This is a defect: please report it with this log.", listenerName,
                    TimeUnit.NANOSECONDS.toMillis(closedForNanos));
        }
    }
}
