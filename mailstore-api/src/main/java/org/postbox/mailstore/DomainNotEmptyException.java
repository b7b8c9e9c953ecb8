package org.postbox.mailstore;

/** A domain still has mailboxes and cannot be removed. */
public final class DomainNotEmptyException extends StoreException {
    public DomainNotEmptyException(String message) {
        super(message);
    }

    public DomainNotEmptyException(String message, Throwable cause) {
        super(message, cause);
    }
}
