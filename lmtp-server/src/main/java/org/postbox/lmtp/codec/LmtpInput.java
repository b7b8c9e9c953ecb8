package org.postbox.lmtp.codec;

/**
 * What the decoder yields, in the order the client sent it: commands (well formed or not) and,
 * after a DATA command that the session accepted, the message in chunks and its end.
 */
public sealed interface LmtpInput permits LmtpCommand, InvalidCommand, MessageData, MessageEnd {
}
