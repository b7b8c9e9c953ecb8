package org.postbox.session;

import java.util.Objects;
import javax.net.ssl.SSLSession;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.filter.FilterEvent;
import org.apache.mina.filter.ssl.SslEvent;
import org.apache.mina.filter.ssl.SslFilter;

/**
 * Tells a {@link ListenerObserver} about connections, sessions and octets sent, from two filters
 * that only watch: {@link #outer()} first in the chain sees every connection, {@link #inner()}
 * last sees those that got past every limit (a PROXY header, the connection caps) and became
 * sessions, and every reply written as octets on its way out, before TLS. A connection the outer
 * one sees close without the inner one having seen it open was rejected.
 */
final class ConnectionMeter {

    /** Set when a connection became a session: the TLS state it is counted under. */
    private static final AttributeKey TLS_STATE = new AttributeKey(ConnectionMeter.class, "tls");

    private final ListenerObserver observer;
    private final Outer outer = new Outer();
    private final Inner inner = new Inner();

    ConnectionMeter(ListenerObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** The filter to put first in the chain. */
    IoFilter outer() {
        return outer;
    }

    /** The filter to put last in the chain, after the codec. */
    IoFilter inner() {
        return inner;
    }

    private final class Outer extends IoFilterAdapter {
        @Override
        public void sessionClosed(NextFilter next, IoSession session) throws Exception {
            // Runs before the inner filter's sessionClosed, so the attribute is still there.
            if (!session.containsAttribute(TLS_STATE)) {
                observer.connectionRejected();
            }
            next.sessionClosed(session);
        }
    }

    private final class Inner extends IoFilterAdapter {
        @Override
        public void sessionOpened(NextFilter next, IoSession session) throws Exception {
            String tls = protocolOf(session);
            session.setAttribute(TLS_STATE, tls);
            observer.connectionAccepted();
            observer.sessionsOpen(tls, 1);
            next.sessionOpened(session);
        }

        @Override
        public void event(NextFilter next, IoSession session, FilterEvent event) throws Exception {
            if (event == SslEvent.SECURED) {
                Object counted = session.getAttribute(TLS_STATE);
                String now = protocolOf(session);
                if (counted != null && !counted.equals(now) && session.replaceAttribute(TLS_STATE, counted, now)) {
                    observer.sessionsOpen((String) counted, -1);
                    observer.sessionsOpen(now, 1);
                }
            }
            next.event(session, event);
        }

        @Override
        public void sessionClosed(NextFilter next, IoSession session) throws Exception {
            Object counted = session.getAttribute(TLS_STATE);
            if (counted != null) {
                observer.sessionsOpen((String) counted, -1);
            }
            next.sessionClosed(session);
        }

        /** Replies the protocol writes as octets (POP3's); one written as a value is encoded after this filter. */
        @Override
        public void filterWrite(NextFilter next, IoSession session, WriteRequest request) throws Exception {
            if (request.getMessage() instanceof IoBuffer buffer) {
                observer.octetsSent(buffer.remaining());
            }
            next.filterWrite(session, request);
        }
    }

    private static String protocolOf(IoSession session) {
        Object secured = session.getAttribute(SslFilter.SSL_SECURED);
        return secured instanceof SSLSession tls ? tls.getProtocol() : ListenerObserver.NO_TLS;
    }
}
