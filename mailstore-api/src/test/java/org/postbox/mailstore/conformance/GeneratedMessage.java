package org.postbox.mailstore.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.postbox.mailstore.MessageSource;

/**
 * A large message produced on the fly, never held in memory: headers, then numbered body lines
 * with LF ends, every seventh with CRLF, every eleventh carrying 8-bit octets, cut at exactly
 * {@code length} octets (no final line end).
 */
public record GeneratedMessage(long length) implements MessageSource {

    @Override
    public InputStream open() {
        return new Generator(length);
    }

    /** SHA-256 of a stream, read in bounded memory. */
    public static byte[] sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Generator extends InputStream {
        private static final byte[] HEADER = ("From: bulk@example.net\nTo: big@example.org\nSubject: large\n\n")
                .getBytes(StandardCharsets.US_ASCII);

        private final long length;
        private long produced;
        private long lineNumber;
        private byte[] line = HEADER;
        private int position;

        Generator(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int count) {
            if (produced >= length) {
                return -1;
            }
            if (count == 0) {
                return 0;
            }
            int total = 0;
            while (total < count && produced < length) {
                if (position == line.length) {
                    line = nextLine();
                    position = 0;
                }
                int n = (int) Math.min(Math.min(count - total, line.length - position), length - produced);
                System.arraycopy(line, position, target, offset + total, n);
                position += n;
                produced += n;
                total += n;
            }
            return total;
        }

        private byte[] nextLine() {
            lineNumber++;
            String number = Long.toString(lineNumber);
            String text = "0".repeat(Math.max(0, 9 - number.length())) + number
                    + " The quick brown fox jumps over the lazy dog, line after line, to fill megabytes.";
            byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
            boolean crlf = lineNumber % 7 == 0;
            boolean eightBit = lineNumber % 11 == 0;
            byte[] bytes = new byte[ascii.length + (eightBit ? 3 : 0) + (crlf ? 2 : 1)];
            System.arraycopy(ascii, 0, bytes, 0, ascii.length);
            int i = ascii.length;
            if (eightBit) {
                bytes[i++] = (byte) 0xC3;
                bytes[i++] = (byte) 0xA9;
                bytes[i++] = (byte) 0xFF;
            }
            if (crlf) {
                bytes[i++] = '\r';
            }
            bytes[i] = '\n';
            return bytes;
        }
    }
}
