package org.postbox.mailstore;

/** The mailbox does not exist. */
public final class NoSuchMailboxException extends StoreException {
    public NoSuchMailboxException(String message) {
        super(message);
    }

    public NoSuchMailboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
