package org.postbox.daemon.metrics;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.postbox.mailstore.Directory;

/**
 * Whether the store answers: a cheap call ({@link Directory#domains()}) with a time limit, its
 * verdict kept for a moment so that frequent health checks and scrapes do not load the store.
 * The call runs on a thread of its own, so a store that hangs makes the probe say "no answer"
 * after the limit instead of holding its caller.
 */
final class StoreProbe implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final Duration CACHED_FOR = Duration.ofSeconds(2);

    private final Directory directory;
    private final Duration timeout;
    private final long cachedForNanos;
    private final LongSupplier nanoTime;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "store-probe");
        thread.setDaemon(true);
        return thread;
    });

    private Future<?> inFlight;
    private Optional<String> problem = Optional.empty();
    private long checkedAt;
    private boolean checked;

    StoreProbe(Directory directory) {
        this(directory, TIMEOUT, CACHED_FOR, System::nanoTime);
    }

    StoreProbe(Directory directory, Duration timeout, Duration cachedFor, LongSupplier nanoTime) {
        this.directory = directory;
        this.timeout = timeout;
        this.cachedForNanos = cachedFor.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Why the store is not usable now, or empty when it answered. */
    synchronized Optional<String> problem() {
        long now = nanoTime.getAsLong();
        if (checked && now - checkedAt < cachedForNanos) {
            return problem;
        }
        if (inFlight == null) {
            try {
                inFlight = runner.submit(directory::domains);
            } catch (RejectedExecutionException closed) {
                return Optional.of("shutting down");
            }
        }
        try {
            inFlight.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            problem = Optional.empty();
            inFlight = null;
        } catch (TimeoutException e) {
            // Left running: the next check waits for the same call rather than piling up more.
            problem = Optional.of("the store did not answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            problem = Optional.of("the store failed: " + e.getCause().getMessage());
            inFlight = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
        checked = true;
        checkedAt = nanoTime.getAsLong();
        return problem;
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
