package org.postbox.lmtp.session;

import java.util.List;
import org.postbox.lmtp.codec.LmtpReply;

/**
 * Replies about the connection rather than a command: the greeting and the {@code 421} replies
 * after which the server closes the connection (RFC 5321 section 3.8: {@code 421} may answer
 * any command). Like the greeting, they name this server.
 */
public final class ConnectionReplies {

    private ConnectionReplies() {
    }

    /** RFC 2034 section 3 exempts the greeting from enhanced status codes. */
    public static LmtpReply greeting(String hostname) {
        return new LmtpReply(220, null, List.of(hostname + " LMTP Postbox ready"));
    }

    public static LmtpReply idle(String hostname) {
        return LmtpReply.of(421, "4.4.2", hostname + " idle for too long, closing connection");
    }

    public static LmtpReply shuttingDown(String hostname) {
        return LmtpReply.of(421, "4.3.2", hostname + " shutting down, try again later");
    }

    /** An administrator ended the session; the MTA retries what was not acknowledged. */
    public static LmtpReply kicked(String hostname) {
        return LmtpReply.of(421, "4.3.2", hostname + " disconnected by the administrator");
    }

    /** The worker pool is full: the MTA keeps the message and tries again. */
    public static LmtpReply busy(String hostname) {
        return LmtpReply.of(421, "4.3.2", hostname + " server busy, try again later");
    }

    public static LmtpReply tooManyConnections(String hostname) {
        return LmtpReply.of(421, "4.3.2", hostname + " too many connections, try again later");
    }

    public static LmtpReply tooManyErrors(String hostname) {
        return LmtpReply.of(421, "4.7.0", hostname + " too many errors, closing connection");
    }

    public static LmtpReply internalError(String hostname) {
        return LmtpReply.of(421, "4.3.0", hostname + " internal error, closing connection");
    }
}
