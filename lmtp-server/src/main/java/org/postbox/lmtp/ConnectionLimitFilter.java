package org.postbox.lmtp;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.postbox.lmtp.codec.LmtpEncoder;
import org.postbox.lmtp.codec.LmtpReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the open connections of a listener. A connection over the cap gets {@code 421 4.3.2}
 * (RFC 5321 section 3.1 allows it instead of the greeting) and is closed once that is sent; none
 * of its events reach the LMTP engine, so it never counts as a session and never touches the
 * store. Sits before the codec, so it writes the encoded reply itself.
 */
final class ConnectionLimitFilter extends IoFilterAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimitFilter.class);
    private static final AttributeKey REFUSED = new AttributeKey(ConnectionLimitFilter.class, "refused");

    private final int maxConnections;
    private final byte[] refusal;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimitFilter(int maxConnections, LmtpReply refusal) {
        this.maxConnections = maxConnections;
        this.refusal = LmtpEncoder.bytes(refusal);
    }

    @Override
    public void sessionCreated(NextFilter next, IoSession session) throws Exception {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            session.setAttribute(REFUSED, Boolean.TRUE);
            return;
        }
        next.sessionCreated(session);
    }

    @Override
    public void sessionOpened(NextFilter next, IoSession session) throws Exception {
        if (refused(session)) {
            LOG.info("refused LMTP connection from {}: {} connections open already", session.getRemoteAddress(), maxConnections);
            session.write(IoBuffer.wrap(refusal));
            session.closeOnFlush();
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

    @Override
    public void messageReceived(NextFilter next, IoSession session, Object message) throws Exception {
        if (!refused(session)) {
            next.messageReceived(session, message);
        }
    }

    @Override
    public void sessionIdle(NextFilter next, IoSession session, IdleStatus status) throws Exception {
        if (!refused(session)) {
            next.sessionIdle(session, status);
        }
    }

    @Override
    public void inputClosed(NextFilter next, IoSession session) throws Exception {
        if (refused(session)) {
            session.closeNow();
            return;
        }
        next.inputClosed(session);
    }

    @Override
    public void exceptionCaught(NextFilter next, IoSession session, Throwable cause) throws Exception {
        if (refused(session)) {
            session.closeNow();
            return;
        }
        next.exceptionCaught(session, cause);
    }

    @Override
    public void messageSent(NextFilter next, IoSession session, WriteRequest request) throws Exception {
        if (!refused(session)) {
            next.messageSent(session, request);
        }
    }

    private static boolean refused(IoSession session) {
        return session.containsAttribute(REFUSED);
    }
}
