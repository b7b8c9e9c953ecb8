package org.postbox.mailstore;

/** The domain or mailbox to create exists already. */
public final class AlreadyExistsException extends StoreException {
    public AlreadyExistsException(String message) {
        super(message);
    }

    public AlreadyExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
