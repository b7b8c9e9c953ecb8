package org.postbox.mailstore;

/** There is no admin token of that name. */
public final class NoSuchAdminTokenException extends StoreException {
    public NoSuchAdminTokenException(String message) {
        super(message);
    }
}
