package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.StoreUnavailableException;

/**
 * The exclusive lock on one maildrop (RFC 1939 section 8): an OS lock on
 * {@code <root>/<domain>/<local>/postbox-pop3.lock}, which excludes other processes and vanishes
 * with a crashed process, plus a JVM-wide set of held lock files, because one JVM cannot take two
 * OS locks on one file and closing any channel on a file may drop the JVM's lock on it: a lock file
 * is only ever opened by the one holder in this JVM.
 *
 * <p>The lock file is never deleted while mailboxes exist: a process that opened the old file
 * would otherwise lock a different file than the next one.
 */
final class MaildropLock implements AutoCloseable {

    static final String FILE_NAME = "postbox-pop3.lock";

    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final AtomicBoolean released = new AtomicBoolean();

    private MaildropLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param file an absolute path with every symbolic link resolved, so that two stores over one
     *             tree in this JVM name the same lock file alike
     */
    static MaildropLock acquire(Path file, MailboxAddress address) {
        if (!HELD_IN_THIS_JVM.add(file)) {
            throw locked(address);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw locked(address);
            }
            return new MaildropLock(file, channel, lock);
        } catch (IOException e) {
            throw abandon(file, channel, new StoreUnavailableException(
                    "cannot lock the maildrop of " + address + ": " + e.getMessage(), e));
        } catch (OverlappingFileLockException e) {
            throw abandon(file, channel, locked(address));
        } catch (RuntimeException e) {
            throw abandon(file, channel, e);
        }
    }

    /** False once released, or if the OS lock was lost (its channel closed behind our back). */
    boolean isValid() {
        return !released.get() && lock.isValid();
    }

    /** Releases the lock; idempotent and never throws. */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            try {
                // Closing the channel releases the OS lock with it.
                channel.close();
            } catch (IOException e) {
                // The descriptor is gone either way; nothing left to release.
            } finally {
                HELD_IN_THIS_JVM.remove(file);
            }
        }
    }

    private static RuntimeException abandon(Path file, FileChannel channel, RuntimeException failure) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
        HELD_IN_THIS_JVM.remove(file);
        return failure;
    }

    private static MaildropLockedException locked(MailboxAddress address) {
        return new MaildropLockedException("maildrop of " + address + " is locked by another session");
    }
}
