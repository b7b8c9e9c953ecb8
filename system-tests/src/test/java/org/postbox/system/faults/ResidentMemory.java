package org.postbox.system.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The resident set size of a process (VmRSS of {@code /proc/PID/status}), sampled every 100 ms
 * while open; {@link #peakMib()} is the largest sample. VmHWM would give the peak of the process's
 * whole life, not of one flood.
 */
final class ResidentMemory implements AutoCloseable {

    private final Path status;
    private final AtomicLong peakKib = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

    ResidentMemory(long pid) {
        this.status = Path.of("/proc", Long.toString(pid), "status");
        sample();
        sampler.scheduleAtFixedRate(this::sample, 100, 100, TimeUnit.MILLISECONDS);
    }

    long peakMib() {
        return peakKib.get() / 1024;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        sample();
    }

    private void sample() {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    long kib = Long.parseLong(line.substring(6).replace("kB", "").strip());
                    peakKib.accumulateAndGet(kib, Math::max);
                }
            }
        } catch (IOException | RuntimeException e) {
            // The process has gone; the test finds that out on its own.
        }
    }
}
