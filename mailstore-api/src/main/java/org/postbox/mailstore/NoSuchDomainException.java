package org.postbox.mailstore;

/** The domain does not exist. */
public final class NoSuchDomainException extends StoreException {
    public NoSuchDomainException(String message) {
        super(message);
    }

    public NoSuchDomainException(String message, Throwable cause) {
        super(message, cause);
    }
}
