package org.postbox.session;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the open connections of a listener. When the listener is full, a new connection first
 * asks the listener to make room, which it does by ending the oldest connection that has not
 * logged in (so that clients holding slots without logging in cannot lock everyone else out);
 * it is taken then, while the evicted one says goodbye. When there is no room to make, the new
 * connection gets the refusal line instead of a greeting and is closed once that is sent; none
 * of its events reach the session layer, so it never counts as a session and never touches the
 * store.
 */
final class ConnectionLimitFilter extends RefusingFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimitFilter.class);

    private final int maxConnections;
    private final byte[] refusal;
    private final BooleanSupplier makeRoom;
    private final AtomicInteger open = new AtomicInteger();

    /**
     * @param refusal  the encoded line, CRLF included, that tells a refused client to try later
     * @param makeRoom ends one open connection to make room for a new one, or answers false
     */
    ConnectionLimitFilter(int maxConnections, byte[] refusal, BooleanSupplier makeRoom) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("the connection limit must be at least 1, got " + maxConnections);
        }
        this.maxConnections = maxConnections;
        this.refusal = Arrays.copyOf(refusal, refusal.length);
        this.makeRoom = Objects.requireNonNull(makeRoom, "makeRoom");
    }

    @Override
    public void sessionCreated(NextFilter next, IoSession session) throws Exception {
        // An evicted connection counts until it has closed, so the count may pass the cap briefly,
        // by at most the evictions still saying goodbye.
        if (open.incrementAndGet() > maxConnections && !makeRoom.getAsBoolean()) {
            open.decrementAndGet();
            markRefused(session);
            return;
        }
        next.sessionCreated(session);
    }

    @Override
    public void sessionOpened(NextFilter next, IoSession session) throws Exception {
        if (refused(session)) {
            LOG.info("refused connection from {}: {} connections open already", session.getRemoteAddress(), maxConnections);
            refuse(session, refusal);
            return;
        }
        next.sessionOpened(session);
    }

    @Override
    public void sessionClosed(NextFilter next, IoSession session) throws Exception {
        if (refused(session)) {
            return;
        }
        open.decrementAndGet();
        next.sessionClosed(session);
    }
}
