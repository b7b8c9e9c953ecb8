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
 * <li>A client repeating one of its last {@value #REMEMBERED} wrong passwords (a phone with an old
 *     password, polling) does not raise its penalty: only new guesses do. Passwords are remembered
 *     as 64-bit keyed fingerprints of address and password, not reversible without this process's
 *     random key.</li>
 * <li>It is per client: the owner logging in from elsewhere never waits for an attacker's penalty.</li>
 * <li>A successful login from the client clears it; so does an hour without failures.</li>
 * <li>At most {@value #CAPACITY} clients are tracked; beyond that the one idle longest is
 *     forgotten first.</li>
 * </ul>
 *
 * <p>This class only computes waits; the caller waits with a timer, never a sleeping thread.
 */
final class LoginPenalties {

    static final int REMEMBERED = 8;
    static final int CAPACITY = 100_000;
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** 2^30 times the initial wait passes any sensible maximum; no need to count further. */
    private static final int MAX_COUNTED = 30;

    private static final class Penalty {
        int failures;
        long lastFailure;
        final long[] secrets = new long[REMEMBERED];
        int secretCount;
        int nextSecret;

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

    /** How long the next attempt from {@code client} must wait before it is checked. */
    synchronized Duration waitFor(InetAddress client) {
        if (!enabled()) {
            return Duration.ZERO;
        }
        Penalty penalty = current(ClientKey.of(client));
        return penalty == null ? Duration.ZERO : Duration.ofNanos(waitAfter(penalty.failures));
    }

    /** The wait after {@code failures} failures: 0, initial, 2 initial, 4 initial, ... at most max. */
    long waitAfter(int failures) {
        if (failures <= 0 || !enabled()) {
            return 0;
        }
        int doublings = Math.min(failures - 1, MAX_COUNTED);
        long wait = initialNanos;
        for (int i = 0; i < doublings && wait < maxNanos; i++) {
            wait *= 2;
        }
        return Math.min(wait, maxNanos);
    }

    /**
     * Counts a failed attempt from {@code client}.
     *
     * @param secret the fingerprint of the wrong password ({@link #fingerprint}), empty for
     *               attempts without one (challenge-response, bearer tokens): those always count
     */
    synchronized void failed(InetAddress client, OptionalLong secret) {
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
        penalty.failures = Math.min(penalty.failures + 1, MAX_COUNTED + 1);
    }

    /** A successful login from {@code client} clears its penalty. */
    synchronized void succeeded(InetAddress client) {
        penalties.remove(ClientKey.of(client));
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
