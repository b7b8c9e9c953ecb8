package org.postbox.session;

import java.time.Duration;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;

/**
 * A filter that may turn a connection away: the refused connection gets one reply line, is
 * closed once that is flushed, and none of its events travel further down the chain, so the
 * protocol never sees it. It sits before the codec and writes the encoded line itself. Subclasses
 * decide when to refuse and keep their own counts.
 */
public abstract class RefusingFilter extends IoFilterAdapter {

    /** How long a refused connection may take to receive its refusal. */
    static final Duration REFUSAL_GRACE = Duration.ofSeconds(10);

    // One key per subclass: two refusing filters in one chain keep separate marks.
    private final AttributeKey refusedKey = new AttributeKey(getClass(), "refused");

    /** Marks the connection refused; from now on its events stop at this filter. */
    protected final void markRefused(IoSession session) {
        session.setAttribute(refusedKey, Boolean.TRUE);
    }

    /**
     * Marks the connection refused, sends {@code reply} (a whole encoded line) and closes once it
     * is out. Closes when the write completes rather than with closeOnFlush: under implicit TLS
     * the line waits in the TLS filter for the handshake, and closeOnFlush would close before it,
     * leaving the client with a bare end of the connection instead of a reason. A client that
     * never completes the handshake or never reads is closed after {@link #REFUSAL_GRACE}.
     */
    protected final void refuse(IoSession session, byte[] reply) {
        markRefused(session);
        IdleTime.set(session, IdleStatus.BOTH_IDLE, REFUSAL_GRACE);
        session.write(IoBuffer.wrap(reply)).addListener(written -> session.closeOnFlush());
    }

    protected final boolean refused(IoSession session) {
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
        if (refused(session)) {
            session.closeNow();
            return;
        }
        next.sessionIdle(session, status);
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
