package org.postbox.lmtp.codec;

/**
 * The terminating {@code <CRLF>.<CRLF>} of the message was read.
 *
 * @param octets the message's full size as stored (after unstuffing, CRLF line ends). When it is
 *               over the decoder's maximum, only the first maximum octets came as
 *               {@link MessageData} and the message must be refused.
 */
public record MessageEnd(long octets) implements LmtpInput {
}
