package org.postbox.admin;

import java.util.Objects;

/**
 * A failure the administration rules themselves find (the store's own are its typed exceptions):
 * its message is for the operator, as it is, and its kind says how to answer it.
 */
public final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    public AdminException(ErrorKind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ErrorKind kind() {
        return kind;
    }
}
