package org.postbox.daemon;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.pop3.server.ClientKey;

/**
 * The failed-login penalty per client ({@link ClientKey}: an IPv4 address or an IPv6 /64), like
 * Dovecot's: after {@code n} failures, every further attempt from that client waits
 * {@code initial * 2^(n-1)}, at most {@code max} (2 s, 4 s, 8 s, 15 s, 15 s, ... by default),
 * before it is even checked, so a right guess is not answered faster than a wrong one.
 *
 * <ul>
 * <li>The penalty holds for the client, not per connection: attempts from parallel connections
 *     are checked one after the other, each its wait after the one before, so ten connections
 *     guess no faster than one.</li>
 * <li>A client repeating one of its last {@value #REMEMBERED} wrong passwords (a phone with an old
 *     password, polling) does not raise its penalty: only new guesses do. Passwords are remembered
 *     as 64-bit keyed fingerprints of address and password, not reversible without this process's
 *     random key.</li>
 * <li>It is per client: the owner logging in from elsewhere never waits for an attacker's penalty.</li>
 * <li>A successful login from the client takes back the failures at that same mailbox (the owner
 *     who mistyped), never those at others: an attacker who holds one account must not reset the
 *     penalty of its guesses at another by logging in between them. An hour without failures
 *     clears the whole penalty.</li>
 * <li>At most {@value #CAPACITY} clients are tracked; beyond that the one idle longest is
 *     forgotten first.</li>
 * </ul>
 *
 * <p>This class only computes waits; the caller waits with a timer, never a sleeping thread.
 */
final class LoginPenalties implements ClientPenalties {

    static final int REMEMBERED = 8;
    /** What a wrong admin token is fingerprinted under: no mailbox can have this address. */
    private static final MailboxAddress ADMIN_TOKEN = new MailboxAddress("admin-token", "admin.invalid");
    /** Mailboxes whose failures are kept apart per client; failures at others can no longer be taken back. */
    static final int MAILBOXES_TRACKED = 8;
    static final int CAPACITY = 100_000;
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** 2^30 times the initial wait passes any sensible maximum; no need to double further. */
    private static final int MAX_DOUBLINGS = 30;

    private static final class Penalty {
        int failures;
        long lastFailure;
        /** When the latest attempt admitted is checked; meaningful once {@code admitted}. */
        long latestCheck;
        boolean admitted;
        final long[] secrets = new long[REMEMBERED];
        int secretCount;
        int nextSecret;
        // Insertion order: the mailbox guessed at first is the first to be given up.
        final LinkedHashMap<MailboxAddress, Integer> failuresAt = new LinkedHashMap<>();

        boolean remembers(long secret) {
            for (int i = 0; i < secretCount; i++) {
                if (secrets[i] == secret) {
                    return true;
                }
            }
            return false;
        }

        void remember(long secret) {
            secrets[nextSecret] = secret;
            nextSecret = (nextSecret + 1) % REMEMBERED;
            secretCount = Math.min(REMEMBERED, secretCount + 1);
        }

        void count(Optional<MailboxAddress> mailbox) {
            failures = saturatedIncrement(failures);
            if (mailbox.isEmpty()) {
                return;
            }
            failuresAt.merge(mailbox.get(), 1, (old, one) -> saturatedIncrement(old));
            if (failuresAt.size() > MAILBOXES_TRACKED) {
                // Its failures stay in the total: forgetting whom they were at must not forgive them.
                Iterator<MailboxAddress> eldest = failuresAt.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }

        void forgive(MailboxAddress mailbox) {
            Integer at = failuresAt.remove(mailbox);
            if (at != null) {
                failures = Math.max(0, failures - at);
            }
        }

        private static int saturatedIncrement(int n) {
            return n == Integer.MAX_VALUE ? n : n + 1;
        }
    }

    private final long initialNanos;
    private final long maxNanos;
    private final long forgetAfterNanos;
    private final LongSupplier nanoTime;
    private final SecretKeySpec key;
    // Access order: the client idle longest comes first and goes first when the table is full.
    private final LinkedHashMap<ClientKey, Penalty> penalties = new LinkedHashMap<>(256, 0.75f, true);

    /**
     * @param initial the wait after the first failure; zero turns penalties off
     * @param max     the longest wait
     */
    LoginPenalties(Duration initial, Duration max, LongSupplier nanoTime) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = Math.max(max.toNanos(), initialNanos);
        this.forgetAfterNanos = FORGET_AFTER.toNanos();
        this.nanoTime = nanoTime;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    boolean enabled() {
        return initialNanos > 0;
    }

    /** The penalty wait of {@code client} now, as one attempt on its own would wait it; reserves nothing. */
    synchronized Duration waitFor(InetAddress client) {
        if (!enabled()) {
            return Duration.ZERO;
        }
        Penalty penalty = current(ClientKey.of(client));
        return penalty == null ? Duration.ZERO : Duration.ofNanos(waitAfter(penalty.failures));
    }

    /**
     * Admits an attempt from {@code client}: how long it must wait before it is checked. The wait
     * counts from now, or from the check of the attempt admitted before it if that is still to
     * come, so that parallel connections share one penalty instead of each having its own.
     */
    @Override
    public synchronized Duration admit(InetAddress client) {
        if (!enabled()) {
            return Duration.ZERO;
        }
        Penalty penalty = current(ClientKey.of(client));
        if (penalty == null || penalty.failures == 0) {
            return Duration.ZERO;
        }
        long now = nanoTime.getAsLong();
        long from = penalty.admitted && penalty.latestCheck - now > 0 ? penalty.latestCheck : now;
        long at = from + waitAfter(penalty.failures);
        penalty.latestCheck = at;
        penalty.admitted = true;
        return Duration.ofNanos(at - now);
    }

    /** The wait after {@code failures} failures: 0, initial, 2 initial, 4 initial, ... at most max. */
    long waitAfter(int failures) {
        if (failures <= 0 || !enabled()) {
            return 0;
        }
        int doublings = Math.min(failures - 1, MAX_DOUBLINGS);
        long wait = initialNanos;
        for (int i = 0; i < doublings && wait < maxNanos; i++) {
            wait *= 2;
        }
        return Math.min(wait, maxNanos);
    }

    /**
     * Counts a failed attempt from {@code client}.
     *
     * @param mailbox the mailbox it was at, empty when the client named none that could exist
     * @param secret  the fingerprint of the wrong password ({@link #fingerprint}), empty for
     *                attempts without one (challenge-response, bearer tokens): those always count
     */
    synchronized void failed(InetAddress client, Optional<MailboxAddress> mailbox, OptionalLong secret) {
        if (!enabled()) {
            return;
        }
        ClientKey key = ClientKey.of(client);
        Penalty penalty = current(key);
        if (penalty == null) {
            penalty = new Penalty();
            penalties.put(key, penalty);
            trim();
        }
        penalty.lastFailure = nanoTime.getAsLong();
        if (secret.isPresent() && penalty.remembers(secret.getAsLong())) {
            return;
        }
        secret.ifPresent(penalty::remember);
        penalty.count(mailbox);
    }

    /**
     * A successful login from {@code client} to {@code mailbox} takes back the client's failures
     * at that mailbox; its failures at other mailboxes still count.
     */
    synchronized void succeeded(InetAddress client, MailboxAddress mailbox) {
        ClientKey key = ClientKey.of(client);
        Penalty penalty = penalties.get(key);
        if (penalty == null) {
            return;
        }
        penalty.forgive(mailbox);
        if (penalty.failures == 0) {
            penalties.remove(key);
        }
    }

    @Override
    public void failedSecret(InetAddress client, String secret) {
        failed(client, Optional.empty(), OptionalLong.of(fingerprint(ADMIN_TOKEN, secret)));
    }

    /** The fingerprint of a password tried for {@code address}: 64 bits of a keyed HMAC. */
    long fingerprint(MailboxAddress address, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(address.toString().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return ByteBuffer.wrap(mac.doFinal(password.getBytes(StandardCharsets.UTF_8))).getLong();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    synchronized int tracked() {
        return penalties.size();
    }

    private Penalty current(ClientKey key) {
        Penalty penalty = penalties.get(key);
        if (penalty != null && nanoTime.getAsLong() - penalty.lastFailure >= forgetAfterNanos) {
            penalties.remove(key);
            return null;
        }
        return penalty;
    }

    private void trim() {
        Iterator<Map.Entry<ClientKey, Penalty>> eldest = penalties.entrySet().iterator();
        while (penalties.size() > CAPACITY && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }
}
