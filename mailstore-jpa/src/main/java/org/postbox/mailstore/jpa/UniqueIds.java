package org.postbox.mailstore.jpa;

/**
 * Unique ids (RFC 1939 UIDL) of stored messages: the mailbox's uid validity and the message's id,
 * both in base 36, e.g. {@code mh5k3x2a.1z}. Message ids come from one sequence and are never
 * reused; the validity part changes when a mailbox is created again or the database anew, so a
 * client never mistakes a new message for one it saw before. At most 27 characters of
 * {@code [0-9a-z.]}.
 */
final class UniqueIds {

    private UniqueIds() {
    }

    static String of(long uidValidity, long messageId) {
        return of(prefix(uidValidity), messageId);
    }

    /** The part common to every unique id of a mailbox, made once for a whole listing. */
    static String prefix(long uidValidity) {
        return Long.toString(uidValidity, 36) + ".";
    }

    static String of(String prefix, long messageId) {
        return prefix.concat(Long.toString(messageId, 36));
    }
}
