package org.postbox.pop3.server;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;

/**
 * The address of the real client of a connection: the peer of the socket, or, behind a proxy
 * that speaks the PROXY protocol, the client the proxy's header names. Logs, limits, penalties
 * and the plaintext policy all go by this address.
 */
public final class ClientAddress {

    private static final AttributeKey PROXIED = new AttributeKey(ClientAddress.class, "proxied");

    private ClientAddress() {
    }

    /** The client of {@code session}. */
    public static InetSocketAddress of(IoSession session) {
        Object proxied = session.getAttribute(PROXIED);
        return proxied != null ? (InetSocketAddress) proxied : (InetSocketAddress) session.getRemoteAddress();
    }

    /** Records the client a PROXY header named; only the PROXY filter calls this. */
    static void proxied(IoSession session, InetSocketAddress client) {
        session.setAttribute(PROXIED, Objects.requireNonNull(client, "client"));
    }
}
