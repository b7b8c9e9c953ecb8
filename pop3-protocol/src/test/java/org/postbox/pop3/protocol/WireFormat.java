package org.postbox.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.mina.core.buffer.IoBuffer;

/** What a client sees of a multi-line reply, written independently of the code under test. */
final class WireFormat {

    /** Slack allowed on the first chunk for the status line (at most 512 octets). */
    static final int MAX_CHUNK = ReplyChunks.CHUNK_SIZE + 512;

    private WireFormat() {
    }

    /** A multi-line reply taken apart: the status line without CRLF, and the un-stuffed body. */
    record Unstuffed(String status, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    /** All chunks concatenated, checking each is non-empty, bounded and ready to write. */
    static byte[] drain(ReplyChunks chunks) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (IoBuffer chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
            assertThat(chunk.remaining()).isPositive().isLessThanOrEqualTo(MAX_CHUNK);
            byte[] bytes = new byte[chunk.remaining()];
            chunk.get(bytes);
            wire.write(bytes);
        }
        assertThat(chunks.next()).isNull();
        return wire.toByteArray();
    }

    static String drainText(Pop3Reply reply) throws IOException {
        try (ReplyChunks chunks = ReplyChunks.of(reply)) {
            return new String(drain(chunks), StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Undoes RFC 1939 section 3 the way a client does: split at CRLF, stop at the line ".", drop
     * one leading '.' of other lines. Fails on anything a correct server cannot send: a lone
     * CR-less LF, a line starting with a single '.', octets after the terminator.
     */
    static Unstuffed unstuff(byte[] wire) {
        int statusEnd = indexOfCrlf(wire, 0);
        assertThat(statusEnd).as("status line end").isNotNegative();
        String status = new String(wire, 0, statusEnd, StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int start = statusEnd + 2;
        while (true) {
            int end = indexOfCrlf(wire, start);
            assertThat(end).as("terminating line").isNotNegative();
            int length = end - start;
            for (int i = start; i < end; i++) {
                assertThat(wire[i]).as("bare LF inside a line at %d", i).isNotEqualTo((byte) '\n');
            }
            if (length == 1 && wire[start] == '.') {
                assertThat(end + 2).as("nothing after the terminator").isEqualTo(wire.length);
                return new Unstuffed(status, body.toByteArray());
            }
            int from = start;
            if (length > 0 && wire[start] == '.') {
                assertThat(length).as("a line starting with '.' is stuffed").isGreaterThan(1);
                assertThat(wire[start + 1]).as("a line starting with '.' is stuffed").isEqualTo((byte) '.');
                from++;
            }
            body.write(wire, from, end - from);
            body.write('\r');
            body.write('\n');
            start = end + 2;
        }
    }

    /** The message with every LF not preceded by CR turned into CRLF: what POP3 transmits. */
    static byte[] normalise(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int previous = -1;
        for (byte b : message) {
            if (b == '\n' && previous != '\r') {
                out.write('\r');
            }
            out.write(b);
            previous = b;
        }
        return out.toByteArray();
    }

    /** The counting rule of org.postbox.mailstore.CrlfSize, restated so this module needs no store. */
    static long crlfSize(byte[] message) {
        long size = 0;
        int previous = -1;
        for (byte b : message) {
            if (b == '\n' && previous != '\r') {
                size++;
            }
            size++;
            previous = b;
        }
        return size;
    }

    /** What a client should receive for a whole message: the normalised message, its last line ended. */
    static byte[] expectedBody(byte[] message) {
        byte[] normalised = normalise(message);
        if (normalised.length == 0 || endsWithCrlf(normalised)) {
            return normalised;
        }
        byte[] ended = java.util.Arrays.copyOf(normalised, normalised.length + 2);
        ended[normalised.length] = '\r';
        ended[normalised.length + 1] = '\n';
        return ended;
    }

    static boolean endsWithCrlf(byte[] bytes) {
        return bytes.length >= 2 && bytes[bytes.length - 2] == '\r' && bytes[bytes.length - 1] == '\n';
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
