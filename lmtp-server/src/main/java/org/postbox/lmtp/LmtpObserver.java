package org.postbox.lmtp;

/**
 * What one LMTP listener reports of its work, for metrics. Called from network and worker
 * threads at once, so implementations are thread-safe, quick, and never throw. Every text passed
 * comes from a small fixed set, never from what a client sent.
 */
public interface LmtpObserver {

    /** Reports nothing. */
    LmtpObserver NONE = new LmtpObserver() {
    };

    /** A connection got past the connection limit and was greeted. */
    default void connectionAccepted() {
    }

    /** A connection was refused by the connection limit. */
    default void connectionRejected() {
    }

    /** The open sessions changed by {@code change}: +1 when one opens, -1 when it closes. */
    default void sessionsOpen(int change) {
    }

    /**
     * One accepted recipient's message has its final reply.
     *
     * @param result {@code delivered}, {@code no_such_mailbox}, {@code over_quota}, {@code suspended},
     *               {@code temporary_failure}, {@code too_large}, {@code spool_failure} or
     *               {@code ambiguous_end} (a line of a single dot next to a bare LF)
     * @param octets the message's size: as stored for this recipient (trace headers included), or as
     *               received when it was refused before the store was asked
     * @param nanos  the time the store took to answer; 0 when it was not asked
     */
    default void delivery(String result, long octets, long nanos) {
    }
}
