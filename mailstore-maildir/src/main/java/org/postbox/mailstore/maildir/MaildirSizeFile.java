package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.postbox.mailstore.QuotaUsage;

/**
 * One file in {@link MaildirSize} format: a mailbox's {@code maildirsize}, or a domain's usage
 * file. Changes are appended with {@code O_APPEND} as the Maildir++ specification asks, so that
 * an agent appending without our lock (Dovecot, maildrop) loses nothing either; rebuilds write a
 * new file and rename it over the old one. Postbox changes it only under its {@link QuotaLock}.
 *
 * <p>Not forced to disk: the file is derived data. A version lost or damaged by a crash is
 * recognised as untrustworthy and rebuilt from the messages.
 */
final class MaildirSizeFile {

    /** The file's content (at most {@link MaildirSize#MAX_OCTETS} octets of it) and when it was last written. */
    record Content(byte[] bytes, Instant modified) {

        Optional<MaildirSize> parsed() {
            return MaildirSize.parse(bytes);
        }
    }

    private final Path file;
    private final Path temporaryDirectory;

    /** @param temporaryDirectory where rebuilt versions are written before the rename; same file system */
    MaildirSizeFile(Path file, Path temporaryDirectory) {
        this.file = file;
        this.temporaryDirectory = temporaryDirectory;
    }

    Path path() {
        return file;
    }

    /** Empty when the file does not exist. */
    Optional<Content> read() throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Instant modified = Files.readAttributes(file, BasicFileAttributes.class).lastModifiedTime().toInstant();
            return Optional.of(new Content(in.readNBytes(MaildirSize.MAX_OCTETS), modified));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Appends one change; a missing file stays missing (it is rebuilt when next read). */
    void append(QuotaUsage delta) throws IOException {
        if (delta.equals(QuotaUsage.NONE)) {
            return;
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            write(out, MaildirSize.change(delta));
        } catch (NoSuchFileException e) {
            // nothing to add to: the next reader rebuilds it from the messages
        }
    }

    void rewrite(long storageLimit, long messageLimit, QuotaUsage usage) throws IOException {
        replace(MaildirSize.render(storageLimit, messageLimit, usage));
    }

    /**
     * Puts {@code earlier} (as read before a {@link #discard()}) back with {@code delta} appended,
     * in one atomic replacement: the file as an append would have left it.
     */
    void restore(Content earlier, QuotaUsage delta) throws IOException {
        String text = new String(earlier.bytes(), StandardCharsets.US_ASCII);
        replace(delta.equals(QuotaUsage.NONE) ? text : text + MaildirSize.change(delta));
    }

    private void replace(String text) throws IOException {
        Files.createDirectories(temporaryDirectory);
        Path temporary = temporaryDirectory.resolve(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                write(out, text);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot replace " + file + " atomically", e);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Makes the next reader rebuild the file, after a change could not be recorded. */
    void discard() throws IOException {
        Files.deleteIfExists(file);
    }

    private static void write(FileChannel out, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }
}
