package org.postbox.pop3.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The first line of every reply: {@code +OK text} or {@code -ERR [CODE] text}, with its CRLF.
 * Kept in one place so that {@link Pop3Encoder} and {@link ReplyChunks} cannot disagree.
 */
final class StatusLine {

    /** RFC 2449 section 4: the first line of a response is at most 512 octets, CRLF included. */
    static final int MAX_LENGTH = 512;

    private static final byte[] CRLF = {'\r', '\n'};

    private StatusLine() {
    }

    /** The encoded status line of {@code reply}, CRLF included, at most {@link #MAX_LENGTH} octets. */
    static byte[] of(Pop3Reply reply) {
        if (reply instanceof Pop3Reply.Ok) {
            return line("+OK", ((Pop3Reply.Ok) reply).text());
        }
        if (reply instanceof Pop3Reply.Err) {
            Pop3Reply.Err err = (Pop3Reply.Err) reply;
            String prefix = err.code() == null ? "-ERR" : "-ERR [" + err.code().wire() + "]";
            return line(prefix, err.text());
        }
        if (reply instanceof Pop3Reply.Continuation) {
            // Never cut: a shortened challenge would be a different challenge. It is base64, so
            // it holds no CR or LF either.
            return concat("+ ".getBytes(StandardCharsets.US_ASCII),
                    ((Pop3Reply.Continuation) reply).base64().getBytes(StandardCharsets.US_ASCII));
        }
        if (reply instanceof Pop3Reply.Lines) {
            return line("+OK", ((Pop3Reply.Lines) reply).text());
        }
        if (reply instanceof Pop3Reply.Message) {
            return line("+OK", ((Pop3Reply.Message) reply).text());
        }
        throw new IllegalArgumentException("unknown reply kind " + reply.getClass().getName());
    }

    /**
     * Replaces CR and LF with a space: a text that came from a client (an echoed argument) or
     * from a store (a unique id) must never be able to end the line and forge a second reply.
     */
    static String singleLine(String text) {
        if (text.indexOf('\r') < 0 && text.indexOf('\n') < 0) {
            return text;
        }
        return text.replace('\r', ' ').replace('\n', ' ');
    }

    private static byte[] line(String prefix, String text) {
        byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
        if (text == null || text.isEmpty()) {
            return concat(head, new byte[0]);
        }
        byte[] body = singleLine(text).getBytes(StandardCharsets.UTF_8);
        int room = MAX_LENGTH - head.length - 1 - CRLF.length;
        if (body.length > room) {
            body = Arrays.copyOf(body, utf8Boundary(body, room));
        }
        byte[] spaced = new byte[body.length + 1];
        spaced[0] = ' ';
        System.arraycopy(body, 0, spaced, 1, body.length);
        return concat(head, spaced);
    }

    /** The largest cut at or below {@code limit} that does not split a UTF-8 sequence. */
    private static int utf8Boundary(byte[] bytes, int limit) {
        int cut = limit;
        while (cut > 0 && (bytes[cut] & 0xC0) == 0x80) {
            cut--;
        }
        return cut;
    }

    private static byte[] concat(byte[] head, byte[] tail) {
        byte[] line = new byte[head.length + tail.length + CRLF.length];
        System.arraycopy(head, 0, line, 0, head.length);
        System.arraycopy(tail, 0, line, head.length, tail.length);
        System.arraycopy(CRLF, 0, line, head.length + tail.length, CRLF.length);
        return line;
    }
}
