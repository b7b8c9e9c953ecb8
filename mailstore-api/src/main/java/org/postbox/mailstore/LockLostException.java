package org.postbox.mailstore;

/** The maildrop lock was lost (expired or taken over); nothing was deleted. */
public final class LockLostException extends StoreException {
    public LockLostException(String message) {
        super(message);
    }

    public LockLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
