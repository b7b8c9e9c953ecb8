package org.postbox.session;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The open sessions of one listener, oldest first, so that shutdown and the watchdog can reach
 * each of them and a full listener can find the oldest connection that has not logged in.
 */
final class SessionRegistry {

    private final Set<SerialSession<?>> open = new LinkedHashSet<>();
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

    /** The sessions open at this moment, oldest first. */
    synchronized List<SerialSession<?>> snapshot() {
        return List.copyOf(open);
    }

    /**
     * Ends the oldest session that has not logged in, to make room for a new connection.
     *
     * @return false when every open session has logged in (or is ending already)
     */
    synchronized boolean evictOldestAwaitingLogin() {
        // Under the lock, so that two new connections never pick the same session. expire() only
        // marks it and hands work to a worker (whose steps log in the session's context).
        for (SerialSession<?> session : open) {
            if (session.awaitingLogin() && session.expire(EndReason.EVICTED)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Ends the session of id {@code sessionId} as {@link EndReason#KICKED}.
     *
     * @return false when no open session has that id, or it is ending already
     */
    boolean kick(String sessionId) {
        for (SerialSession<?> session : snapshot()) {
            if (session.logContext().sessionId().equals(sessionId)) {
                return session.logContext().call(session::kick);
            }
        }
        return false;
    }

    /** Marks shutdown and returns the sessions open at this moment. */
    synchronized List<SerialSession<?>> beginShutdown() {
        shuttingDown = true;
        return List.copyOf(open);
    }
}
