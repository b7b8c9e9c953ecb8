package org.postbox.pop3.protocol;

import java.io.InputStream;
import java.util.function.IntFunction;

/**
 * A server reply. Single-line replies are encoded whole; multi-line replies are produced in
 * bounded chunks by {@link ReplyChunks} so that a large LIST, UIDL or RETR never sits whole in
 * memory.
 */
public sealed interface Pop3Reply {

    /** {@code +OK text}. */
    record Ok(String text) implements Pop3Reply {
    }

    /** {@code -ERR [CODE] text}; {@code code} is null when there is none. */
    record Err(ResponseCode code, String text) implements Pop3Reply {
        public static Err of(String text) {
            return new Err(null, text);
        }
    }

    /**
     * {@code + challenge}: a SASL server challenge (RFC 5034 section 4), base64 as it goes on the
     * wire, possibly empty. The client answers with one line; the session says so to the decoder
     * before this reply is written (see {@link SaslResponseMode}).
     */
    record Continuation(String base64) implements Pop3Reply {
        public Continuation {
            if (!SaslBase64.isWellFormed(base64)) {
                throw new IllegalArgumentException("a continuation carries base64 only");
            }
        }

        /** The continuation carrying {@code challenge}, base64-encoded. */
        public static Continuation of(byte[] challenge) {
            return new Continuation(java.util.Base64.getEncoder().encodeToString(challenge));
        }
    }

    /**
     * {@code +OK text}, then {@code count} lines produced lazily by {@code line} (index 0 to
     * count-1, without line ends), dot-stuffed, then the terminating {@code .}.
     */
    record Lines(String text, int count, IntFunction<String> line) implements Pop3Reply {
        public static Lines of(String text, java.util.List<String> lines) {
            java.util.List<String> copy = java.util.List.copyOf(lines);
            return new Lines(text, copy.size(), copy::get);
        }
    }

    /**
     * {@code +OK text}, then the message read from {@code content} with every bare LF sent as
     * CRLF and dot-stuffed, then the terminating {@code .}. With {@code bodyLines >= 0} (TOP)
     * only the header, the blank line and that many body lines are sent. The encoder closes
     * {@code content}.
     */
    record Message(String text, InputStream content, int bodyLines) implements Pop3Reply {
        public static final int WHOLE = -1;
    }
}
