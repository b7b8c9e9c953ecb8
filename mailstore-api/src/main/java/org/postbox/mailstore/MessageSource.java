package org.postbox.mailstore;

import java.io.IOException;
import java.io.InputStream;

/**
 * A message to deliver, which can be read more than once (one read per recipient), for example
 * a spool file. Line ends may be LF or CRLF; the store keeps the bytes as given.
 */
@FunctionalInterface
public interface MessageSource {
    InputStream open() throws IOException;

    static MessageSource of(byte[] message) {
        return () -> new java.io.ByteArrayInputStream(message);
    }

    static MessageSource of(java.nio.file.Path file) {
        return () -> java.nio.file.Files.newInputStream(file);
    }
}
