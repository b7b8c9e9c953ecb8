package org.postbox.pop3.server;

import java.io.IOException;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.ReplyChunks;

/**
 * A filter that may turn a connection away: the refused session gets one {@code -ERR} line, is
 * closed once that is flushed, and none of its events travel further down the chain, so the POP3
 * engine never sees it. Subclasses decide when to refuse and keep their own counts.
 */
abstract class RefusingFilter extends IoFilterAdapter {

    // One key per subclass: two refusing filters in one chain keep separate marks.
    private final AttributeKey refusedKey = new AttributeKey(getClass(), "refused");

    /** Marks the session refused; from now on its events stop at this filter. */
    final void markRefused(IoSession session) {
        session.setAttribute(refusedKey, Boolean.TRUE);
    }

    /** Marks the session refused, sends {@code reply} and closes the connection once it is flushed. */
    final void refuse(IoSession session, Pop3Reply reply) throws IOException {
        markRefused(session);
        try (ReplyChunks chunks = ReplyChunks.of(reply)) {
            session.write(chunks.next());
        }
        session.closeOnFlush();
    }

    final boolean refused(IoSession session) {
        return session.containsAttribute(refusedKey);
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
}
