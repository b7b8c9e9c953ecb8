package org.postbox.daemon;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.postbox.config.AuthConfig;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.AppPassword;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.StoreException;
import org.postbox.password.PasswordSchemes;
import org.postbox.password.SaslPrep;
import org.postbox.password.UnsupportedSchemeException;
import org.postbox.pop3.server.Authenticator;
import org.postbox.session.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Checks POP3 logins against the store's {@link Directory}.
 *
 * <ul>
 * <li>Directory look-ups, the verified-credentials cache, app passwords and cheap schemes (PLAIN,
 *     salted digests) run on a pool of their own; only deliberately slow hashes (ARGON2ID, the
 *     crypt schemes, SCRAM) queue for the {@code auth.hash-threads} threads, so a cache hit never
 *     waits behind a slow hash. A login is never refused because others are waiting: both queues
 *     are unbounded (each session has at most one attempt in progress, so the listeners'
 *     connection limits bound them). Only a slow hash that could not finish within the login
 *     timeout of being queued is refused ({@link AuthResult.Unavailable} "busy", counted by the
 *     {@link LoginPenaltyObserver}): its client has been given up on by then.</li>
 * <li>A password sent in plain text may be the mailbox's own or one of its
 *     {@link AppPassword app passwords}; the app passwords (fast hashes, as generated) are tried
 *     first. Challenge-response mechanisms look up the mailbox's own hash only.</li>
 * <li>A verified login is remembered ({@link VerifiedCredentials}) so a client that polls often
 *     skips the slow hash while the stored hash is unchanged. An app password is remembered under
 *     its name and only counts while the account still lists that name with that very hash, so a
 *     revoked one fails at its next login.</li>
 * <li>A failure completes only after {@code auth.failure-delay}, on a timer, never a sleeping
 *     thread. Unknown users cost a hash against a dummy ARGON2ID value and get the same delay,
 *     so timing does not reveal which addresses exist.</li>
 * <li>A client that failed before waits its {@link LoginPenalties penalty} (2 s doubling to 15 s by
 *     default), again on a timer, before its next attempt is even checked; its parallel
 *     connections wait their turns one after the other.</li>
 * <li>Every failure writes one fail2ban-compatible line ({@link LoginFailureLog}).</li>
 * <li>Right credentials of a mailbox whose POP3 access is off ({@link Account#pop3Enabled()}) are
 *     answered {@link AuthResult.Pop3Disabled}: not a wrong password, no failure delay, no
 *     penalty. Checked after the credentials, so that it tells nothing to someone who has none,
 *     and on every login, cached credentials included.</li>
 * <li>Every successful login is recorded ({@link Directory#recordLogin}) on the look-up pool,
 *     after the answer; a failure to record it is logged and never fails the login.</li>
 * <li>Challenge-response mechanisms and bearer tokens {@link #lookUp} the stored hash and
 *     {@link #conclude} their attempt here, and so get the same penalty, delay and log line.</li>
 * </ul>
 */
public final class PasswordAuthenticator implements Authenticator, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordAuthenticator.class);

    /** MDC key under which the session engine keeps its session id; copied into failure lines. */
    static final String SESSION_MDC_KEY = LogContext.SESSION_KEY;

    /** Look-ups and cheap checks mostly wait for the store, not the CPU. */
    private static final int LOOKUP_THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private static final long BUSY_WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How long {@link #close()} lets the look-ups under way finish: each is one store read or write. */
    private static final long CLOSE_GRACE_MILLIS = 2_000;

    /** How a stored hash is checked; a seam so tests can count and stall verifications. */
    @FunctionalInterface
    interface PasswordCheck {
        /** @throws UnsupportedSchemeException if {@code storedHash} cannot be checked */
        boolean verify(String storedHash, String password);

        /** Whether checking {@code storedHash} is slow on purpose and so queues for a hash thread. */
        default boolean slow(String storedHash) {
            return PasswordSchemes.isDeliberatelySlow(storedHash);
        }
    }

    /** What the look-up found: a verdict already, or a stored hash still to check. */
    private sealed interface Check {
        record Decided(Verdict verdict) implements Check {
        }

        /** {@code then} makes the verdict from whether {@code storedHash} matched. */
        record Hash(String storedHash, Function<Boolean, Verdict> then) implements Check {
            @Override
            public String toString() {
                return "Hash[***]";
            }
        }
    }

    private sealed interface Verdict {
        /** @param appPassword the name of the app password that matched; empty for the mailbox's own */
        record Verified(MailboxAddress address, Optional<String> appPassword) implements Verdict {
        }

        record Rejected() implements Verdict {
        }

        /** The credentials are right; the mailbox may not log in over POP3. */
        record Pop3Disabled(MailboxAddress address) implements Verdict {
        }

        record Unavailable(String reason) implements Verdict {
        }
    }

    private final Directory directory;
    private final Duration failureDelay;
    private final LoginPenalties penalties;
    private final LoginPenaltyObserver penaltyObserver;
    private final PasswordCheck check;
    private final Supplier<String> dummyHashMaker;
    private volatile String dummyHash;
    private final VerifiedCredentials cache;
    private final LongSupplier nanoTime;
    private final ThreadPoolExecutor lookups;
    private final ThreadPoolExecutor hashing;
    private final long queueLimitNanos;
    /** A running mean of how long one slow hash takes, to tell whether a queued one can still finish in time. */
    private final AtomicLong typicalHashNanos = new AtomicLong();
    private final ScheduledThreadPoolExecutor delays;
    private final AtomicLong lastBusyWarning;
    private final AtomicLong refusedSinceWarning = new AtomicLong();
    private final Set<CompletableFuture<AuthResult>> pending = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<Lookup>> pendingLookups = ConcurrentHashMap.newKeySet();

    /**
     * The production authenticator.
     *
     * @param loginTimeout    how long a client waits for its login ({@code limits.login-timeout}):
     *                        a slow hash still queued that long is refused
     * @param penaltyObserver told of every attempt held back by a penalty or refused (metrics)
     */
    public PasswordAuthenticator(Directory directory, AuthConfig config, Duration loginTimeout,
            LoginPenaltyObserver penaltyObserver) {
        this(directory, config, loginTimeout, PasswordSchemes::verify, () -> PasswordSchemes.hash(randomPassword()),
                System::nanoTime, newDelays(), penaltyObserver);
    }

    /**
     * @param dummyHash makes the hash that unknown users are checked against; run once, on the
     *                  hashing pool, so that a slow ARGON2ID does not delay the daemon's start
     */
    PasswordAuthenticator(Directory directory, AuthConfig config, Duration queueLimit, PasswordCheck check,
            Supplier<String> dummyHash, LongSupplier nanoTime) {
        this(directory, config, queueLimit, check, dummyHash, nanoTime, newDelays());
    }

    /** @param delays the timer of failure delays and penalty waits; a seam so tests can see every wait */
    PasswordAuthenticator(Directory directory, AuthConfig config, Duration queueLimit, PasswordCheck check,
            Supplier<String> dummyHash, LongSupplier nanoTime, ScheduledThreadPoolExecutor delays) {
        this(directory, config, queueLimit, check, dummyHash, nanoTime, delays, LoginPenaltyObserver.NONE);
    }

    /**
     * @param queueLimit      how long a slow hash may wait for a thread (the login timeout)
     * @param penaltyObserver told of every attempt held back by its client's penalty or refused (metrics)
     */
    PasswordAuthenticator(Directory directory, AuthConfig config, Duration queueLimit, PasswordCheck check,
            Supplier<String> dummyHash, LongSupplier nanoTime, ScheduledThreadPoolExecutor delays,
            LoginPenaltyObserver penaltyObserver) {
        this.penaltyObserver = penaltyObserver;
        this.directory = directory;
        this.failureDelay = config.failureDelay();
        this.penalties = new LoginPenalties(config.penaltyInitial(), config.penaltyMax(), nanoTime);
        this.check = check;
        this.nanoTime = nanoTime;
        this.cache = new VerifiedCredentials(config.cacheTtl(), config.cacheSize(), nanoTime);
        this.queueLimitNanos = queueLimit.toNanos();
        // Unbounded queues: what waits is bounded by the connections the listeners admit.
        this.lookups = new ThreadPoolExecutor(LOOKUP_THREADS, LOOKUP_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads("auth-lookup"));
        this.lookups.allowCoreThreadTimeOut(true);
        this.hashing = new ThreadPoolExecutor(config.hashThreads(), config.hashThreads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads("auth"));
        this.hashing.allowCoreThreadTimeOut(true);
        this.delays = delays;
        this.lastBusyWarning = new AtomicLong(nanoTime.getAsLong() - BUSY_WARNING_INTERVAL_NANOS);
        this.dummyHashMaker = dummyHash;
        // Made ahead of need on the hashing pool, so neither the start nor a first login waits for it.
        hashing.execute(() -> {
            try {
                dummyHash();
            } catch (RuntimeException | OutOfMemoryError e) {
                LOG.warn("cannot prepare the hash for unknown users yet ({}); trying again at the next login", e.toString());
            }
        });
    }

    private static ScheduledThreadPoolExecutor newDelays() {
        ScheduledThreadPoolExecutor delays = new ScheduledThreadPoolExecutor(1, new NamedThreads("auth-delay"));
        delays.setRemoveOnCancelPolicy(true);
        delays.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return delays;
    }

    /** SASLprep, as the password schemes prepare a password before hashing it. */
    @Override
    public Optional<String> prepare(String text) {
        return SaslPrep.prepare(text);
    }

    @Override
    public CompletionStage<AuthResult> authenticate(MailboxAddress address, String password, InetSocketAddress remote) {
        return authenticate(address, password, "PLAIN", remote);
    }

    @Override
    public CompletionStage<AuthResult> authenticate(MailboxAddress address, String password, String method,
            InetSocketAddress remote) {
        // The session id lives in the caller's MDC; the pool threads do not have it.
        Optional<String> session = Optional.ofNullable(MDC.get(SESSION_MDC_KEY));
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        CompletableFuture<AuthResult> result = pendingResult();
        Consumer<Verdict> finish = verdict -> {
            // Only a wrong password is remembered: no keyed HMAC on the way of a successful login.
            OptionalLong secret = verdict instanceof Verdict.Rejected
                    ? OptionalLong.of(penalties.fingerprint(address, password)) : OptionalLong.empty();
            if (verdict instanceof Verdict.Verified verified && verified.appPassword().isPresent()) {
                logAppPasswordLogin(verified, method, logContext);
            }
            complete(result, verdict, Optional.of(address), Optional.empty(), method, secret, remote, session);
        };
        afterPenalty(remote, () -> {
            // The client's wait counts from here: its penalty is served, the check is due.
            long deadline = nanoTime.getAsLong() + queueLimitNanos;
            run(lookups, result, () -> {
                Check check = firstCheck(address, password);
                if (check instanceof Check.Decided decided) {
                    finish.accept(decided.verdict());
                } else if (check instanceof Check.Hash hash && !this.check.slow(hash.storedHash())) {
                    finish.accept(hashed(hash, address, password));
                } else {
                    queueSlowHash((Check.Hash) check, deadline, address, password, remote, result, finish);
                }
            });
        }, () -> result.complete(new AuthResult.Unavailable("shutting down")));
        return result;
    }

    /** Runs {@code task} on {@code pool}; the attempt still gets an answer if it fails or the pool is closed. */
    private static void run(ThreadPoolExecutor pool, CompletableFuture<AuthResult> result, Runnable task) {
        try {
            pool.execute(() -> {
                try {
                    task.run();
                } catch (Error e) {
                    // Out of memory while hashing, say: the client still gets an answer.
                    result.complete(new AuthResult.Unavailable("internal error"));
                    throw e;
                }
            });
        } catch (RejectedExecutionException e) {
            result.complete(new AuthResult.Unavailable("shutting down"));
        }
    }

    /**
     * Queues a slow hash for a hash thread. It waits as long as it takes, up to {@code deadline}
     * (the login timeout after the attempt was due): one that could no longer finish by then is
     * refused, since its client has been given up on.
     */
    private void queueSlowHash(Check.Hash hash, long deadline, MailboxAddress address, String password,
            InetSocketAddress remote, CompletableFuture<AuthResult> result, Consumer<Verdict> finish) {
        run(hashing, result, () -> {
            long start = nanoTime.getAsLong();
            if (start + typicalHashNanos.get() - deadline > 0) {
                warnBusy(address, remote);
                penaltyObserver.refusedOverloaded();
                result.complete(new AuthResult.Unavailable("busy"));
                return;
            }
            // Timed by the real clock: a hash's cost is the CPU's, whatever clock decides the deadlines.
            long hashStart = System.nanoTime();
            Verdict verdict = hashed(hash, address, password);
            long took = System.nanoTime() - hashStart;
            typicalHashNanos.accumulateAndGet(took, (mean, sample) -> mean == 0 ? sample : mean + (sample - mean) / 8);
            finish.accept(verdict);
        });
    }

    @Override
    public CompletionStage<Lookup> lookUp(MailboxAddress address, InetSocketAddress remote) {
        CompletableFuture<Lookup> result = new CompletableFuture<>();
        pendingLookups.add(result);
        result.whenComplete((r, e) -> pendingLookups.remove(result));
        afterPenalty(remote, () -> {
            try {
                lookups.execute(() -> result.complete(lookup(address)));
            } catch (RejectedExecutionException e) {
                result.complete(new Lookup.Unavailable("shutting down"));
            }
        }, () -> result.complete(new Lookup.Unavailable("shutting down")));
        return result;
    }

    @Override
    public CompletionStage<AuthResult> conclude(Optional<MailboxAddress> address, Optional<MailboxAddress> tokenUser,
            boolean verified, String method, InetSocketAddress remote) {
        Optional<String> session = Optional.ofNullable(MDC.get(SESSION_MDC_KEY));
        CompletableFuture<AuthResult> result = pendingResult();
        if (!verified) {
            complete(result, new Verdict.Rejected(), address, tokenUser, method, OptionalLong.empty(), remote, session);
            return result;
        }
        MailboxAddress mailbox = address.orElseThrow(
                () -> new IllegalArgumentException("a verified attempt names its mailbox"));
        // The proof was checked against what lookUp found; whether the mailbox may log in over
        // POP3 is read again now, so that no path to a login skips it.
        run(lookups, result, () -> complete(result, admittedNow(mailbox), address, tokenUser, method,
                OptionalLong.empty(), remote, session));
        return result;
    }

    /** The verdict on proven credentials of {@code address}, as its account stands now. */
    private Verdict admittedNow(MailboxAddress address) {
        try {
            Optional<Account> account = directory.account(address);
            if (account.isEmpty() || account.get().suspended()) {
                // Removed or suspended between the look-up and the proof: as if it had not been found.
                return new Verdict.Rejected();
            }
            return admitted(account.get(), new Verdict.Verified(address, Optional.empty()));
        } catch (StoreException e) {
            LOG.warn("cannot look up {}: {}", address, e.getMessage());
            return new Verdict.Unavailable("directory unavailable");
        } catch (RuntimeException e) {
            LOG.error("unexpected failure while looking up {}", address, e);
            return new Verdict.Unavailable("internal error");
        }
    }

    /** {@code verified}, unless the account may not log in over POP3. */
    private static Verdict admitted(Account account, Verdict.Verified verified) {
        return account.pop3Enabled() ? verified : new Verdict.Pop3Disabled(verified.address());
    }

    private CompletableFuture<AuthResult> pendingResult() {
        CompletableFuture<AuthResult> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((r, e) -> pending.remove(result));
        return result;
    }

    /**
     * Runs {@code attempt} once this client's penalty has passed: at once, or on the timer; runs
     * {@code shuttingDown} instead when the timer no longer takes work.
     */
    private void afterPenalty(InetSocketAddress remote, Runnable attempt, Runnable shuttingDown) {
        Duration wait = remote.getAddress() == null ? Duration.ZERO : penalties.admit(remote.getAddress());
        if (wait.isZero()) {
            attempt.run();
            return;
        }
        try {
            delays.schedule(attempt, wait.toNanos(), TimeUnit.NANOSECONDS);
            penaltyObserver.delayed(wait);
        } catch (RejectedExecutionException e) {
            // Shutting down: no timer left, and the session is about to end anyway.
            shuttingDown.run();
        }
    }

    private Lookup lookup(MailboxAddress address) {
        try {
            // A suspended mailbox is answered like an unknown one: its proofs are never checked.
            return directory.account(address).filter(account -> !account.suspended())
                    .<Lookup>map(account -> new Lookup.Found(address, new StoredHashSecret(address, account.passwordHash())))
                    .orElseGet(Lookup.Missing::new);
        } catch (StoreException e) {
            LOG.warn("cannot look up {}: {}", address, e.getMessage());
            return new Lookup.Unavailable("directory unavailable");
        } catch (RuntimeException e) {
            LOG.error("unexpected failure while looking up {}", address, e);
            return new Lookup.Unavailable("internal error");
        }
    }

    /**
     * Everything short of a stored password hash: the look-up, the cache, app passwords (cheap by
     * construction). Unknown users and suspended mailboxes still get a hash checked, so that
     * response times tell nothing.
     */
    private Check firstCheck(MailboxAddress address, String password) {
        try {
            Optional<Account> account = directory.account(address);
            if (account.isEmpty()) {
                // Same work as for a real account, so response times do not tell who exists.
                return new Check.Hash(dummyHash(), matched -> new Verdict.Rejected());
            }
            String storedHash = account.get().passwordHash();
            if (account.get().suspended()) {
                // Refused like a wrong password and after the same work, so that the reply never
                // tells a suspended mailbox from a mistyped password.
                return new Check.Hash(storedHash, matched -> {
                    LOG.info("login to suspended mailbox {} refused", address);
                    return new Verdict.Rejected();
                });
            }
            Account found = account.get();
            String key = cache.keyOf(address, password);
            if (cache.matches(key, storedHash)) {
                return new Check.Decided(admitted(found, new Verdict.Verified(address, Optional.empty())));
            }
            // Only the app passwords the account lists now are looked for: a revoked one has no
            // cache entry that could still match.
            for (AppPassword app : account.get().appPasswords()) {
                if (cache.matches(appPasswordKey(key, app), app.passwordHash())) {
                    return new Check.Decided(admitted(found, new Verdict.Verified(address, Optional.of(app.name()))));
                }
            }
            Optional<AppPassword> app = matchingAppPassword(account.get(), password);
            if (app.isPresent()) {
                cache.remember(appPasswordKey(key, app.get()), app.get().passwordHash());
                return new Check.Decided(admitted(found, new Verdict.Verified(address, Optional.of(app.get().name()))));
            }
            return new Check.Hash(storedHash, matched -> {
                if (matched) {
                    cache.remember(key, storedHash);
                    return admitted(found, new Verdict.Verified(address, Optional.empty()));
                }
                cache.forget(key);
                return new Verdict.Rejected();
            });
        } catch (StoreException e) {
            LOG.warn("cannot look up {}: {}", address, e.getMessage());
            return new Check.Decided(new Verdict.Unavailable("directory unavailable"));
        } catch (RuntimeException e) {
            LOG.error("unexpected failure while checking the password of {}", address, e);
            return new Check.Decided(new Verdict.Unavailable("internal error"));
        }
    }

    /** Checks the stored hash of {@code hash} and makes the verdict. */
    private Verdict hashed(Check.Hash hash, MailboxAddress address, String password) {
        try {
            return hash.then().apply(check.verify(hash.storedHash(), password));
        } catch (UnsupportedSchemeException e) {
            // The exception's message names the scheme and the problem, never the hash.
            LOG.warn("cannot check the password of {}: {}", address, e.getMessage());
            return new Verdict.Unavailable("password scheme not supported");
        } catch (RuntimeException e) {
            LOG.error("unexpected failure while checking the password of {}", address, e);
            return new Verdict.Unavailable("internal error");
        }
    }

    /**
     * The app password {@code password} is, if any. Each is checked, generated ones cheaply; one
     * whose hash cannot be checked is skipped, so that it locks neither its owner nor the others out.
     */
    private Optional<AppPassword> matchingAppPassword(Account account, String password) {
        for (AppPassword app : account.appPasswords()) {
            try {
                if (check.verify(app.passwordHash(), password)) {
                    return Optional.of(app);
                }
            } catch (UnsupportedSchemeException e) {
                // The exception's message names the scheme and the problem, never the hash.
                LOG.warn("cannot check app password '{}' of {}: {}", app.name(), account.address(), e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** The cache entry of one app password: its name, because each has its own hash. */
    private static String appPasswordKey(String key, AppPassword app) {
        return key + ":" + app.name();
    }

    /**
     * Names the app password a client logged in with (never the password or its hash), with the
     * session's id and address as the caller's log lines have them.
     */
    private static void logAppPasswordLogin(Verdict.Verified verified, String method, Map<String, String> logContext) {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        if (logContext != null) {
            MDC.setContextMap(logContext);
        }
        try {
            LOG.info("password verified user={} method={} (app password '{}')", verified.address(), method,
                    verified.appPassword().orElseThrow());
        } finally {
            if (previous == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previous);
            }
        }
    }

    private void complete(CompletableFuture<AuthResult> result, Verdict verdict, Optional<MailboxAddress> address,
            Optional<MailboxAddress> tokenUser, String method, OptionalLong secret, InetSocketAddress remote,
            Optional<String> session) {
        if (verdict instanceof Verdict.Verified verified) {
            if (remote.getAddress() != null) {
                penalties.succeeded(remote.getAddress(), verified.address());
            }
            result.complete(new AuthResult.Success(verified.address()));
            recordLogin(verified.address());
        } else if (verdict instanceof Verdict.Pop3Disabled disabled) {
            // The client knows the password: no failure, no delay, no penalty.
            if (remote.getAddress() != null) {
                penalties.succeeded(remote.getAddress(), disabled.address());
            }
            result.complete(new AuthResult.Pop3Disabled(disabled.address()));
        } else if (verdict instanceof Verdict.Unavailable unavailable) {
            result.complete(new AuthResult.Unavailable(unavailable.reason()));
        } else {
            if (remote.getAddress() != null) {
                penalties.failed(remote.getAddress(), address, secret);
            }
            LoginFailureLog.failed(address, tokenUser, method, remote, session);
            try {
                delays.schedule(() -> result.complete(new AuthResult.Failure()), failureDelay.toNanos(),
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // Shutting down: no timer left, and the session is about to end anyway.
                result.complete(new AuthResult.Unavailable("shutting down"));
            }
        }
    }

    /**
     * Records the login on the look-up pool, after its answer: a store write the client need not
     * wait for, and never on the caller's thread, which may be a network thread.
     */
    private void recordLogin(MailboxAddress address) {
        try {
            lookups.execute(() -> {
                try {
                    directory.recordLogin(address, Instant.now());
                } catch (RuntimeException e) {
                    LOG.warn("cannot record the login of {}: {}", address, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            // Shutting down: the last login of this one is not worth holding the shutdown for.
        }
    }

    /** The per-client penalty of this authenticator, for the admin API's wrong tokens. */
    public ClientPenalties penalties() {
        return penalties;
    }

    private void warnBusy(MailboxAddress address, InetSocketAddress remote) {
        long refused = refusedSinceWarning.incrementAndGet();
        long now = nanoTime.getAsLong();
        long last = lastBusyWarning.get();
        // At most one line per interval: a login storm must not also become a log storm.
        if (now - last >= BUSY_WARNING_INTERVAL_NANOS && lastBusyWarning.compareAndSet(last, now)) {
            refusedSinceWarning.addAndGet(-refused);
            LOG.warn("password checking saturated ({} threads, {} queued): refused {} login(s), latest {} from {}",
                    hashing.getMaximumPoolSize(), hashing.getQueue().size(), refused, address, LogContext.describe(remote));
        }
    }

    /** The hash unknown users are checked against; made once, on a hashing thread. */
    private String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            synchronized (this) {
                hash = dummyHash;
                if (hash == null) {
                    hash = dummyHashMaker.get();
                    dummyHash = hash;
                }
            }
        }
        return hash;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Stops the pools; attempts still in progress complete as unavailable. Waits a moment for the
     * look-ups under way, a login being recorded among them: the store is closed next, and a
     * write still running into it then (a Maildir file, say) would race its removal.
     */
    @Override
    public void close() {
        hashing.shutdownNow();
        delays.shutdownNow();
        lookups.shutdown();
        try {
            if (!lookups.awaitTermination(CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                lookups.shutdownNow();
            }
        } catch (InterruptedException e) {
            lookups.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (CompletableFuture<AuthResult> attempt : pending) {
            attempt.complete(new AuthResult.Unavailable("shutting down"));
        }
        for (CompletableFuture<Lookup> lookup : pendingLookups) {
            lookup.complete(new Lookup.Unavailable("shutting down"));
        }
    }
}
