package org.postbox.lmtp.session;

/**
 * Where a connection stands in the RFC 2033 / RFC 5321 command sequence. Each command's row in
 * {@link LmtpCommandTable} names the phases it is valid in; the dispatch step answers any other
 * with {@code 503 5.5.1}.
 */
public enum Phase {
    /** Greeted; LHLO not yet received. */
    GREETED,
    /** LHLO done, no transaction. */
    READY,
    /** MAIL accepted, no recipient accepted yet. */
    MAIL,
    /** At least one recipient accepted: DATA may follow. */
    RECIPIENTS,
    /** DATA accepted (354): the message is coming. */
    RECEIVING
}
