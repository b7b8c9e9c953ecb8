package org.postbox.mailstore;

/** The store cannot be reached or written now; retrying later may succeed (POP3 {@code [SYS/TEMP]}). */
public final class StoreUnavailableException extends StoreException {
    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
