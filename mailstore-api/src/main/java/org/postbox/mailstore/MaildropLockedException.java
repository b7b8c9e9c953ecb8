package org.postbox.mailstore;

/** Another session holds the maildrop lock (POP3 {@code [IN-USE]}). */
public final class MaildropLockedException extends StoreException {
    public MaildropLockedException(String message) {
        super(message);
    }

    public MaildropLockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
