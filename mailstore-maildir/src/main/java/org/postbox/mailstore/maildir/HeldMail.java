package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A maildrop's held messages: those a POP3 session deleted while its domain holds deleted mail,
 * kept in {@code Maildir/postbox-held/<held at, epoch milliseconds>/} under their own file names,
 * so that putting one back in {@code cur/} gives it its old UIDL (the base name, or the UIDL map's
 * record for it, which stays in {@code postbox-uidls}) and its size fields. Dovecot lists only
 * dot-named entries as folders in its default Maildir++ layout, so it never sees them, and neither
 * does the quota count unless the domain says held mail counts ({@link Maildir#quotaUsage(boolean)}).
 *
 * <p>One directory per commit: purging or restoring by time reads directory names, never the
 * messages. Only the holder of the maildrop lock changes it.
 */
final class HeldMail {

    static final String DIRECTORY = "postbox-held";

    private final Maildir maildir;

    HeldMail(Maildir maildir) {
        this.maildir = maildir;
    }

    /** The messages held by one commit. */
    record Batch(Instant heldAt, Path directory) {
    }

    /** A new, empty batch directory for messages held now. */
    Batch newBatch(Instant now) throws IOException {
        Path root = maildir.path().resolve(DIRECTORY);
        Files.createDirectories(root);
        for (long millis = now.toEpochMilli(); ; millis++) {
            try {
                return new Batch(Instant.ofEpochMilli(millis), Files.createDirectory(root.resolve(Long.toString(millis))));
            } catch (FileAlreadyExistsException e) {
                // two commits within a millisecond: the next one
            }
        }
    }

    /** Every batch, oldest first; directories that are not batches are left alone. */
    List<Batch> batches() throws IOException {
        List<Batch> batches = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(maildir.path().resolve(DIRECTORY))) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && name.length() <= 18 && name.chars().allMatch(c -> c >= '0' && c <= '9')
                        && Files.isDirectory(entry)) {
                    batches.add(new Batch(Instant.ofEpochMilli(Long.parseLong(name)), entry));
                }
            }
        } catch (NoSuchFileException e) {
            // nothing held yet
        }
        batches.sort((a, b) -> a.heldAt().compareTo(b.heldAt()));
        return batches;
    }

    List<Path> batchDirectories() throws IOException {
        return batches().stream().map(Batch::directory).toList();
    }

    /** The files of one batch. */
    static List<Path> files(Batch batch) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(batch.directory())) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        } catch (NoSuchFileException e) {
            // emptied and removed meanwhile
        }
        return files;
    }

    /** Removes {@code postbox-held} once it holds no batch, so that a sweep sees at a glance that nothing is held. */
    void removeIfEmpty() throws IOException {
        try {
            Files.deleteIfExists(maildir.path().resolve(DIRECTORY));
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // still holding mail
        }
    }

    /** Removes a batch directory once it is empty; one that still holds a file stays. */
    static void removeIfEmpty(Batch batch) throws IOException {
        try {
            Files.deleteIfExists(batch.directory());
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // some left for the next sweep
        }
    }
}
