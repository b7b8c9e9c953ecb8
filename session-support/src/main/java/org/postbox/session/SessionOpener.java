package org.postbox.session;

import org.apache.mina.core.session.IoSession;

/**
 * Creates the session of a new connection of a {@link SessionListener}.
 *
 * @param <I> what the protocol's decoder yields
 */
@FunctionalInterface
public interface SessionOpener<I> {

    /**
     * Called on the network thread that opened {@code io}, so it must not block; the session is
     * started right after.
     *
     * @param sessionId the id every log line of the session carries
     * @param workers   the listener's pool, for the session's blocking work
     */
    SerialSession<I> open(IoSession io, String sessionId, WorkerPool workers);
}
