package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What identifies one state of a Maildir folder's list of names: its modification time, which
 * every link, unlink and rename inside it moves, and its inode number, which tells a folder that
 * was replaced (restored, copied over) from the one that was indexed.
 *
 * @param seconds the mtime's epoch seconds
 * @param nanos   the mtime's nanoseconds within that second
 * @param inode   the inode number, or 0 where the file system does not give one
 */
record FolderStamp(long seconds, int nanos, long inode) {

    /**
     * Longer than any file system's timestamp tick (FAT has two seconds, ext3 one): a folder changed
     * within this span before a scan may change again without its mtime moving.
     */
    static final Duration TIMESTAMP_GRANULARITY = Duration.ofSeconds(2);

    /** A folder that does not exist: never equal to a real stamp's trust. */
    static final FolderStamp MISSING = new FolderStamp(Long.MIN_VALUE, 0, 0);

    static FolderStamp of(Path folder) throws IOException {
        try {
            FileTime modified;
            long inode = 0;
            try {
                Map<String, Object> unix = Files.readAttributes(folder, "unix:ino,lastModifiedTime");
                modified = (FileTime) unix.get("lastModifiedTime");
                inode = ((Number) unix.get("ino")).longValue();
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                modified = Files.readAttributes(folder, BasicFileAttributes.class).lastModifiedTime();
            }
            Instant instant = modified.toInstant();
            return new FolderStamp(instant.getEpochSecond(), instant.getNano(), inode);
        } catch (NoSuchFileException e) {
            return MISSING;
        }
    }

    /**
     * Whether the file system keeps times finer than seconds, as far as this stamp tells: on one
     * that does not, a change within the same second as the stamp leaves it as it is.
     */
    boolean hasSubsecondTime() {
        return nanos != 0;
    }

    /**
     * Whether a scan that started at {@code scanStart} and saw this stamp saw the folder's final list
     * for as long as the stamp stays the same: the folder had been quiet for longer than a timestamp
     * tick before the scan, so any later change gives it another mtime. A change within the same tick
     * as the stamp (a delivery racing the scan) could leave the mtime as it was.
     */
    boolean settledBefore(Instant scanStart) {
        return !equals(MISSING)
                && Instant.ofEpochSecond(seconds, nanos).isBefore(scanStart.minus(TIMESTAMP_GRANULARITY));
    }
}
