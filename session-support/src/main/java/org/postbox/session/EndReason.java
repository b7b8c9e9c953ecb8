package org.postbox.session;

import java.util.Locale;

/**
 * Why a session ended, for every listener: what the connection saw (a drop, a timeout, shutdown)
 * or what the protocol decided (QUIT, too many bad commands). Written in the {@code end=} field of
 * the session summary line.
 */
public enum EndReason {
    /** The client asked to end the session (QUIT). */
    QUIT,
    /** The client closed the connection or it broke. */
    DROP,
    /** Neither side sent anything for the idle timeout. */
    IDLE,
    /** The client did not log in within the listener's login deadline, counted from connect. */
    LOGIN_TIMEOUT,
    /** The listener was full and closed this connection, the oldest not logged in, to make room. */
    EVICTED,
    /** The client sent more bad commands than allowed. */
    BAD_COMMANDS,
    /** The client failed to log in more often than allowed on one connection. */
    AUTH_FAILURES,
    /** The worker pool and its queue were full: the session was told the server is busy and closed. */
    BUSY,
    /** The listener is shutting down. */
    SHUTDOWN,
    /**
     * An administrator ended the session (the admin API's kick): like an expiry, with the
     * protocol's farewell when it can still be said, and without any of the protocol's
     * end-of-session work (POP3's UPDATE: nothing is deleted).
     */
    KICKED,
    /** An unexpected failure in the server. */
    ERROR;

    /** The lower-case name, as the {@code end=} field of a session summary line writes it ({@code bad_commands}). */
    public String logName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
