package org.postbox.pop3.server;

/**
 * What one POP3 listener's engine reports of its work, for metrics. The engine calls it from
 * network and worker threads at once, so implementations are thread-safe, quick, and never
 * throw. Every text passed comes from a small fixed set (command keywords, result names, TLS
 * protocol names), never from what a client typed.
 */
public interface Pop3Observer {

    /** Reports nothing. */
    Pop3Observer NONE = new Pop3Observer() {
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

    /** Octets of replies handed to the network (before any TLS). */
    default void octetsSent(long octets) {
    }

    /**
     * One request answered.
     *
     * @param command the keyword ({@code RETR}), {@code SASL} for a line of an AUTH exchange, or
     *                {@code INVALID} for a line that is no command
     * @param result  {@code ok}, {@code continue} (a SASL challenge), {@code err}, or the response
     *                code of the refusal in lower case with underscores ({@code in_use}, {@code sys_temp})
     * @param nanos   from the request's dispatch to its reply being ready (a RETR's transfer excluded)
     */
    default void commandAnswered(String command, String result, long nanos) {
    }

    /** Messages sent to the client by RETR. */
    default void messagesRetrieved(long count) {
    }

    /** Messages removed from the store by a session's UPDATE state. */
    default void messagesDeleted(long count) {
    }

    /**
     * The watchdog released a session whose connection had closed long before without its
     * clean-up having run (a defect, logged at ERROR): its maildrop lock was freed then.
     */
    default void sessionForceReleased() {
    }
}
