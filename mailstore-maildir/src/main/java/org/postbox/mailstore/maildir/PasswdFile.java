package org.postbox.mailstore.maildir;

import java.io.IOException;
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
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

import org.postbox.mailstore.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installation's Dovecot-style passwd-file.
 *
 * <p>Readers keep the parsed file and re-read it when its identity, mtime or size changes, so a
 * daemon sees changes made by the CLI at its next lookup for the price of one stat. A file is only
 * trusted from the cache once its mtime lies further in the past than any file system's timestamp
 * granularity: a later rewrite then necessarily carries another mtime, even if it reuses the inode
 * and has the same size.
 *
 * <p>Writers rewrite the whole file atomically (temporary file in the same directory, fsync,
 * rename over) while holding an OS lock on a hidden sibling lock file, which serialises writers
 * across processes; an in-process lock serialises this JVM's threads, because one JVM cannot hold
 * two OS locks on one file. The content is handled as ISO-8859-1 so every byte survives a rewrite.
 */
final class PasswdFile {

    private static final Logger LOG = LoggerFactory.getLogger(PasswdFile.class);

    private static final Duration TIMESTAMP_GRANULARITY = Duration.ofSeconds(2);
    private static final ConcurrentHashMap<Path, ReentrantLock> WRITER_LOCKS = new ConcurrentHashMap<>();
    private static final Set<PosixFilePermission> PRIVATE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> NEW_FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-r-----");

    private final Path file;
    private final Path lockFile;
    private final Durability durability;
    private volatile Cached cached;

    PasswdFile(Path file, Durability durability) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling("." + this.file.getFileName() + ".lock");
        this.durability = durability;
    }

    Path path() {
        return file;
    }

    /** The current entries; a missing file has none. */
    PasswdEntries read() {
        try {
            Stamp stamp = Stamp.of(file);
            Cached current = cached;
            if (current != null && current.trusted() && current.stamp().equals(stamp)) {
                return current.entries();
            }
            Instant readAt = Instant.now();
            PasswdEntries entries = readFromDisk();
            // Stamp again: if the file changed while we read it, the next call reads again.
            Stamp after = Stamp.of(file);
            cached = new Cached(after, entries, after.equals(stamp) && after.isOlderThan(readAt.minus(TIMESTAMP_GRANULARITY)));
            return entries;
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot read the passwd-file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies {@code change} to the current entries under the writers' lock and writes the result
     * if it differs. {@code change} may do other work that must not interleave with a writer in
     * another process (it runs while the lock is held) and may throw to abort without writing.
     */
    PasswdEntries update(UnaryOperator<PasswdEntries> change) {
        ReentrantLock threads = WRITER_LOCKS.computeIfAbsent(file, key -> new ReentrantLock());
        threads.lock();
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                lockChannel.lock(); // released when the channel closes
                PasswdEntries before = readFromDisk();
                PasswdEntries after = change.apply(before);
                if (!after.equals(before)) {
                    write(after);
                }
                cached = null;
                return after;
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot update the passwd-file " + file + ": " + e.getMessage(), e);
        } finally {
            threads.unlock();
        }
    }

    private PasswdEntries readFromDisk() throws IOException {
        try {
            return PasswdEntries.parse(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            return PasswdEntries.EMPTY;
        }
    }

    private void write(PasswdEntries entries) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel out = createPrivately(temporary)) {
                ByteBuffer bytes = ByteBuffer.wrap(entries.render().getBytes(StandardCharsets.ISO_8859_1));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                durability.force(out);
            }
            copyOwnershipAndMode(temporary);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot replace files atomically", e);
            }
            durability.syncDirectory(file.getParent());
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Hashes are never readable by others, not even for the moment before the mode is copied. */
    private static FileChannel createPrivately(Path temporary) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (Files.getFileStore(temporary.getParent()).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return FileChannel.open(temporary, options, PosixFilePermissions.asFileAttribute(PRIVATE_PERMISSIONS));
        }
        return FileChannel.open(temporary, options);
    }

    /**
     * The file holds password hashes: a new one is readable by owner and group only, and a rewrite
     * keeps the old file's mode, owner and group, so that root running the CLI does not lock the
     * daemon's user out of it.
     */
    private void copyOwnershipAndMode(Path temporary) throws IOException {
        PosixFileAttributeView target = Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
        if (target == null) {
            return;
        }
        PosixFileAttributes original;
        try {
            original = Files.readAttributes(file, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            target.setPermissions(NEW_FILE_PERMISSIONS);
            return;
        }
        target.setPermissions(original.permissions());
        PosixFileAttributes created = target.readAttributes();
        try {
            if (!created.owner().equals(original.owner())) {
                target.setOwner(original.owner());
            }
            if (!created.group().equals(original.group())) {
                target.setGroup(original.group());
            }
        } catch (IOException e) {
            LOG.debug("cannot keep owner/group of {} when rewriting it: {}", file, e.toString());
        }
    }

    /** What identifies one version of the file. A missing file has the stamp {@link #MISSING}. */
    private record Stamp(Object fileKey, FileTime modified, long size) {
        static final Stamp MISSING = new Stamp(null, null, -1);

        static Stamp of(Path file) throws IOException {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
            } catch (NoSuchFileException e) {
                return MISSING;
            }
        }

        boolean isOlderThan(Instant instant) {
            return modified == null || modified.toInstant().isBefore(instant);
        }
    }

    private record Cached(Stamp stamp, PasswdEntries entries, boolean trusted) {
    }
}
