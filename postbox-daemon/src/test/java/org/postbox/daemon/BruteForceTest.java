package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
    private static final MailboxAddress MALLORY = MailboxAddress.parse("mallory@example.com");
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
        authenticator = new PasswordAuthenticator(directory, config, Duration.ofMinutes(1), PasswordSchemes::verify, () -> "{PLAIN}dummy",
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

    /**
     * Issue 16: an attacker who holds one account of its own logs into it between its guesses at
     * another. That success must not take back the failures at the other mailbox.
     */
    @Test
    void loggingIntoAnAccountOfItsOwnDoesNotResetThePenaltyOfGuessesAtAnother() throws Exception {
        authenticator();
        directory.addMailbox(MALLORY, "{PLAIN}mallory's own");
        List<Duration> waits = new ArrayList<>();
        for (int guess = 0; guess < 8; guess++) {
            assertThat(attempt(ATTACKER, "guess-" + guess)).isEqualTo(new AuthResult.Failure());
            List<Duration> recorded = penalties();
            waits.add(recorded.isEmpty() ? Duration.ZERO : recorded.get(0));
            clock.addAndGet(waits.get(guess).toNanos() + SECOND.toNanos());

            AuthResult own = authenticator.authenticate(MALLORY, "mallory's own", "PLAIN", ATTACKER)
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(own).isEqualTo(new AuthResult.Success(MALLORY));
            clock.addAndGet(penalties().stream().mapToLong(Duration::toNanos).sum() + SECOND.toNanos());
        }
        assertThat(waits).containsExactly(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(15),
                Duration.ofSeconds(15));
    }

    @Test
    void theOwnersSuccessAfterMistypingTakesBackTheFailuresAtTheirMailbox() throws Exception {
        authenticator();
        attempt(ATTACKER, "typo");
        attempt(ATTACKER, "other typo");
        assertThat(attempt(ATTACKER, "correct horse")).isEqualTo(new AuthResult.Success(ALICE));
        penalties();
        attempt(ATTACKER, "typo again");
        assertThat(penalties()).isEmpty();
    }

    /**
     * Issue 16: ten parallel connections from one client, each guessing as soon as its last guess
     * was answered, got 35 to 40 checks a minute, ten times what one connection gets. The penalty
     * is the client's: attempts made at the same moment are checked one after the other, each its
     * wait after the one before.
     */
    @Test
    void tenParallelConnectionsFromOneAddressGuessNoFasterThanOne() throws Exception {
        List<InetSocketAddress> connections = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            connections.add(new InetSocketAddress(ATTACKER.getAddress(), 40000 + i));
        }
        assertThat(waitsOfParallelGuesses(connections)).containsExactly(Duration.ofSeconds(15), Duration.ofSeconds(30),
                Duration.ofSeconds(45), Duration.ofSeconds(60), Duration.ofSeconds(75), Duration.ofSeconds(90),
                Duration.ofSeconds(105), Duration.ofSeconds(120), Duration.ofSeconds(135), Duration.ofSeconds(150));
    }

    @Test
    void tenParallelConnectionsFromOneIpv6Slash64GuessNoFasterThanOne() throws Exception {
        List<InetSocketAddress> connections = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            connections.add(new InetSocketAddress("2001:db8:1:2:" + Integer.toHexString(i + 1) + "::66", 40000 + i));
        }
        List<Duration> waits = waitsOfParallelGuesses(connections);
        // At most four checks a minute, as for a single connection.
        assertThat(waits.stream().filter(wait -> wait.compareTo(Duration.ofMinutes(1)) < 0)).hasSizeLessThanOrEqualTo(4);
    }

    /**
     * Brings the client of {@code connections} to the full 15 s penalty with four guesses in a
     * row, then makes one guess on each connection at the same moment; the penalty waits of those.
     */
    private List<Duration> waitsOfParallelGuesses(List<InetSocketAddress> connections) throws Exception {
        authenticator();
        for (int guess = 0; guess < 4; guess++) {
            attempt(connections.get(0), "warm-up-" + guess);
            clock.addAndGet(Duration.ofSeconds(20).toNanos());
        }
        penalties();
        List<CompletableFuture<AuthResult>> answers = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            answers.add(authenticator.authenticate(ALICE, "parallel-" + i, "PLAIN", connections.get(i)).toCompletableFuture());
        }
        for (CompletableFuture<AuthResult> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(new AuthResult.Failure());
        }
        return penalties();
    }

    @Test
    void repeatingTheSameWrongPasswordDoesNotRaiseThePenalty() throws Exception {
        authenticator();
        // One after the other, a minute apart (time stands still otherwise, as if they were parallel).
        for (int i = 0; i < 100; i++) {
            assertThat(attempt(ATTACKER, "old password")).isEqualTo(new AuthResult.Failure());
            clock.addAndGet(Duration.ofMinutes(1).toNanos());
        }
        assertThat(penalties()).hasSize(99).containsOnly(Duration.ofSeconds(2));
        // A new guess does raise it.
        attempt(ATTACKER, "another");
        clock.addAndGet(Duration.ofMinutes(1).toNanos());
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
