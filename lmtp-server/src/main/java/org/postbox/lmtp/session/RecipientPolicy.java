package org.postbox.lmtp.session;

import java.util.OptionalLong;

/**
 * Decides at {@code RCPT TO} time whether a recipient is accepted, so that a message is refused
 * before it is transferred rather than after. The one place for such checks: what comes later
 * (suspended mailboxes and domains, quotas) is a new verdict here and a new line in
 * {@link OutcomeReplies}, not a change to the session.
 *
 * <p>Called on a worker thread, never on a network thread; may block on the store. Must not
 * throw for any input.
 */
@FunctionalInterface
public interface RecipientPolicy {

    /**
     * @param recipient    the address as the client wrote it between the angle brackets
     * @param declaredSize the transaction's {@code SIZE=} estimate (RFC 1870), if the client gave
     *                     one: what a quota check can compare against
     */
    RecipientVerdict check(String recipient, OptionalLong declaredSize);
}
