package org.postbox.session.testing;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The worker pool of a listener under test; closing it stops the pool and waits for its threads. */
public final class TestWorkers implements Executor, AutoCloseable {

    private final ExecutorService pool;

    public TestWorkers(int threads) {
        pool = Executors.newFixedThreadPool(threads);
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    /** Stops taking tasks and waits up to ten seconds for those under way. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
