package org.postbox.pop3.server;

import org.postbox.session.ListenerObserver;

/**
 * What one POP3 listener's engine reports of its work, for metrics: its connections and sessions
 * as every listener does, and its commands. The engine calls it from network and worker threads
 * at once, so implementations are thread-safe, quick, and never throw. Every text passed comes
 * from a small fixed set (command keywords, result names, TLS protocol names), never from what a
 * client typed.
 */
public interface Pop3Observer extends ListenerObserver {

    /** Reports nothing. */
    Pop3Observer NONE = new Pop3Observer() {
    };

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
}
