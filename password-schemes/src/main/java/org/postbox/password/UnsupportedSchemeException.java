package org.postbox.password;

/**
 * A stored password hash cannot be checked: its {@code {SCHEME}} is unknown or missing, or the
 * value after it is malformed. The message names the scheme and what is wrong, never the hash.
 */
public final class UnsupportedSchemeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnsupportedSchemeException(String message) {
        super(message);
    }

    public UnsupportedSchemeException(String message, Throwable cause) {
        super(message, cause);
    }
}
