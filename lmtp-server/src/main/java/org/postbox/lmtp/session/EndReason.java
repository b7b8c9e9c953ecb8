package org.postbox.lmtp.session;

import java.util.Locale;

/** Why a connection ended, as written in the {@code end=} field of the session summary line. */
public enum EndReason {
    /** The client sent QUIT. */
    QUIT,
    /** The client closed the connection or it broke. */
    DROP,
    /** The client was silent for the idle timeout. */
    IDLE,
    /** The client sent more bad commands than allowed. */
    BAD_COMMANDS,
    /** The server is shutting down. */
    SHUTDOWN,
    /** An unexpected failure in the server. */
    ERROR;

    /** The lower-case name used in logs, e.g. {@code bad_commands}. */
    public String logName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
