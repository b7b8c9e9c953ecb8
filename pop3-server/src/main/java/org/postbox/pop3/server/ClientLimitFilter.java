package org.postbox.pop3.server;

import java.net.InetSocketAddress;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.ResponseCode;
import org.postbox.session.RefusingFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the open connections of one client ({@link ClientKey}: an IPv4 address or an IPv6 /64)
 * across all listeners. Counted when the connection opens, which behind a PROXY-protocol proxy
 * is once the header has named the real client. A connection over the cap is told so and closed;
 * the POP3 engine never sees it.
 */
final class ClientLimitFilter extends RefusingFilter {

    static final Pop3Reply TOO_MANY = new Pop3Reply.Err(ResponseCode.SYS_TEMP,
            "too many connections from your address, try again later");
    private static final byte[] TOO_MANY_LINE = RefusalLine.of(TOO_MANY);

    private static final Logger LOG = LoggerFactory.getLogger(ClientLimitFilter.class);
    private static final AttributeKey COUNTED = new AttributeKey(ClientLimitFilter.class, "counted");

    private final ClientLimits limits;

    ClientLimitFilter(ClientLimits limits) {
        this.limits = limits;
    }

    @Override
    public void sessionOpened(NextFilter next, IoSession session) throws Exception {
        InetSocketAddress client = ClientAddress.of(session);
        ClientKey key = ClientKey.of(client.getAddress());
        if (!limits.openConnection(key)) {
            LOG.info("refused connection from {}: {} connections from {} open already", org.postbox.session.Rfc5952.format(client.getAddress()),
                    limits.maxConnectionsPerClient(), key);
            refuse(session, TOO_MANY_LINE);
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
}
