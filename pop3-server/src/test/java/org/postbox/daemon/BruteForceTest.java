package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postbox.config.AuthConfig;
import org.postbox.config.NetworkSet;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.password.PasswordSchemes;
import org.postbox.pop3.server.Authenticator.AuthResult;

/**
 * 1,000 wrong passwords from one client address are slowed as Dovecot does it: each attempt after
 * the first waits 2 s, 4 s, 8 s, then 15 s every time, before it is even checked; the owner, at
 * another address, logs in at once all the while. The waits are read off the authenticator's
 * timer (every delay it is asked for is recorded, then the task runs at once), so the schedule
 * is measured exactly and the test takes no wall-clock time.
 */
class BruteForceTest {
    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");
    private static final InetSocketAddress ATTACKER = new InetSocketAddress("203.0.113.66", 40000);
    private static final InetSocketAddress ATTACKER_NEXT_DOOR = new InetSocketAddress("203.0.113.67", 40000);
    private static final InetSocketAddress ATTACKER_V6 = new InetSocketAddress("2001:db8:1:2::66", 40000);
    private static final InetSocketAddress ATTACKER_V6_SAME_64 = new InetSocketAddress("2001:db8:1:2:ffff::1", 40000);
    private static final InetSocketAddress OWNER = new InetSocketAddress("198.51.100.20", 50000);
    private static final Duration SECOND = Duration.ofSeconds(1);

    /** A timer that records every delay it is asked for and runs the task without waiting. */
    private static final class RecordingTimer extends ScheduledThreadPoolExecutor {
        final List<Duration> delays = new ArrayList<>();

        RecordingTimer() {
            super(1);
        }

        @Override
        public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            delays.add(Duration.ofNanos(unit.toNanos(delay)));
            return super.schedule(command, 0, TimeUnit.NANOSECONDS);
        }

        synchronized List<Duration> take() {
            List<Duration> taken = new ArrayList<>(delays);
            delays.clear();
            return taken;
        }
    }

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final RecordingTimer timer = new RecordingTimer();
    private final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private PasswordAuthenticator authenticator;

    @AfterEach
    void close() {
        if (authenticator != null) {
            authenticator.close();
        }
        timer.shutdownNow();
    }

    /** The daemon's defaults: penalties from 2 s to 15 s; failure-delay 0 so that only penalties are recorded. */
    private PasswordAuthenticator authenticator() {
        directory.addMailbox(ALICE, "{PLAIN}correct horse");
        AuthConfig config = new AuthConfig(NetworkSet.parse("auth.plaintext-networks", List.of()), Duration.ZERO,
                Duration.ZERO, 0, 2, List.of("PLAIN"), false, Duration.ofSeconds(2), Duration.ofSeconds(15), Optional.empty());
        authenticator = new PasswordAuthenticator(directory, config, 64, PasswordSchemes::verify, () -> "{PLAIN}dummy",
                clock::get, timer);
        return authenticator;
    }

    private AuthResult attempt(InetSocketAddress from, String password) throws Exception {
        return authenticator.authenticate(ALICE, password, "PLAIN", from).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The penalty waits recorded since the last call (the failure delay of 0 is not a penalty). */
    private List<Duration> penalties() {
        return timer.take().stream().filter(d -> !d.isZero()).toList();
    }

    @Test
    void aThousandGuessesAreSlowedToFifteenSecondsEachWhileTheOwnerGetsInAtOnce() throws Exception {
        authenticator();
        List<Duration> waits = new ArrayList<>();
        for (int guess = 0; guess < 1000; guess++) {
            assertThat(attempt(ATTACKER, "guess-" + guess)).isEqualTo(new AuthResult.Failure());
            List<Duration> recorded = penalties();
            assertThat(recorded).as("guess %d", guess).hasSizeLessThanOrEqualTo(1);
            waits.add(recorded.isEmpty() ? Duration.ZERO : recorded.get(0));
            clock.addAndGet(waits.get(guess).toNanos() + SECOND.toNanos());

            if (guess % 100 == 99) {
                // The owner, elsewhere, waits for nothing, and their success does not help the attacker.
                assertThat(attempt(OWNER, "correct horse")).isEqualTo(new AuthResult.Success(ALICE));
                assertThat(penalties()).isEmpty();
            }
        }
        assertThat(waits.subList(0, 5)).containsExactly(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(15));
        assertThat(waits.subList(4, 1000)).containsOnly(Duration.ofSeconds(15));
        // Even the right password from the attacker's address waits the full penalty first.
        assertThat(attempt(ATTACKER, "correct horse")).isEqualTo(new AuthResult.Success(ALICE));
        assertThat(penalties()).containsExactly(Duration.ofSeconds(15));
    }

    @Test
    void repeatingTheSameWrongPasswordDoesNotRaiseThePenalty() throws Exception {
        authenticator();
        for (int i = 0; i < 100; i++) {
            assertThat(attempt(ATTACKER, "old password")).isEqualTo(new AuthResult.Failure());
        }
        assertThat(penalties()).hasSize(99).containsOnly(Duration.ofSeconds(2));
        // A new guess does raise it.
        attempt(ATTACKER, "another");
        attempt(ATTACKER, "old password");
        assertThat(penalties()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void theNeighbourOfAnIpv4AttackerIsNotPenalisedButTheSameIpv6Slash64Is() throws Exception {
        authenticator();
        attempt(ATTACKER, "a");
        attempt(ATTACKER_V6, "b");
        penalties();
        attempt(ATTACKER_NEXT_DOOR, "c");
        assertThat(penalties()).isEmpty();
        attempt(ATTACKER_V6_SAME_64, "d");
        assertThat(penalties()).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void aPenaltyIsForgottenAfterAnHourWithoutFailures() throws Exception {
        authenticator();
        attempt(ATTACKER, "a");
        attempt(ATTACKER, "b");
        penalties();
        clock.addAndGet(Duration.ofMinutes(61).toNanos());
        attempt(ATTACKER, "c");
        assertThat(penalties()).isEmpty();
    }

    @Test
    void challengeResponseFailuresArePenalisedToo() throws Exception {
        authenticator();
        for (int i = 0; i < 3; i++) {
            AuthResult result = authenticator.conclude(Optional.of(ALICE), false, "SCRAM-SHA-256", ATTACKER)
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(result).isEqualTo(new AuthResult.Failure());
        }
        authenticator.lookUp(ALICE, ATTACKER).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(penalties()).containsExactly(Duration.ofSeconds(8));
    }
}
