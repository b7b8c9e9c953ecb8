package org.postbox.pop3.server;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts what is open per key against a limit (connections per client address, logins per
 * mailbox and address). Keys with nothing open are dropped, so the map only ever holds what is
 * open right now.
 *
 * @param <K> what is counted per
 */
final class ConnectionCounts<K> {

    private final int limit;
    private final Map<K, Integer> open = new HashMap<>();

    ConnectionCounts(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the limit must be at least 1, got " + limit);
        }
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    /** Counts one more for {@code key} unless that would pass the limit; true when counted. */
    synchronized boolean tryAcquire(K key) {
        int now = open.getOrDefault(key, 0);
        if (now >= limit) {
            return false;
        }
        open.put(key, now + 1);
        return true;
    }

    /** Counts one less for {@code key}; must follow a successful {@link #tryAcquire}. */
    synchronized void release(K key) {
        Integer now = open.get(key);
        if (now == null) {
            throw new IllegalStateException("release without acquire for " + key);
        }
        if (now == 1) {
            open.remove(key);
        } else {
            open.put(key, now - 1);
        }
    }
}
