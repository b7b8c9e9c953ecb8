package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.StoreUnavailableException;

/**
 * The lock under which usage is checked and changed, of one mailbox or one domain, shared by every
 * thread and process on the tree: a JVM-wide lock first (one JVM cannot hold two OS locks on one
 * file), then an OS lock on the file, which a crashed process leaves behind released. The
 * lock file is only ever opened by its holder, so no other descriptor can drop the OS lock.
 *
 * <p>A mailbox's lock file also records the usage its domain's total counts for the mailbox (one
 * line: octets and messages). When the mailbox's {@code maildirsize} says otherwise, another
 * agent changed the Maildir, and the domain's total takes the difference.
 *
 * <p>Order, to stay free of deadlocks: a domain's lock before any of its mailboxes' locks; never
 * two domains' or two mailboxes' locks at once. The JVM-wide locks are striped by file, so their
 * number stays fixed however many mailboxes there are; two files sharing a stripe only wait for
 * each other, which that order keeps free of cycles too.
 */
final class QuotaLock implements AutoCloseable {

    /** Whose usage a lock guards; each has stripes of its own. */
    enum Scope {
        DOMAIN, MAILBOX;

        private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

        Scope() {
            for (int i = 0; i < stripes.length; i++) {
                stripes[i] = new ReentrantLock();
            }
        }

        ReentrantLock stripeOf(Path file) {
            return stripes[Math.floorMod(file.hashCode(), stripes.length)];
        }
    }

    private static final int STRIPES = 256;
    /** A thread waiting longer than this for another thread of this JVM finds something stuck. */
    private static final long IN_JVM_WAIT_SECONDS = 60;

    private final ReentrantLock threads;
    private final FileChannel channel;

    private QuotaLock(ReentrantLock threads, FileChannel channel) {
        this.threads = threads;
        this.channel = channel;
    }

    /**
     * Waits for the lock on {@code file}, an absolute path with links resolved; its directory must exist.
     *
     * @throws IllegalStateException if this thread holds a lock of this scope already (a defect:
     *                               it breaks the lock order, and the OS lock is not reentrant)
     */
    static QuotaLock acquire(Scope scope, Path file) throws IOException {
        ReentrantLock threads = scope.stripeOf(file);
        if (threads.isHeldByCurrentThread()) {
            throw new IllegalStateException("a second " + scope + " quota lock (" + file + ") taken by one thread");
        }
        try {
            if (!threads.tryLock(IN_JVM_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new StoreUnavailableException("quota lock " + file + " held by another thread for over "
                        + IN_JVM_WAIT_SECONDS + " seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the quota lock " + file, e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            channel.lock(); // released when the channel closes
            return new QuotaLock(threads, channel);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            threads.unlock();
            throw e;
        }
    }

    /** The usage recorded in the lock file; none when it is empty or unreadable. */
    QuotaUsage recorded() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        int n = channel.read(buffer, 0);
        if (n <= 0) {
            return QuotaUsage.NONE;
        }
        String[] numbers = new String(buffer.array(), 0, n, StandardCharsets.US_ASCII).strip().split(" ");
        try {
            return numbers.length == 2 ? new QuotaUsage(Long.parseLong(numbers[0]), Long.parseLong(numbers[1])) : QuotaUsage.NONE;
        } catch (NumberFormatException e) {
            return QuotaUsage.NONE;
        }
    }

    void record(QuotaUsage usage) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((usage.storedOctets() + " " + usage.messages() + "\n")
                .getBytes(StandardCharsets.US_ASCII));
        channel.truncate(0);
        int position = 0;
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // the descriptor is gone either way, and the OS lock with it
        } finally {
            threads.unlock();
        }
    }
}
