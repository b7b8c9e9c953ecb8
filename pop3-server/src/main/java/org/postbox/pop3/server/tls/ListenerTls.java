package org.postbox.pop3.server.tls;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.session.IoSession;

/**
 * How one listener uses TLS (RFC 2595 STLS, or RFC 8314 implicit TLS), and the filters that do
 * it. The acceptor puts {@link #acceptorFilter()} first in its chain; on STLS the session engine
 * calls {@link #startTls(IoSession)}.
 *
 * <p>The certificates come as a {@code Supplier<SSLContext>}, asked at every handshake: to put
 * new certificates in place, the supplier returns a new context. Where they come from (files,
 * reloading) is the caller's business.
 */
public final class ListenerTls {

    /** How a listener uses TLS. */
    public enum Mode {
        /** Clear text only; STLS is refused. */
        NONE,
        /** Clear text until the client sends STLS (RFC 2595). */
        STARTTLS,
        /** TLS from the first octet (RFC 8314). */
        IMPLICIT;

        /** For log lines: {@code none}, {@code starttls} or {@code implicit}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final ListenerTls NONE = new ListenerTls(Mode.NONE, null);

    /** The name of the TLS filter in a session's chain. */
    public static final String TLS_FILTER = "tls";
    /** The name of the filter that lets the reply to STLS out in the clear. */
    public static final String START_TLS_GATE = "starttls-gate";

    private final Mode mode;
    private final ServerTlsFilter filter;

    private ListenerTls(Mode mode, ServerTlsFilter filter) {
        this.mode = mode;
        this.filter = filter;
    }

    /** No TLS: STLS is refused. */
    public static ListenerTls none() {
        return NONE;
    }

    /**
     * @param contexts the certificates, asked for a context at every handshake; required unless
     *                 {@code mode} is {@link Mode#NONE}
     * @throws IllegalStateException when the Java runtime supports none of the TLS versions or
     *                               cipher suites the policy allows
     */
    public static ListenerTls of(Mode mode, Supplier<SSLContext> contexts) {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.NONE) {
            return NONE;
        }
        return new ListenerTls(mode, new ServerTlsFilter(Objects.requireNonNull(contexts, "contexts")));
    }

    public Mode mode() {
        return mode;
    }

    /** Whether clients may switch to TLS with STLS. */
    public boolean offersStartTls() {
        return mode == Mode.STARTTLS;
    }

    /** Whether every connection is under TLS from its first octet. */
    public boolean implicit() {
        return mode == Mode.IMPLICIT;
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
        return mode == Mode.IMPLICIT ? TLS_FILTER : START_TLS_GATE;
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
        if (mode != Mode.STARTTLS) {
            throw new IllegalStateException("listener with TLS mode " + mode + " cannot start TLS");
        }
        session.getFilterChain().addFirst(TLS_FILTER, filter);
        StartTlsGate.sendNextWriteInClear(session);
    }
}
