package org.postbox.config;

/**
 * The pool of threads one kind of listener runs its sessions' blocking work on (store calls,
 * spooling, deliveries). When every thread is busy and the queue is full, a session that has work
 * to hand over is told the server is busy and closed, rather than having a network thread do it.
 *
 * @param threads how many threads at most work at once
 * @param queue   how many tasks at most wait for a thread
 */
public record WorkerPoolConfig(int threads, int queue) {

    /** Threads for sessions that mostly wait on a disk or a database, whatever the cores. */
    static final int MIN_DEFAULT_THREADS = 16;

    public WorkerPoolConfig {
        if (threads < 1 || queue < 1) {
            throw new IllegalArgumentException("a worker pool needs at least one thread and a queue of at least 1, got "
                    + threads + " and " + queue);
        }
    }

    /**
     * The defaults for listeners that admit {@code connections} at once: a thread per connection up
     * to 8 per core (at least {@value #MIN_DEFAULT_THREADS}), since more would only wait for the
     * store; and room in the queue for four tasks per connection, while each session hands over
     * one at a time, so that only a pool far behind its clients ever refuses work.
     */
    static WorkerPoolConfig sizedFor(long connections) {
        long admitted = Math.max(1, connections);
        long threads = Math.min(admitted, Math.max(MIN_DEFAULT_THREADS, 8L * Runtime.getRuntime().availableProcessors()));
        long queue = Math.min(WorkerKeys.MAX_QUEUE, 4 * admitted);
        return new WorkerPoolConfig((int) threads, (int) queue);
    }
}
