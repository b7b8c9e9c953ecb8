package org.postbox.session;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads one kind of listener runs its sessions' blocking work on (store calls, spooling,
 * deliveries): a fixed number of threads over a bounded queue. When both are full, it refuses
 * work with {@link RejectedExecutionException} rather than running it on the caller, which may be
 * a network thread that must never wait for a store; a session whose work is refused tells its
 * client the server is busy and closes (see {@link SerialSession}).
 *
 * <p>A session's clean-up (closing its maildrop, which releases the lock) must run even then. It
 * goes to the reserve: one more thread, whose queue has no bound of its own but holds at most one
 * clean-up per session, so the listeners' connection limits bound it. Once the pool has been
 * closed, a clean-up that still comes (a session stuck past the daemon's shutdown grace) gets a
 * thread of its own.
 *
 * <p>Threads are named {@code <name>-<n>} and {@code <name>-reserve}, so that a thread dump or a
 * log line tells which pool a thread belongs to. They are daemon threads, started on demand and
 * ended after a minute without work.
 */
public final class WorkerPool implements Executor, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    private static final Duration KEEP_ALIVE = Duration.ofMinutes(1);
    private static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor reserve;

    /**
     * @param name    the prefix of the threads' names, and the pool's name in metrics
     * @param threads how many threads at most work at once
     * @param queue   how many tasks at most wait for a thread; more are refused
     */
    public WorkerPool(String name, int threads, int queue) {
        this.name = Objects.requireNonNull(name, "name");
        if (threads < 1) {
            throw new IllegalArgumentException("worker pool " + name + " needs at least one thread, got " + threads);
        }
        if (queue < 1) {
            throw new IllegalArgumentException("worker pool " + name + " needs a queue of at least 1, got " + queue);
        }
        AtomicInteger count = new AtomicInteger();
        workers = new ThreadPoolExecutor(threads, threads, KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queue), task -> new Worker(this, task, name + "-" + count.incrementAndGet()),
                new ThreadPoolExecutor.AbortPolicy());
        workers.allowCoreThreadTimeOut(true);
        reserve = new ThreadPoolExecutor(1, 1, KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> daemon(new Thread(task, name + "-reserve")),
                new ThreadPoolExecutor.AbortPolicy());
        reserve.allowCoreThreadTimeOut(true);
    }

    /** The pool's name, as its threads and metrics carry it. */
    public String name() {
        return name;
    }

    /**
     * Runs {@code task} on a worker.
     *
     * @throws RejectedExecutionException when every thread is busy and the queue is full, or the
     *                                    pool has been closed
     */
    @Override
    public void execute(Runnable task) {
        workers.execute(task);
    }

    /**
     * Runs {@code task}, a clean-up that must not be lost, on a worker if the pool takes it, else
     * on the reserve, else (the pool is closed) on a thread of its own; never on the caller.
     */
    void executeCleanUp(Runnable task) {
        try {
            workers.execute(task);
            return;
        } catch (RejectedExecutionException full) {
            LOG.debug("worker pool {} full or closed, cleaning up on its reserve", name);
        }
        try {
            reserve.execute(task);
        } catch (RejectedExecutionException closed) {
            daemon(new Thread(task, name + "-late-cleanup")).start();
        }
    }

    /** Whether the calling thread is one of this pool's workers (not its reserve). */
    boolean ownsCurrentThread() {
        return Thread.currentThread() instanceof Worker worker && worker.pool == this;
    }

    /** The workers, for metrics only (busy threads, queued tasks); work goes through {@link #execute}. */
    public ExecutorService threads() {
        return workers;
    }

    /**
     * Takes no more work, waits up to {@code grace} for the work under way and queued, then
     * interrupts what is left; the reserve, which clean-ups may still reach meanwhile, last.
     */
    public void close(Duration grace) {
        long deadline = System.nanoTime() + Math.max(0, grace.toNanos());
        stop(workers, deadline);
        stop(reserve, deadline);
    }

    /** {@link #close(Duration)} with ten seconds' grace. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_GRACE);
    }

    private static void stop(ThreadPoolExecutor pool, long deadlineNanos) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException interrupted) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Daemon threads: the process lives as long as its listeners, not its pools. */
    private static Thread daemon(Thread thread) {
        thread.setDaemon(true);
        return thread;
    }

    /** A thread of the pool's workers, which knows its pool. */
    private static final class Worker extends Thread {
        private final WorkerPool pool;

        Worker(WorkerPool pool, Runnable task, String name) {
            super(task, name);
            this.pool = pool;
            setDaemon(true);
        }
    }
}
