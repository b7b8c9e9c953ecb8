package org.postbox.pop3.server;

import java.net.InetSocketAddress;
import java.util.Arrays;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.postbox.pop3.protocol.proxy.ProxyHeader;
import org.postbox.pop3.protocol.proxy.ProxyHeaderParser;
import org.postbox.pop3.protocol.proxy.ProxyHeaderResult;
import org.postbox.session.IdleTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the HAProxy PROXY protocol header (version 1 or 2) that a trusted proxy sends before
 * anything else, and records the real client it names ({@link ClientAddress}). First in the
 * chain, ahead of TLS: the header is in the clear even when the client then speaks TLS.
 *
 * <p>Until the header is complete the rest of the chain has seen the connection created but not
 * opened: no greeting is sent, no session exists, no limit but the listener's connection count
 * applies. A peer that is not a trusted proxy is disconnected at once; a header that is invalid
 * or not complete within the timeout, likewise. Octets that follow the header in the same read
 * are passed on as the client's own.
 */
final class ProxyProtocolFilter extends IoFilterAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocolFilter.class);
    /** The octets of a header still being read; present until it is complete. */
    private static final AttributeKey PENDING = new AttributeKey(ProxyProtocolFilter.class, "pending");
    /** The peer is not a trusted proxy: the rest of the chain never hears of the connection. */
    private static final AttributeKey REFUSED = new AttributeKey(ProxyProtocolFilter.class, "refused");
    /** The header was bad or late: the connection is closing and whatever else arrives is dropped. */
    private static final AttributeKey DISCARDING = new AttributeKey(ProxyProtocolFilter.class, "discarding");

    private final ProxyProtocol settings;

    ProxyProtocolFilter(ProxyProtocol settings) {
        this.settings = settings;
    }

    /** The octets received so far of a header. */
    private static final class Pending {
        byte[] octets = new byte[128];
        int length;
    }

    @Override
    public void sessionCreated(NextFilter next, IoSession session) throws Exception {
        InetSocketAddress peer = (InetSocketAddress) session.getRemoteAddress();
        if (peer == null || peer.getAddress() == null || !settings.trusted().test(peer.getAddress())) {
            LOG.warn("closing connection from {}: not a trusted PROXY protocol source", peer);
            session.setAttribute(REFUSED, Boolean.TRUE);
            session.closeNow();
            return;
        }
        session.setAttribute(PENDING, new Pending());
        next.sessionCreated(session);
        IdleTime.set(session, IdleStatus.READER_IDLE, settings.headerTimeout());
    }

    @Override
    public void sessionOpened(NextFilter next, IoSession session) throws Exception {
        // Held back until the header names the client: see messageReceived.
        if (!refused(session) && !session.containsAttribute(PENDING)) {
            next.sessionOpened(session);
        }
    }

    @Override
    public void messageReceived(NextFilter next, IoSession session, Object message) throws Exception {
        if (refused(session) || session.containsAttribute(DISCARDING)) {
            return;
        }
        Pending pending = (Pending) session.getAttribute(PENDING);
        if (pending == null) {
            next.messageReceived(session, message);
            return;
        }
        IoBuffer in = (IoBuffer) message;
        int room = ProxyHeaderParser.MAX_LENGTH - pending.length;
        int take = Math.min(in.remaining(), room);
        if (pending.octets.length < pending.length + take) {
            pending.octets = Arrays.copyOf(pending.octets, Math.min(ProxyHeaderParser.MAX_LENGTH,
                    Math.max(pending.octets.length * 2, pending.length + take)));
        }
        int start = in.position();
        in.get(pending.octets, pending.length, take);
        pending.length += take;
        ProxyHeaderResult result = ProxyHeaderParser.parse(pending.octets, pending.length);
        if (result instanceof ProxyHeaderResult.Incomplete) {
            return;
        }
        if (result instanceof ProxyHeaderResult.Invalid invalid) {
            LOG.warn("closing connection from proxy {}: {}", session.getRemoteAddress(), invalid.reason());
            refuse(session);
            return;
        }
        ProxyHeaderResult.Complete complete = (ProxyHeaderResult.Complete) result;
        accept(session, complete.header());
        // What followed the header in this read belongs to the client: everything after it.
        int consumedFromThisRead = complete.length() - (pending.length - take);
        in.position(start + consumedFromThisRead);
        next.sessionOpened(session);
        if (in.hasRemaining()) {
            next.messageReceived(session, in);
        }
    }

    private void accept(IoSession session, ProxyHeader header) {
        session.removeAttribute(PENDING);
        session.getConfig().setIdleTime(IdleStatus.READER_IDLE, 0);
        // A health check (LOCAL) or an address the header does not carry: the proxy itself is the client.
        header.source().ifPresent(client -> ClientAddress.proxied(session, client));
        LOG.debug("PROXY v{} header from {}: client {}", header.version(), session.getRemoteAddress(),
                ClientAddress.of(session));
    }

    @Override
    public void sessionIdle(NextFilter next, IoSession session, IdleStatus status) throws Exception {
        if (refused(session) || session.containsAttribute(DISCARDING)) {
            return;
        }
        if (session.containsAttribute(PENDING)) {
            if (status == IdleStatus.READER_IDLE) {
                LOG.warn("closing connection from proxy {}: no PROXY header within {}", session.getRemoteAddress(),
                        settings.headerTimeout());
                refuse(session);
            }
            return;
        }
        next.sessionIdle(session, status);
    }

    @Override
    public void inputClosed(NextFilter next, IoSession session) throws Exception {
        if (refused(session) || session.containsAttribute(PENDING) || session.containsAttribute(DISCARDING)) {
            session.closeNow();
            return;
        }
        next.inputClosed(session);
    }

    @Override
    public void sessionClosed(NextFilter next, IoSession session) throws Exception {
        if (!refused(session)) {
            next.sessionClosed(session);
        }
    }

    @Override
    public void exceptionCaught(NextFilter next, IoSession session, Throwable cause) throws Exception {
        if (refused(session) || session.containsAttribute(PENDING) || session.containsAttribute(DISCARDING)) {
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

    private static void refuse(IoSession session) {
        session.setAttribute(DISCARDING, Boolean.TRUE);
        session.removeAttribute(PENDING);
        session.closeNow();
    }

    private static boolean refused(IoSession session) {
        return session.containsAttribute(REFUSED);
    }
}
