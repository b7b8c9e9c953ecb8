package org.postbox.session;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the open connections of a listener. A connection over the cap gets the refusal line
 * instead of a greeting and is closed once that is sent; none of its events reach the session
 * layer, so it never counts as a session and never touches the store.
 */
public final class ConnectionLimitFilter extends RefusingFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimitFilter.class);

    private final int maxConnections;
    private final byte[] refusal;
    private final AtomicInteger open = new AtomicInteger();

    /** @param refusal the encoded line, CRLF included, that tells a refused client to try later */
    public ConnectionLimitFilter(int maxConnections, byte[] refusal) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("the connection limit must be at least 1, got " + maxConnections);
        }
        this.maxConnections = maxConnections;
        this.refusal = Arrays.copyOf(refusal, refusal.length);
    }

    @Override
    public void sessionCreated(NextFilter next, IoSession session) throws Exception {
        if (open.incrementAndGet() > maxConnections) {
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
