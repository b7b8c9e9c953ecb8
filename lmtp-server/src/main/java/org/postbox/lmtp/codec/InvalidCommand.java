package org.postbox.lmtp.codec;

import java.util.Objects;

/**
 * A command line that is not a well-formed command: unknown keyword, bad arguments, bad
 * characters or a line over the length limit. The connection stays usable; the session sends
 * {@code reply} and counts a bad command.
 *
 * @param keyword the upper-cased keyword as sent (may be empty, never null)
 * @param reply   the precise 500, 501 or 555 reply
 */
public record InvalidCommand(String keyword, LmtpReply reply) implements LmtpInput {

    public InvalidCommand {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(reply, "reply");
    }
}
