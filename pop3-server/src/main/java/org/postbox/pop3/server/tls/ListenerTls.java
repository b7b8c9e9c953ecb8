package org.postbox.pop3.server.tls;

import java.util.Objects;
import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.session.IoSession;
import org.postbox.config.TlsMode;

/**
 * How one listener uses TLS (RFC 2595 STLS, or RFC 8314 implicit TLS), and the filters that do
 * it. The acceptor puts {@link #acceptorFilter()} first in its chain; on STLS the session engine
 * calls {@link #startTls(IoSession)}.
 */
public final class ListenerTls {

    private static final ListenerTls NONE = new ListenerTls(TlsMode.NONE, null);

    /** The name of the TLS filter in a session's chain. */
    public static final String TLS_FILTER = "tls";
    /** The name of the filter that lets the reply to STLS out in the clear. */
    public static final String START_TLS_GATE = "starttls-gate";

    private final TlsMode mode;
    private final ServerTlsFilter filter;

    private ListenerTls(TlsMode mode, ServerTlsFilter filter) {
        this.mode = mode;
        this.filter = filter;
    }

    /** No TLS: STLS is refused. */
    public static ListenerTls none() {
        return NONE;
    }

    /** @param tls the certificates; required unless {@code mode} is {@link TlsMode#NONE} */
    public static ListenerTls of(TlsMode mode, ServerTls tls) {
        Objects.requireNonNull(mode, "mode");
        if (mode == TlsMode.NONE) {
            return NONE;
        }
        return new ListenerTls(mode, new ServerTlsFilter(Objects.requireNonNull(tls, "tls")));
    }

    public TlsMode mode() {
        return mode;
    }

    /** Whether clients may switch to TLS with STLS. */
    public boolean offersStartTls() {
        return mode == TlsMode.STARTTLS;
    }

    /** Whether every connection is under TLS from its first octet. */
    public boolean implicit() {
        return mode == TlsMode.IMPLICIT;
    }

    /**
     * The filter to put first in the acceptor's chain, named {@link #filterName()}: the TLS
     * filter itself for implicit TLS, the gate for the STLS reply for STLS; null without TLS.
     */
    public IoFilter acceptorFilter() {
        switch (mode) {
            case IMPLICIT:
                return filter;
            case STARTTLS:
                return new StartTlsGate();
            default:
                return null;
        }
    }

    /** The name of {@link #acceptorFilter()} in the chain. */
    public String filterName() {
        return mode == TlsMode.IMPLICIT ? TLS_FILTER : START_TLS_GATE;
    }

    /**
     * Whether {@code session} is switching to TLS and its handshake has not completed: replies
     * written now wait for a handshake that may never come.
     */
    public boolean awaitingHandshake(IoSession session) {
        return filter != null && filter.awaitingHandshake(session);
    }

    /**
     * Ends TLS on {@code session} with a close_notify alert, if it is under TLS; call it when
     * every reply has been written, right before closing the connection.
     */
    public void closeNotify(IoSession session) {
        if (filter != null) {
            filter.closeNotify(session);
        }
    }

    /**
     * Switches a clear-text session to TLS after an accepted STLS: puts the TLS filter first in
     * its chain, so that the client's handshake, which follows the reply, is read by it, and
     * lets that next write, the {@code +OK}, pass in the clear. Call it right before writing the
     * reply, from the session's writer.
     */
    public void startTls(IoSession session) {
        if (mode != TlsMode.STARTTLS) {
            throw new IllegalStateException("listener with TLS mode " + mode + " cannot start TLS");
        }
        session.getFilterChain().addFirst(TLS_FILTER, filter);
        StartTlsGate.sendNextWriteInClear(session);
    }
}
