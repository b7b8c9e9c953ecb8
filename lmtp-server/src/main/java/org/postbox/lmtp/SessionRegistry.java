package org.postbox.lmtp;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The open sessions of one acceptor, so that shutdown can reach each of them. */
final class SessionRegistry {

    private final Set<SessionDriver> open = new HashSet<>();
    private boolean shuttingDown;

    /** Registers a new session; false when shutdown has begun (the caller then ends it at once). */
    synchronized boolean add(SessionDriver driver) {
        open.add(driver);
        driver.finished().whenComplete((ignored, failure) -> remove(driver));
        return !shuttingDown;
    }

    private synchronized void remove(SessionDriver driver) {
        open.remove(driver);
    }

    synchronized int size() {
        return open.size();
    }

    /** Marks shutdown and returns the sessions open at this moment. */
    synchronized List<SessionDriver> beginShutdown() {
        shuttingDown = true;
        return List.copyOf(open);
    }
}
