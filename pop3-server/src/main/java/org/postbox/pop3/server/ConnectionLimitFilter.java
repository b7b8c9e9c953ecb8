package org.postbox.pop3.server;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.ReplyChunks;
import org.postbox.pop3.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the open connections of a listener. A connection over the cap is told so and closed once
 * that line is flushed; none of its events reach the POP3 engine, so it never counts as a
 * session and never touches the store.
 */
final class ConnectionLimitFilter extends IoFilterAdapter {

    static final Pop3Reply TOO_MANY = new Pop3Reply.Err(ResponseCode.SYS_TEMP, "too many connections, try again later");

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimitFilter.class);
    private static final AttributeKey REFUSED = new AttributeKey(ConnectionLimitFilter.class, "refused");

    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimitFilter(int maxConnections) {
        this.maxConnections = maxConnections;
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
            LOG.info("refused connection from {}: {} connections open already", session.getRemoteAddress(), maxConnections);
            session.write(encode(TOO_MANY));
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

    /** Connections counted against the cap right now. */
    int openConnections() {
        return open.get();
    }

    private static boolean refused(IoSession session) {
        return session.containsAttribute(REFUSED);
    }

    private static IoBuffer encode(Pop3Reply reply) throws IOException {
        ReplyChunks chunks = ReplyChunks.of(reply);
        try {
            return chunks.next();
        } finally {
            chunks.close();
        }
    }
}
