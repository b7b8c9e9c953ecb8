package org.postbox.session;

/**
 * What one listener reports of its connections and sessions, whatever its protocol, for metrics;
 * each protocol's observer adds its own events. Called from network, worker and timer threads at
 * once, so implementations are thread-safe, quick, and never throw. Every text passed comes from a
 * small fixed set, never from what a client sent.
 */
public interface ListenerObserver {

    /** Reports nothing. */
    ListenerObserver NONE = new ListenerObserver() {
    };

    /** The TLS state of a session that is not under TLS. */
    String NO_TLS = "none";

    /** A connection passed every limit and became a session. */
    default void connectionAccepted() {
    }

    /**
     * A connection ended without becoming a session: refused by a connection limit, a missing or
     * bad PROXY header, or the client gone before that header.
     */
    default void connectionRejected() {
    }

    /**
     * The sessions open in TLS state {@code tls} ({@value #NO_TLS}, or the negotiated protocol such
     * as {@code TLSv1.3}) changed by {@code change}: +1 when one opens, -1 when it closes, and a pair
     * when one switches to TLS.
     */
    default void sessionsOpen(String tls, int change) {
    }

    /** Octets of replies handed to the network as encoded octets (before any TLS). */
    default void octetsSent(long octets) {
    }

    /**
     * The watchdog released a session whose connection had closed long before without its
     * clean-up having run (a defect, logged at ERROR): what it held (a maildrop lock) was freed then.
     */
    default void sessionForceReleased() {
    }

    /**
     * A session was told the server is busy and closed ({@link EndReason#BUSY}), because the worker
     * pool and its queue were full when it had work to hand over.
     */
    default void sessionEndedBusy() {
    }
}
