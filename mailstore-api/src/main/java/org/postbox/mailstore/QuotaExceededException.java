package org.postbox.mailstore;

/**
 * A change would pass a quota outside delivery, for example a mailbox added to a domain that has
 * reached its limit of mailboxes. (Delivery reports a full mailbox as
 * {@link DeliveryOutcome.OverQuota}, never by throwing.)
 */
public final class QuotaExceededException extends StoreException {
    public QuotaExceededException(String message) {
        super(message);
    }

    public QuotaExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
