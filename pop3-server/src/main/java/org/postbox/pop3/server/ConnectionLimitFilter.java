package org.postbox.pop3.server;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mina.core.session.IoSession;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the open connections of a listener. A connection over the cap is told so and closed once
 * that line is flushed; none of its events reach the POP3 engine, so it never counts as a
 * session and never touches the store.
 */
final class ConnectionLimitFilter extends RefusingFilter {

    static final Pop3Reply TOO_MANY = new Pop3Reply.Err(ResponseCode.SYS_TEMP, "too many connections, try again later");

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimitFilter.class);

    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimitFilter(int maxConnections) {
        this.maxConnections = maxConnections;
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
            refuse(session, TOO_MANY);
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

    /** Connections counted against the cap right now. */
    int openConnections() {
        return open.get();
    }
}
