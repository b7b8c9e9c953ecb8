package org.postbox.pop3.server;

import java.io.IOException;
import java.net.InetSocketAddress;
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
 * Caps the open connections of one client ({@link ClientKey}: an IPv4 address or an IPv6 /64)
 * across all listeners. Counted when the connection opens, which behind a PROXY-protocol proxy
 * is once the header has named the real client. A connection over the cap is told so and closed;
 * the POP3 engine never sees it.
 */
final class ClientLimitFilter extends IoFilterAdapter {

    static final Pop3Reply TOO_MANY = new Pop3Reply.Err(ResponseCode.SYS_TEMP,
            "too many connections from your address, try again later");

    private static final Logger LOG = LoggerFactory.getLogger(ClientLimitFilter.class);
    private static final AttributeKey COUNTED = new AttributeKey(ClientLimitFilter.class, "counted");
    private static final AttributeKey REFUSED = new AttributeKey(ClientLimitFilter.class, "refused");

    private final ClientLimits limits;

    ClientLimitFilter(ClientLimits limits) {
        this.limits = limits;
    }

    @Override
    public void sessionOpened(NextFilter next, IoSession session) throws Exception {
        InetSocketAddress client = ClientAddress.of(session);
        ClientKey key = ClientKey.of(client.getAddress());
        if (!limits.openConnection(key)) {
            LOG.info("refused connection from {}: {} connections from {} open already", client.getAddress().getHostAddress(),
                    limits.maxConnectionsPerClient(), key);
            session.setAttribute(REFUSED, Boolean.TRUE);
            session.write(encode(TOO_MANY));
            session.closeOnFlush();
            return;
        }
        session.setAttribute(COUNTED, key);
        next.sessionOpened(session);
    }

    @Override
    public void sessionClosed(NextFilter next, IoSession session) throws Exception {
        Object key = session.removeAttribute(COUNTED);
        if (key != null) {
            limits.closeConnection((ClientKey) key);
        }
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

    private static IoBuffer encode(Pop3Reply reply) throws IOException {
        try (ReplyChunks chunks = ReplyChunks.of(reply)) {
            return chunks.next();
        }
    }
}
