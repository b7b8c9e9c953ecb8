package org.postbox.lmtp;

import org.postbox.session.ListenerObserver;

/**
 * What one LMTP listener reports of its work, for metrics: its connections and sessions as every
 * listener does, and its deliveries. Called from network and worker threads at once, so
 * implementations are thread-safe, quick, and never throw. Every text passed comes from a small
 * fixed set, never from what a client sent.
 */
public interface LmtpObserver extends ListenerObserver {

    /** Reports nothing. */
    LmtpObserver NONE = new LmtpObserver() {
    };

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
