package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.postbox.mailstore.DeliveryKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of one mailbox's recently stored copies ({@link DeliveryKey}): a directory beside the
 * Maildir (where Dovecot never looks) with one small file per key, named by the key's digest,
 * holding the copy's name in {@code tmp/} and in {@code new/}. The file's time is when it was
 * stored.
 *
 * <p>Crash safety without a transaction: the record is written (and synced) after the copy is
 * complete in {@code tmp/} and before the rename into {@code new/} makes it visible. A record
 * whose {@code tmp/} file still exists therefore belongs to a copy that was never made visible
 * (the process died between the two steps) and counts for nothing; a record whose {@code tmp/}
 * file is gone belongs to a copy that reached {@code new/}, whether its owner has deleted it since
 * or not. A failed rename removes its record at once. This holds as long as nobody removes a
 * crashed delivery's {@code tmp/} file within the window: Dovecot does after 36 hours, so the
 * configured window is at most a day.
 *
 * <p>Bounded: records older than their window are removed, checked on about one recording in
 * sixteen (those whose digest starts with {@code 0}), so the directory holds about one window's
 * deliveries and costs no listing on most deliveries.
 */
final class RecentDeliveries {

    static final String DIRECTORY_NAME = "postbox-deliveries";

    private static final Logger LOG = LoggerFactory.getLogger(RecentDeliveries.class);

    private final Path directory;
    private final Maildir maildir;
    private final Durability durability;

    RecentDeliveries(Path directory, Maildir maildir, Durability durability) {
        this.directory = directory;
        this.maildir = maildir;
        this.durability = durability;
    }

    /** The {@code new/} name of the copy stored with this key within its window, if there is one. */
    Optional<String> delivered(DeliveryKey key) throws IOException {
        Path record = directory.resolve(key.digest());
        List<String> names;
        FileTime stored;
        try {
            stored = Files.getLastModifiedTime(record);
            names = Files.readAllLines(record, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
        if (names.size() != 2 || stored.toInstant().isBefore(Instant.now().minus(key.window()))) {
            return Optional.empty(); // expired, or torn by a crash before its rename: never counted
        }
        if (Files.exists(maildir.folder(Maildir.TMP).resolve(names.get(0)))) {
            return Optional.empty(); // its copy never left tmp/: the process died before the rename
        }
        return Optional.of(names.get(1));
    }

    /**
     * Runs {@code rename}, which makes the copy in {@code tmp/} visible as {@code newName}, with
     * the key recorded first; removes the record again if the rename fails.
     */
    void recordAround(DeliveryKey key, String tmpName, String newName, MaildirQuotas.LockedWork<?> rename)
            throws IOException {
        Files.createDirectories(directory);
        Path record = directory.resolve(key.digest());
        Path partial = directory.resolve("." + key.digest() + ".part");
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer text = ByteBuffer.wrap((tmpName + "\n" + newName + "\n").getBytes(StandardCharsets.US_ASCII));
            while (text.hasRemaining()) {
                out.write(text);
            }
            durability.force(out);
        }
        Files.move(partial, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        durability.syncDirectory(directory);
        try {
            rename.run();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(record);
            throw e;
        }
        if (key.digest().charAt(0) == '0') {
            removeExpired(key);
        }
    }

    /** Removes the records older than {@code key}'s window; a failure is logged and left for the next time. */
    private void removeExpired(DeliveryKey key) {
        Instant oldest = Instant.now().minus(key.window());
        try (DirectoryStream<Path> records = Files.newDirectoryStream(directory)) {
            for (Path record : records) {
                try {
                    if (Files.getLastModifiedTime(record).toInstant().isBefore(oldest)) {
                        Files.deleteIfExists(record);
                    }
                } catch (NoSuchFileException removedMeanwhile) {
                    // another delivery's clean-up was faster
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot remove expired delivery records in {}: {}", directory, e.toString());
        }
    }
}
