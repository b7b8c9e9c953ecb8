package org.postbox.mailstore;

/** There is no alias of that name. */
public final class NoSuchAliasException extends StoreException {
    public NoSuchAliasException(String message) {
        super(message);
    }
}
