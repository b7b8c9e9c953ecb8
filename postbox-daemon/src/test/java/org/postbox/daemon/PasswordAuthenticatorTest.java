package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postbox.config.AuthConfig;
import org.postbox.config.NetworkSet;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.StoreUnavailableException;
import org.postbox.password.PasswordSchemes;
import org.postbox.pop3.server.Authenticator.AuthResult;
import org.postbox.pop3.server.Authenticator.Lookup;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class PasswordAuthenticatorTest {
    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");
    private static final MailboxAddress NOBODY = MailboxAddress.parse("nobody@example.com");
    private static final InetSocketAddress REMOTE = new InetSocketAddress("203.0.113.7", 50123);
    private static final Duration DELAY = Duration.ofMillis(300);
    private static final String DUMMY = "{PLAIN}dummy-never-matches";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUEUE_LIMIT = Duration.ofSeconds(60);
    private static final MailboxAddress BOB = MailboxAddress.parse("bob@example.com");
    /** Classified as a slow hash by its scheme; the tests' checks recognise it without running Argon2. */
    private static final String SLOW_HASH = "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final AtomicInteger verifications = new AtomicInteger();
    private final AtomicInteger dummyVerifications = new AtomicInteger();
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final ListAppender<ILoggingEvent> failureLines = new ListAppender<>();
    private final ListAppender<ILoggingEvent> authenticatorLines = new ListAppender<>();
    private PasswordAuthenticator authenticator;

    // The real schemes, counted: PLAIN and SHA512-CRYPT keep these tests fast.
    private final PasswordAuthenticator.PasswordCheck countingCheck = (stored, password) -> {
        verifications.incrementAndGet();
        if (stored.equals(DUMMY)) {
            dummyVerifications.incrementAndGet();
        }
        return PasswordSchemes.verify(stored, password);
    };

    @BeforeEach
    void setUp() {
        directory.addMailbox(ALICE, "{PLAIN}secret");
        failureLines.start();
        loginFailureLogger().addAppender(failureLines);
        authenticatorLines.start();
        authenticatorLogger().addAppender(authenticatorLines);
    }

    @AfterEach
    void tearDown() {
        loginFailureLogger().detachAppender(failureLines);
        authenticatorLogger().detachAppender(authenticatorLines);
        if (authenticator != null) {
            authenticator.close();
        }
        MDC.clear();
    }

    private static Logger loginFailureLogger() {
        return (Logger) LoggerFactory.getLogger(LoginFailureLog.class);
    }

    private static Logger authenticatorLogger() {
        return (Logger) LoggerFactory.getLogger(PasswordAuthenticator.class);
    }

    /** The authenticator's WARN lines so far; its pools' threads append while the test reads. */
    private List<String> warnings() {
        synchronized (authenticatorLines) {
            return authenticatorLines.list.stream().filter(event -> event.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private PasswordAuthenticator authenticator(Duration cacheTtl, int cacheSize, int threads, int queue,
            PasswordAuthenticator.PasswordCheck check) {
        return authenticator(DELAY, cacheTtl, cacheSize, threads, queue, check);
    }

    private PasswordAuthenticator authenticator(Duration delay, Duration cacheTtl, int cacheSize, int threads,
            int queue, PasswordAuthenticator.PasswordCheck check) {
        AuthConfig config = new AuthConfig(NetworkSet.parse("auth.plaintext-networks", List.of("127.0.0.0/8")),
                delay, cacheTtl, cacheSize, threads);
        authenticator = new PasswordAuthenticator(directory, config, QUEUE_LIMIT, check, () -> DUMMY, clock::get);
        return authenticator;
    }

    private PasswordAuthenticator cachingAuthenticator() {
        return authenticator(Duration.ofMinutes(5), 100, 2, 16, countingCheck);
    }

    private static AuthResult result(CompletableFuture<AuthResult> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Completes with the result and how long it took from the call. */
    private record Timed(AuthResult result, Duration took) {
    }

    private static Timed timed(PasswordAuthenticator auth, MailboxAddress address, String password) throws Exception {
        return timed(() -> auth.authenticate(address, password, REMOTE));
    }

    /** The attempt {@code start} makes, timed from the call. */
    private static Timed timed(java.util.function.Supplier<CompletionStage<AuthResult>> start) throws Exception {
        long begin = System.nanoTime();
        CompletableFuture<Long> done = new CompletableFuture<>();
        CompletableFuture<AuthResult> future = start.get().toCompletableFuture();
        future.whenComplete((r, e) -> done.complete(System.nanoTime()));
        AuthResult result = result(future);
        return new Timed(result, Duration.ofNanos(done.get(WAIT.toSeconds(), TimeUnit.SECONDS) - begin));
    }

    /** What SCRAM-SHA-256 (and CRAM-MD5) does after its look-up: concludes with whether the proof held. */
    private static Timed scram(PasswordAuthenticator auth, boolean proofHeld) throws Exception {
        return timed(() -> auth.conclude(Optional.of(ALICE), Optional.empty(), proofHeld, "SCRAM-SHA-256", REMOTE));
    }

    @Test
    void rightPasswordSucceedsWithoutDelay() throws Exception {
        Timed login = timed(cachingAuthenticator(), ALICE, "secret");

        assertThat(login.result()).isEqualTo(new AuthResult.Success(ALICE));
        assertThat(login.took()).isLessThan(DELAY);
        assertThat(failureLines.list).isEmpty();
    }

    @Test
    void wrongPasswordFailsOnlyAfterTheDelayAndLogsOneFail2banLine() throws Exception {
        MDC.put(PasswordAuthenticator.SESSION_MDC_KEY, "s-42");

        Timed login = timed(cachingAuthenticator(), ALICE, "guess");

        assertThat(login.result()).isEqualTo(new AuthResult.Failure());
        assertThat(login.took()).isGreaterThanOrEqualTo(DELAY);
        assertThat(failureLines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "pop3-login: Disconnected (auth failed, 1 attempts): user=<alice@example.com>, method=PLAIN,"
                        + " rip=203.0.113.7, session=<s-42>");
    }

    @Test
    void unknownUserCostsAHashAndTheSameDelay() throws Exception {
        Timed login = timed(cachingAuthenticator(), NOBODY, "secret");

        assertThat(login.result()).isEqualTo(new AuthResult.Failure());
        assertThat(login.took()).isGreaterThanOrEqualTo(DELAY);
        assertThat(dummyVerifications).hasValue(1);
        assertThat(failureLines.list).singleElement().extracting(ILoggingEvent::getFormattedMessage)
                .asString().contains("user=<nobody@example.com>");
    }

    @Test
    void cacheHitSkipsTheHash() throws Exception {
        PasswordAuthenticator auth = cachingAuthenticator();

        assertThat(timed(auth, ALICE, "secret").result()).isInstanceOf(AuthResult.Success.class);
        assertThat(timed(auth, ALICE, "secret").result()).isInstanceOf(AuthResult.Success.class);
        assertThat(timed(auth, ALICE, "secret").result()).isInstanceOf(AuthResult.Success.class);

        assertThat(verifications).hasValue(1);
    }

    @Test
    void aCachedPasswordDoesNotOpenTheDoorToAnotherOne() throws Exception {
        PasswordAuthenticator auth = cachingAuthenticator();
        assertThat(timed(auth, ALICE, "secret").result()).isInstanceOf(AuthResult.Success.class);

        assertThat(timed(auth, ALICE, "secret2").result()).isEqualTo(new AuthResult.Failure());
        assertThat(verifications).hasValue(2);
    }

    @Test
    void passwordChangeInvalidatesTheCacheAtOnce() throws Exception {
        PasswordAuthenticator auth = cachingAuthenticator();
        assertThat(timed(auth, ALICE, "secret").result()).isInstanceOf(AuthResult.Success.class);

        directory.setPasswordHash(ALICE, "{PLAIN}changed");

        assertThat(timed(auth, ALICE, "secret").result()).isEqualTo(new AuthResult.Failure());
        assertThat(timed(auth, ALICE, "changed").result()).isEqualTo(new AuthResult.Success(ALICE));
        assertThat(verifications).hasValue(3);
    }

    @Test
    void cacheEntriesExpireAfterTheTtl() throws Exception {
        PasswordAuthenticator auth = authenticator(Duration.ofMinutes(5), 100, 1, 16, countingCheck);
        assertThat(timed(auth, ALICE, "secret").result()).isInstanceOf(AuthResult.Success.class);

        clock.addAndGet(Duration.ofMinutes(5).toNanos() - 1);
        assertThat(timed(auth, ALICE, "secret").result()).isInstanceOf(AuthResult.Success.class);
        assertThat(verifications).hasValue(1);

        clock.addAndGet(1);
        assertThat(timed(auth, ALICE, "secret").result()).isInstanceOf(AuthResult.Success.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void zeroTtlOrZeroSizeDisablesTheCache() throws Exception {
        PasswordAuthenticator noTtl = authenticator(Duration.ZERO, 100, 1, 16, countingCheck);
        timed(noTtl, ALICE, "secret");
        timed(noTtl, ALICE, "secret");
        assertThat(verifications).hasValue(2);
        noTtl.close();

        PasswordAuthenticator noSize = authenticator(Duration.ofMinutes(5), 0, 1, 16, countingCheck);
        timed(noSize, ALICE, "secret");
        timed(noSize, ALICE, "secret");
        assertThat(verifications).hasValue(4);
    }

    /**
     * Issue 10: a queue of slow hashes used to be bounded, and attempts beyond it were refused at
     * once. Now they wait, and a cheap check or a cache hit never waits behind them.
     */
    @Test
    void slowHashesQueueInsteadOfBeingRefusedAndCheapChecksDoNotWaitBehindThem() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        directory.addMailbox(BOB, SLOW_HASH);
        PasswordAuthenticator auth = authenticator(Duration.ZERO, Duration.ofMinutes(5), 100, 1, 0, (stored, password) -> {
            if (stored.equals(SLOW_HASH)) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return password.equals("bob's");
            }
            return countingCheck.verify(stored, password);
        });
        try {
            List<CompletableFuture<AuthResult>> slow = new java.util.ArrayList<>();
            slow.add(auth.authenticate(BOB, "bob's", REMOTE).toCompletableFuture());
            assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 200; i++) {
                slow.add(auth.authenticate(BOB, "bob's", REMOTE).toCompletableFuture());
            }

            // The one hash thread is stuck, 200 more wait for it: ALICE's cheap scheme, twice (the second a cache hit), gets in.
            assertThat(result(auth.authenticate(ALICE, "secret", REMOTE).toCompletableFuture()))
                    .isEqualTo(new AuthResult.Success(ALICE));
            assertThat(result(auth.authenticate(ALICE, "secret", REMOTE).toCompletableFuture()))
                    .isEqualTo(new AuthResult.Success(ALICE));
            assertThat(slow).noneMatch(CompletableFuture::isDone);

            release.countDown();
            for (CompletableFuture<AuthResult> attempt : slow) {
                assertThat(result(attempt)).isEqualTo(new AuthResult.Success(BOB));
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void aSlowHashThatCouldNotFinishWithinTheLoginTimeoutIsRefusedAndCounted() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger refused = new AtomicInteger();
        directory.addMailbox(BOB, SLOW_HASH);
        AuthConfig config = new AuthConfig(NetworkSet.parse("auth.plaintext-networks", List.of("127.0.0.0/8")),
                Duration.ZERO, Duration.ZERO, 0, 1);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        authenticator = new PasswordAuthenticator(directory, config, QUEUE_LIMIT, (stored, password) -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }, () -> DUMMY, clock::get, timer, new LoginPenaltyObserver() {
            @Override
            public void delayed(Duration wait) {
            }

            @Override
            public void refusedOverloaded() {
                refused.incrementAndGet();
            }
        });
        try {
            CompletableFuture<AuthResult> first = authenticator.authenticate(BOB, "x", REMOTE).toCompletableFuture();
            assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            CompletableFuture<AuthResult> inTime = authenticator.authenticate(BOB, "x", REMOTE).toCompletableFuture();
            clock.addAndGet(Duration.ofSeconds(30).toNanos());
            CompletableFuture<AuthResult> late = authenticator.authenticate(BOB, "x", REMOTE).toCompletableFuture();
            // The thread is free again only when the second attempt has waited out its login timeout.
            clock.addAndGet(QUEUE_LIMIT.minusSeconds(20).toNanos());
            release.countDown();

            assertThat(result(first)).isEqualTo(new AuthResult.Success(BOB));
            assertThat(result(inTime)).isEqualTo(new AuthResult.Unavailable("busy"));
            assertThat(result(late)).isEqualTo(new AuthResult.Success(BOB));
            assertThat(refused).hasValue(1);
        } finally {
            release.countDown();
            timer.shutdownNow();
        }
    }

    @Test
    void hashingNeverRunsOnTheCallersThread() throws Exception {
        AtomicReference<Thread> hashingThread = new AtomicReference<>();
        PasswordAuthenticator auth = authenticator(Duration.ZERO, 0, 1, 4, (stored, password) -> {
            hashingThread.set(Thread.currentThread());
            return countingCheck.verify(stored, password);
        });

        assertThat(timed(auth, ALICE, "secret").result()).isInstanceOf(AuthResult.Success.class);
        assertThat(hashingThread.get()).isNotSameAs(Thread.currentThread());
        assertThat(hashingThread.get().getName()).startsWith("auth-");
    }

    @Test
    void unsupportedSchemeIsUnavailableNotFailure() throws Exception {
        directory.setPasswordHash(ALICE, "{NO-SUCH-SCHEME}abc");

        Timed login = timed(cachingAuthenticator(), ALICE, "secret");

        assertThat(login.result()).isEqualTo(new AuthResult.Unavailable("password scheme not supported"));
        assertThat(failureLines.list).isEmpty();
    }

    @Test
    void storeTroubleIsUnavailable() throws Exception {
        directory.failWith(new StoreUnavailableException("passwd file unreadable"));

        Timed login = timed(cachingAuthenticator(), ALICE, "secret");

        assertThat(login.result()).isEqualTo(new AuthResult.Unavailable("directory unavailable"));
        assertThat(login.took()).isLessThan(DELAY);
    }

    @Test
    void scramOfAMailboxWithPop3OffIsRefusedAsDisabledAtOnceAndIsNoFailure() throws Exception {
        directory.setMailboxPop3Enabled(ALICE, false);
        PasswordAuthenticator auth = cachingAuthenticator();

        // The look-up still finds the secret: only a client that proves the password learns that access is off.
        assertThat(auth.lookUp(ALICE, REMOTE).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(Lookup.Found.class);
        Timed right = scram(auth, true);

        assertThat(right.result()).isEqualTo(new AuthResult.Pop3Disabled(ALICE));
        assertThat(right.took()).isLessThan(DELAY);
        assertThat(failureLines.list).isEmpty();

        Timed wrong = scram(auth, false);
        assertThat(wrong.result()).isEqualTo(new AuthResult.Failure());
        assertThat(wrong.took()).isGreaterThanOrEqualTo(DELAY);
        assertThat(failureLines.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("user=<alice@example.com>", "method=SCRAM-SHA-256");
    }

    @Test
    void pop3TurnedOffBetweenTheScramLookUpAndItsProofKeepsTheMailboxOut() throws Exception {
        PasswordAuthenticator auth = cachingAuthenticator();
        assertThat(auth.lookUp(ALICE, REMOTE).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(Lookup.Found.class);

        directory.setMailboxPop3Enabled(ALICE, false);

        assertThat(scram(auth, true).result()).isEqualTo(new AuthResult.Pop3Disabled(ALICE));
        directory.setMailboxPop3Enabled(ALICE, true);
        assertThat(scram(auth, true).result()).isEqualTo(new AuthResult.Success(ALICE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"OAUTHBEARER", "XOAUTH2"})
    void aValidBearerTokenOfAMailboxWithPop3OffIsRefusedAsDisabledAndIsNoFailure(String mechanism) throws Exception {
        directory.setMailboxPop3Enabled(ALICE, false);
        PasswordAuthenticator auth = cachingAuthenticator();

        // What a bearer mechanism concludes once the token checked out and names the mailbox asked for.
        Timed login = timed(() -> auth.conclude(Optional.of(ALICE), Optional.of(ALICE), true, mechanism, REMOTE));

        assertThat(login.result()).isEqualTo(new AuthResult.Pop3Disabled(ALICE));
        assertThat(login.took()).isLessThan(DELAY);
        assertThat(failureLines.list).isEmpty();

        directory.setMailboxPop3Enabled(ALICE, true);
        assertThat(timed(() -> auth.conclude(Optional.of(ALICE), Optional.of(ALICE), true, mechanism, REMOTE)).result())
                .isEqualTo(new AuthResult.Success(ALICE));
    }

    @Test
    void aLoginWhoseRecordingFailsStillSucceedsWithOneWarning() throws Exception {
        directory.failRecordingLoginsWith(new StoreUnavailableException("database down"));

        Timed login = timed(cachingAuthenticator(), ALICE, "secret");

        assertThat(login.result()).isEqualTo(new AuthResult.Success(ALICE));
        assertThat(login.took()).isLessThan(DELAY);
        // Recorded after the answer, on the look-up pool: the warning comes once that has run.
        await().atMost(WAIT).until(() -> !warnings().isEmpty());
        assertThat(warnings()).singleElement().asString()
                .startsWith("cannot record the login of alice@example.com: ").contains("database down");
        assertThat(failureLines.list).isEmpty();
    }

    @Test
    void aSuccessfulLoginIsRecorded() throws Exception {
        assertThat(timed(cachingAuthenticator(), ALICE, "secret").result()).isEqualTo(new AuthResult.Success(ALICE));

        await().atMost(WAIT).until(() -> directory.recordedLogins().equals(List.of(ALICE)));
        assertThat(warnings()).isEmpty();
    }

    @Test
    void closeCompletesAttemptsStillWaitingForTheirDelay() throws Exception {
        PasswordAuthenticator auth = authenticator(Duration.ofMinutes(1), Duration.ZERO, 0, 1, 4, countingCheck);
        CompletableFuture<AuthResult> failing = auth.authenticate(ALICE, "guess", REMOTE).toCompletableFuture();
        await().atMost(WAIT).until(() -> failureLines.list.size() == 1); // decided, now on the delay timer

        auth.close();

        assertThat(result(failing)).isEqualTo(new AuthResult.Unavailable("shutting down"));
    }
}
