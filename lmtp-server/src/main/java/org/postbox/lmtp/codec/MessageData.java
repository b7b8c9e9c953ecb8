package org.postbox.lmtp.codec;

import java.util.Objects;

/**
 * A piece of the message after DATA, as it is to be stored: dot-unstuffed, every line end CRLF.
 * Pieces follow one another without gaps or overlap; the receiver owns the array.
 */
public record MessageData(byte[] octets) implements LmtpInput {

    public MessageData {
        Objects.requireNonNull(octets, "octets");
    }

    @Override
    public String toString() {
        // Never message content in logs.
        return "MessageData[" + octets.length + " octets]";
    }
}
