package org.postbox.mailstore;

/** The mailbox exists but has no app password of that name. */
public final class NoSuchAppPasswordException extends StoreException {
    public NoSuchAppPasswordException(String message) {
        super(message);
    }

    public NoSuchAppPasswordException(String message, Throwable cause) {
        super(message, cause);
    }
}
