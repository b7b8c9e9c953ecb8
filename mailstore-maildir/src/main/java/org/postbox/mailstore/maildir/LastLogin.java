package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

/**
 * A mailbox's last login, as the modification time of an empty file beside its Maildir,
 * {@code <root>/<domain>/<local>/postbox-last-login}. It is written at every login, so it costs
 * one metadata update and no fsync (a login lost to a power cut is no loss); it moves with the
 * mailbox's directory when the mailbox is renamed. The time is as fine as the file system keeps it.
 */
final class LastLogin {

    static final String FILE_NAME = "postbox-last-login";

    private LastLogin() {
    }

    static void record(Path file, Instant when) throws IOException {
        FileTime time = FileTime.from(when);
        try {
            Files.setLastModifiedTime(file, time);
        } catch (NoSuchFileException e) {
            // The first login, or a mailbox whose directories are made lazily.
            Files.createDirectories(file.getParent());
            try {
                Files.createFile(file);
            } catch (FileAlreadyExistsException raced) {
                // another login of the same mailbox was first
            }
            Files.setLastModifiedTime(file, time);
        }
    }

    static Optional<Instant> read(Path file) throws IOException {
        try {
            return Optional.of(Files.getLastModifiedTime(file).toInstant());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
