package org.postbox.pop3.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.postbox.mailstore.MessageSource;

/**
 * A large message made on the fly, never whole in memory: a short header, then numbered body
 * lines with LF line ends, every tenth starting with '.' so dot-stuffing is exercised throughout.
 */
final class GeneratedMessage implements MessageSource {

    private static final String FILLER = "The quick brown fox jumps over the lazy dog 0123456789";

    private final int lines;

    GeneratedMessage(int lines) {
        this.lines = lines;
    }

    /** About {@code octets} octets of message. */
    static GeneratedMessage ofAbout(long octets) {
        return new GeneratedMessage((int) (octets / 70) + 3);
    }

    static String line(int index) {
        switch (index) {
            case 0:
                return "Subject: generated";
            case 1:
                return "From: generator@example.org";
            case 2:
                return "";
            default:
                return (index % 10 == 0 ? "." : "") + "body line " + index + " " + FILLER.substring(0, index % FILLER.length());
        }
    }

    int lineCount() {
        return lines;
    }

    /** The size POP3 announces: every line with CRLF. */
    long crlfSize() {
        long size = 0;
        for (int i = 0; i < lines; i++) {
            size += line(i).length() + 2;
        }
        return size;
    }

    /** SHA-256 of the message as POP3 carries it before dot-stuffing (CRLF line ends). */
    byte[] crlfDigest() {
        MessageDigest digest = sha256();
        for (int i = 0; i < lines; i++) {
            digest.update((line(i) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        return digest.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public InputStream open() {
        return new InputStream() {
            private int next;
            private byte[] current = new byte[0];
            private int position;

            private boolean fill() {
                while (position >= current.length) {
                    if (next >= lines) {
                        return false;
                    }
                    current = (line(next++) + "\n").getBytes(StandardCharsets.US_ASCII);
                    position = 0;
                }
                return true;
            }

            @Override
            public int read() {
                return fill() ? current[position++] & 0xff : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                int copied = 0;
                while (copied < length && fill()) {
                    int n = Math.min(length - copied, current.length - position);
                    System.arraycopy(current, position, buffer, offset + copied, n);
                    position += n;
                    copied += n;
                }
                return copied == 0 ? -1 : copied;
            }
        };
    }
}
