package org.postbox.lmtp;

import java.util.Objects;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;

/**
 * Tells an {@link LmtpObserver} about connections and sessions, from two filters that only watch:
 * {@link #outer()} first in the chain sees every connection, {@link #inner()} after the
 * connection limit sees those that became sessions. A connection the outer one sees close
 * without the inner one having seen it open was refused.
 */
final class ConnectionMeter {

    private static final AttributeKey ADMITTED = new AttributeKey(ConnectionMeter.class, "admitted");

    private final LmtpObserver observer;
    private final IoFilterAdapter outer = new IoFilterAdapter() {
        @Override
        public void sessionClosed(NextFilter next, IoSession session) throws Exception {
            // Runs before the inner filter's sessionClosed, so the attribute is still there.
            if (!session.containsAttribute(ADMITTED)) {
                observer.connectionRejected();
            }
            next.sessionClosed(session);
        }
    };
    private final IoFilterAdapter inner = new IoFilterAdapter() {
        @Override
        public void sessionOpened(NextFilter next, IoSession session) throws Exception {
            session.setAttribute(ADMITTED, Boolean.TRUE);
            observer.connectionAccepted();
            observer.sessionsOpen(1);
            next.sessionOpened(session);
        }

        @Override
        public void sessionClosed(NextFilter next, IoSession session) throws Exception {
            if (session.containsAttribute(ADMITTED)) {
                observer.sessionsOpen(-1);
            }
            next.sessionClosed(session);
        }
    };

    ConnectionMeter(LmtpObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** The filter to put first in the chain. */
    IoFilterAdapter outer() {
        return outer;
    }

    /** The filter to put after the connection limit. */
    IoFilterAdapter inner() {
        return inner;
    }
}
