package org.postbox.benchmarks;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A message of an exact size, produced on the fly so that a benchmark of many large messages
 * never holds one in memory. Every line ends with CRLF (so its POP3 size equals its stored size)
 * and every 50th body line starts with a dot, so the server's dot-stuffing is exercised.
 */
final class GeneratedMessage {
    private static final int LINE = 80;

    private final long size;
    private final byte[] header;

    /** @param size total octets; at least 1 KiB */
    GeneratedMessage(long size) {
        if (size < 1024) {
            throw new IllegalArgumentException("size must be at least 1024 octets, got " + size);
        }
        this.size = size;
        String fixed = "From: benchmark@example.net\r\nTo: reader@bench.example\r\nSubject: RETR heap benchmark\r\n";
        // Pad the header so that the body is a whole number of 80-octet lines.
        int base = fixed.length() + "X-Padding: \r\n".length() + "\r\n".length();
        int padding = (int) Math.floorMod(size - base, (long) LINE);
        char[] pad = new char[padding];
        Arrays.fill(pad, 'p');
        this.header = (fixed + "X-Padding: " + new String(pad) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    long size() {
        return size;
    }

    InputStream open() {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (position >= size) {
                    return -1;
                }
                int n = (int) Math.min(length, size - position);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = octetAt(position + i);
                }
                position += n;
                return n;
            }
        };
    }

    private byte octetAt(long position) {
        if (position < header.length) {
            return header[(int) position];
        }
        long body = position - header.length;
        long line = body / LINE;
        int column = (int) (body % LINE);
        if (column == LINE - 2) {
            return '\r';
        }
        if (column == LINE - 1) {
            return '\n';
        }
        if (column == 0 && line % 50 == 0) {
            return '.';
        }
        return (byte) ('a' + (int) ((line + column) % 26));
    }
}
