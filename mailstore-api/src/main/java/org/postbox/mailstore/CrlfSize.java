package org.postbox.mailstore;

import java.io.IOException;
import java.io.InputStream;

/**
 * The octet count of a message once its line ends are CRLF, which is the size POP3 announces.
 * The rule, shared with the POP3 encoder: a LF not preceded by CR counts as CRLF; every other
 * byte (CRLF pairs, a bare CR, 8-bit bytes) counts as itself.
 */
public final class CrlfSize {

    private CrlfSize() {
    }

    /** Reads the stream to its end, in bounded memory. */
    public static long of(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        int previous = -1;
        int n;
        while ((n = in.read(buffer)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n' && previous != '\r') {
                    size++;
                }
                size++;
                previous = b;
            }
        }
        return size;
    }

    /** Convenience for small in-memory messages. */
    public static long of(byte[] message) {
        try {
            return of(new java.io.ByteArrayInputStream(message));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
