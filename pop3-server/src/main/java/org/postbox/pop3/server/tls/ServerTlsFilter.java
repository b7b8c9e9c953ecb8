package org.postbox.pop3.server.tls;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.core.write.WriteToClosedSessionException;
import org.apache.mina.filter.ssl.SslFilter;
import org.apache.mina.filter.ssl.SslHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MINA's TLS filter with engines from the listener's {@link SSLContext} supplier: the context
 * (the certificates) it gives when the connection starts its handshake, and the
 * {@link TlsPolicy}. Also avoids the base class's
 * engine set-up, which would look up the client's host name (a DNS query on a network thread)
 * for a hint only TLS clients use; and sends close_notify when the server ends a session,
 * which MINA leaves unsent when a session is closed.
 *
 * <p>And it makes every close end its session. MINA's filter, when a handshake has failed (a TLS
 * 1.1 hello, a scanner's garbage) or the client has closed TLS and then the connection, neither
 * passes the close on nor completes the writes it still holds (the POP3S greeting, the rest of
 * a RETR). The session engine waits for both before it cleans up, so such sessions kept their
 * maildrop lock and their place under the connection limits until shutdown.
 */
final class ServerTlsFilter extends SslFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTlsFilter.class);

    /** Writes handed to this filter whose futures have not completed yet. */
    private static final AttributeKey UNSETTLED = new AttributeKey(ServerTlsFilter.class, "unsettled");

    /** A context with the policy's parameters for it, worked out once per context. */
    private record Configured(SSLContext context, SSLParameters parameters) {
        static Configured of(SSLContext context) {
            return new Configured(context, TlsPolicy.serverParameters(context));
        }
    }

    private final Supplier<SSLContext> contexts;
    private volatile Configured current;

    /**
     * @param contexts gives the context for each new handshake; it returns a new one when the
     *                 certificates are replaced, and connections already under TLS keep theirs
     * @throws IllegalStateException when the Java runtime offers none of the policy's versions or suites
     */
    ServerTlsFilter(Supplier<SSLContext> contexts) {
        this(contexts, Configured.of(contexts.get()));
    }

    private ServerTlsFilter(Supplier<SSLContext> contexts, Configured first) {
        super(first.context());
        this.contexts = contexts;
        this.current = first;
    }

    @Override
    protected SSLEngine createEngine(IoSession session, InetSocketAddress address) {
        Configured configured = configured();
        SSLEngine engine = configured.context().createSSLEngine();
        engine.setUseClientMode(false);
        engine.setSSLParameters(configured.parameters());
        return engine;
    }

    /** The supplier's context now, with its parameters; they are worked out again only for a new context. */
    private Configured configured() {
        SSLContext context = contexts.get();
        Configured seen = current;
        if (seen.context() != context) {
            seen = Configured.of(context);
            current = seen;
        }
        return seen;
    }

    @Override
    public void filterWrite(NextFilter next, IoSession session, WriteRequest request) throws Exception {
        WriteFuture future = request.getFuture();
        if (future != null && !future.isDone()) {
            Set<WriteRequest> unsettled = unsettled(session);
            unsettled.add(request);
            future.addListener(done -> unsettled.remove(request));
        }
        super.filterWrite(next, session, request);
    }

    /**
     * Under TLS the end of the client's input ends the session. A client closes TLS with a
     * close_notify before its end of the connection, and after that MINA's TLS handler sends
     * nothing more: a reply still streaming (a long RETR) would stall with the session open and
     * its maildrop locked, while MINA reported the end of input again on every select.
     */
    @Override
    public void inputClosed(NextFilter next, IoSession session) throws Exception {
        session.closeNow();
    }

    /**
     * Tells the filters after this one that the session closed, whatever state TLS was left in.
     * MINA's own version closes the engine first and skips telling them when that throws, as it
     * does with a failed handshake's error, rethrown there (and, by its code, with an
     * IllegalStateException for an engine whose inbound side the client has already closed).
     */
    @Override
    public void sessionClosed(NextFilter next, IoSession session) throws Exception {
        try {
            onClose(next, session, false);
        } catch (SSLException | RuntimeException nothingMoreToSend) {
            // The connection is gone; a handshake failure was reported through exceptionCaught.
            LOG.debug("closing TLS on a closed connection: {}", nothingMoreToSend.toString());
        } finally {
            settleStrandedWrites(session);
        }
        next.sessionClosed(session);
    }

    private static void settleStrandedWrites(IoSession session) {
        @SuppressWarnings("unchecked")
        Set<WriteRequest> unsettled = (Set<WriteRequest>) session.removeAttribute(UNSETTLED);
        if (unsettled == null) {
            return;
        }
        for (WriteRequest request : Set.copyOf(unsettled)) {
            if (!request.getFuture().isDone()) {
                request.getFuture().setException(new WriteToClosedSessionException(request,
                        "the connection closed before TLS sent this"));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<WriteRequest> unsettled(IoSession session) {
        Set<WriteRequest> set = (Set<WriteRequest>) session.getAttribute(UNSETTLED);
        if (set == null) {
            Set<WriteRequest> fresh = ConcurrentHashMap.newKeySet();
            set = (Set<WriteRequest>) session.setAttributeIfAbsent(UNSETTLED, fresh);
            if (set == null) {
                set = fresh;
            }
        }
        return set;
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
