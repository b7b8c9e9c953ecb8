package org.postbox.pop3.server.session;

import java.util.Locale;

/** Why a session ended, as written in the {@code end=} field of the session summary line. */
public enum EndReason {
    /** The client sent QUIT. */
    QUIT,
    /** The client closed the connection or it broke. */
    DROP,
    /** The login or idle timeout expired. */
    IDLE,
    /** The client sent more bad commands than allowed. */
    BAD_COMMANDS,
    /** The client failed to log in more often than allowed on one connection. */
    AUTH_FAILURES,
    /** The server is shutting down. */
    SHUTDOWN,
    /** An unexpected failure in the server. */
    ERROR;

    /** The lower-case name used in logs, e.g. {@code bad_commands}. */
    public String logName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
