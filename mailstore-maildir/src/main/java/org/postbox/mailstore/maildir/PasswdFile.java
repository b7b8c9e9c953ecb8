package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

import org.postbox.mailstore.StoreUnavailableException;

/**
 * The installation's Dovecot-style passwd-file.
 *
 * <p>Readers keep the parsed file and re-read it when it changes ({@link ParsedFileCache}), so a
 * daemon sees changes made by the CLI at its next lookup for the price of one stat.
 *
 * <p>Writers rewrite the whole file atomically ({@link CredentialFileWriter}) while holding an OS
 * lock on a hidden sibling lock file, which serialises writers across processes; an in-process
 * lock serialises this JVM's threads, because one JVM cannot hold two OS locks on one file. Other
 * files of the directory that must change together with it (domain settings, app passwords) are
 * written under the same lock, from within {@link #update}.
 */
final class PasswdFile {

    private static final ConcurrentHashMap<Path, ReentrantLock> WRITER_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final CredentialFileWriter writer;
    private final ParsedFileCache<PasswdEntries> cache;

    PasswdFile(Path file, Durability durability) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling("." + this.file.getFileName() + ".lock");
        this.writer = new CredentialFileWriter(durability);
        this.cache = new ParsedFileCache<>(this.file, PasswdEntries::parse, PasswdEntries.EMPTY);
    }

    Path path() {
        return file;
    }

    /** The current entries; a missing file has none. */
    PasswdEntries read() {
        try {
            return cache.read();
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
                PasswdEntries before = cache.readFromDisk();
                PasswdEntries after = change.apply(before);
                if (!after.equals(before)) {
                    writer.replace(file, after.render(), file);
                }
                cache.invalidate();
                return after;
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot update the passwd-file " + file + ": " + e.getMessage(), e);
        } finally {
            threads.unlock();
        }
    }
}
