package org.postbox.pop3.server.tls;

import java.net.InetSocketAddress;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.ssl.SslFilter;
import org.apache.mina.filter.ssl.SslHandler;

/**
 * MINA's TLS filter with engines from {@link ServerTls}: the certificates in use when the
 * connection starts its handshake, and the {@link TlsPolicy}. Also avoids the base class's
 * engine set-up, which would look up the client's host name (a DNS query on a network thread)
 * for a hint only TLS clients use; and sends close_notify when the server ends a session,
 * which MINA leaves unsent when a session is closed.
 */
final class ServerTlsFilter extends SslFilter {

    private final ServerTls tls;

    ServerTlsFilter(ServerTls tls) {
        super(tls.context());
        this.tls = tls;
    }

    @Override
    protected SSLEngine createEngine(IoSession session, InetSocketAddress address) {
        return tls.newEngine();
    }

    /** Whether {@code session} runs through this filter and its handshake has not completed. */
    boolean awaitingHandshake(IoSession session) {
        return session.getFilterChain().getEntry(this) != null && session.getAttribute(SSL_SECURED) == null;
    }

    /** Sends close_notify on an established TLS session; does nothing otherwise. */
    void closeNotify(IoSession session) {
        if (session.getAttribute(SSL_SECURED) == null) {
            return;
        }
        IoFilterChain.Entry entry = session.getFilterChain().getEntry(this);
        if (entry != null) {
            closeOutbound(entry.getNextFilter(), session);
        }
    }

    /**
     * Closes the engine's sending side, which writes its close_notify alert. The filter's own
     * clean-up at session end then finds the handler closed already.
     */
    private static void closeOutbound(NextFilter next, IoSession session) {
        SslHandler handler = (SslHandler) session.getAttribute(SSL_HANDLER);
        if (handler == null) {
            return;
        }
        try {
            handler.close(next, false);
        } catch (SSLException alreadyBroken) {
            // Nothing more can be sent on this connection; it is being closed anyway.
        }
    }
}
