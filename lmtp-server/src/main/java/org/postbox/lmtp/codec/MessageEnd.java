package org.postbox.lmtp.codec;

/**
 * The terminating {@code <CRLF>.<CRLF>} of the message was read.
 *
 * @param octets        the message's full size as stored (after unstuffing, CRLF line ends). When
 *                      it is over the decoder's maximum, only the first maximum octets came as
 *                      {@link MessageData} and the message must be refused.
 * @param bareLfDotLine the message holds a line of a single dot with a bare LF before or after it:
 *                      a sender, or a server in front, may have meant it as the end and the text
 *                      after it as commands (SMTP smuggling), so the message must be refused.
 */
public record MessageEnd(long octets, boolean bareLfDotLine) implements LmtpInput {

    /** The end of a message with no ambiguous dot line. */
    public MessageEnd(long octets) {
        this(octets, false);
    }
}
