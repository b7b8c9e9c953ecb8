package org.postbox.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.postbox.mailstore.MessageSource;

/**
 * A message copied from a stream into a private temporary file, so that the store can read it
 * once per recipient in bounded memory.
 */
final class MessageSpool {
    private final Path file;
    private final long octets;

    private MessageSpool(Path file, long octets) {
        this.file = file;
        this.octets = octets;
    }

    /** Copies {@code in} to its end. The file is readable by its owner only (Files.createTempFile). */
    static MessageSpool of(InputStream in) throws IOException {
        Path file = Files.createTempFile("postbox-deliver-", ".eml");
        try (OutputStream out = Files.newOutputStream(file)) {
            long octets = in.transferTo(out);
            return new MessageSpool(file, octets);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    MessageSource source() {
        return MessageSource.of(file);
    }

    long octets() {
        return octets;
    }

    Path file() {
        return file;
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
