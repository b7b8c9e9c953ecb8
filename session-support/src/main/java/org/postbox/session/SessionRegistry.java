package org.postbox.session;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The open sessions of one listener, so that shutdown can reach each of them. */
final class SessionRegistry {

    private final Set<SerialSession<?>> open = new HashSet<>();
    private boolean shuttingDown;

    /** Registers a new session; false when shutdown has begun (the caller then ends it at once). */
    synchronized boolean add(SerialSession<?> session) {
        open.add(session);
        session.finished().whenComplete((ignored, failure) -> remove(session));
        return !shuttingDown;
    }

    private synchronized void remove(SerialSession<?> session) {
        open.remove(session);
    }

    synchronized int size() {
        return open.size();
    }

    /** Marks shutdown and returns the sessions open at this moment. */
    synchronized List<SerialSession<?>> beginShutdown() {
        shuttingDown = true;
        return List.copyOf(open);
    }
}
