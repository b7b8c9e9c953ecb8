package org.postbox.mailstore;

/** A message of the snapshot was removed by another agent. */
public final class MessageVanishedException extends StoreException {
    public MessageVanishedException(String message) {
        super(message);
    }

    public MessageVanishedException(String message, Throwable cause) {
        super(message, cause);
    }
}
