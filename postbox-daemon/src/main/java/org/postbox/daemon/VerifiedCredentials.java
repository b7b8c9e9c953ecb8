package org.postbox.daemon;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.postbox.mailstore.MailboxAddress;

/**
 * Remembers which (address, password) pairs verified recently, so a client that logs in every
 * minute does not pay for a slow hash each time.
 *
 * <p>Neither passwords nor reversible forms of them are kept: an entry is keyed by an
 * HMAC-SHA256 of {@code address "\0" password} under a key drawn at random per process. An entry
 * also holds the stored hash it was verified against and only counts while the directory still
 * returns that very hash, so a password change made elsewhere (the CLI in another process)
 * takes effect at the next login. Entries expire after the TTL; the oldest go first when full.
 */
final class VerifiedCredentials {
    private static final String MAC_ALGORITHM = "HmacSHA256";

    /** When {@code storedHash} verified; the hash itself stays out of {@code toString}. */
    private record Entry(String storedHash, long verifiedAtNanos) {
        @Override
        public String toString() {
            return "Entry[verifiedAtNanos=" + verifiedAtNanos + "]";
        }
    }

    private final SecretKeySpec key;
    private final long ttlNanos;
    private final int capacity;
    private final LongSupplier nanoTime;
    // Insertion order: every entry lives for the same TTL, so the eldest entry also expires first.
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    VerifiedCredentials(Duration ttl, int capacity, LongSupplier nanoTime) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, MAC_ALGORITHM);
        this.ttlNanos = ttl.toNanos();
        this.capacity = capacity;
        this.nanoTime = nanoTime;
    }

    /** A zero TTL or size turns the cache off: nothing is remembered, nothing ever matches. */
    boolean enabled() {
        return ttlNanos > 0 && capacity > 0;
    }

    /** The cache key of an attempt; not reversible without the per-process secret. */
    String keyOf(MailboxAddress address, String password) {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(key);
            mac.update(address.toString().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            byte[] digest = mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is mandatory in every Java SE platform.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * True when {@code key} verified against {@code currentHash} within the TTL. A stale or
     * superseded entry is dropped on the way.
     */
    synchronized boolean matches(String key, String currentHash) {
        if (!enabled()) {
            return false;
        }
        Entry entry = entries.get(key);
        if (entry == null) {
            return false;
        }
        if (expired(entry, nanoTime.getAsLong()) || !entry.storedHash().equals(currentHash)) {
            entries.remove(key);
            return false;
        }
        return true;
    }

    /** Records that {@code key} verified against {@code storedHash} just now. */
    synchronized void remember(String key, String storedHash) {
        if (!enabled()) {
            return;
        }
        long now = nanoTime.getAsLong();
        entries.remove(key); // re-inserting moves it to the young end
        entries.put(key, new Entry(storedHash, now));
        Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
        while (eldest.hasNext()) {
            Map.Entry<String, Entry> e = eldest.next();
            if (entries.size() > capacity || expired(e.getValue(), now)) {
                eldest.remove();
            } else {
                break;
            }
        }
    }

    /** Drops {@code key}, e.g. after the password stopped verifying. */
    synchronized void forget(String key) {
        entries.remove(key);
    }

    synchronized int size() {
        return entries.size();
    }

    private boolean expired(Entry entry, long now) {
        return now - entry.verifiedAtNanos() >= ttlNanos;
    }
}
