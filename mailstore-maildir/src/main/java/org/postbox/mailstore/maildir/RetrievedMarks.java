package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * When each message of a maildrop was first retrieved, for its retention ({@code EXPIRE}):
 * {@code Maildir/postbox-retrieved}, beside the UIDL map and, like it, the maildrop's data that
 * travels with the Maildir. One line a message, {@code <base name> <epoch seconds>}, the base name
 * with octets outside 0x21..0x7E and {@code %} written as {@code %XX}. A line that cannot be read is
 * ignored: a lost mark only keeps a message longer.
 *
 * <p>Written by the holder of the maildrop lock when a session that retrieved something closes:
 * its new marks are appended, so that a session costs what it retrieved, not what the maildrop
 * holds (a leave-on-server maildrop of a million messages has a mark for nearly each). A message
 * marked twice keeps its earlier time. Lines of messages that are gone stay until the file has
 * grown past {@link #compactionSize} for the maildrop's size; then it is rewritten whole
 * (temporary file, rename) with the marks of the messages still there.
 */
final class RetrievedMarks {

    static final String FILE_NAME = "postbox-retrieved";

    private final Path file;
    private final Durability durability;

    RetrievedMarks(Maildir maildir, Durability durability) {
        this.file = maildir.path().resolve(FILE_NAME);
        this.durability = durability;
    }

    /** First retrieval by base name; empty when no file. */
    Map<String, Instant> read() throws IOException {
        Map<String, Instant> marks = new HashMap<>();
        String content;
        try {
            content = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return marks;
        }
        for (String line : content.split("\n")) {
            int space = line.indexOf(' ');
            if (space <= 0) {
                continue;
            }
            try {
                String name = unescape(line.substring(0, space));
                marks.merge(name, Instant.ofEpochSecond(Long.parseLong(line.substring(space + 1).strip())),
                        (a, b) -> a.isBefore(b) ? a : b);
            } catch (IllegalArgumentException e) {
                // a damaged line: that message counts as not retrieved
            }
        }
        return marks;
    }

    /** The size beyond which a maildrop of {@code messages} messages has its marks rewritten rather than appended to. */
    static long compactionSize(int messages) {
        // A line takes about 60 octets: twice that a message leaves room for marks of deleted ones.
        return Math.max(64 * 1024, messages * 128L);
    }

    /** The file's size in octets, 0 when there is none. */
    long size() throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** Appends {@code marks} (forced to disk as {@link Durability} says); creates the file if needed. */
    void append(Map<String, Instant> marks) throws IOException {
        if (marks.isEmpty()) {
            return;
        }
        StringBuilder content = new StringBuilder(marks.size() * 48);
        marks.forEach((name, when) -> content.append(escape(name)).append(' ').append(when.getEpochSecond()).append('\n'));
        boolean existed = Files.exists(file);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.toString().getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            durability.force(out);
        }
        if (!existed) {
            durability.syncDirectory(file.getParent());
        }
    }

    void write(Map<String, Instant> marks) throws IOException {
        if (marks.isEmpty()) {
            Files.deleteIfExists(file);
            durability.syncDirectory(file.getParent());
            return;
        }
        StringBuilder content = new StringBuilder(marks.size() * 48);
        marks.forEach((name, when) -> content.append(escape(name)).append(' ').append(when.getEpochSecond()).append('\n'));
        Path temporary = file.resolveSibling(FILE_NAME + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.toString().getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                durability.force(out);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            durability.syncDirectory(file.getParent());
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String escape(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c < 0x21 || c > 0x7E || c == '%') {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    private static String unescape(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new IllegalArgumentException("truncated escape");
                }
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
