package org.postbox.daemon.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * JVM and process meters: Micrometer's binders for memory, garbage collection, threads, classes,
 * CPU, uptime and file descriptors, plus the process's CPU seconds and resident memory under the
 * names Prometheus's own clients use. Closing stops listening to the collector.
 */
final class JvmMeters implements AutoCloseable {

    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private final JvmGcMetrics gc = new JvmGcMetrics();

    /**
     * Renames that keep {@code promtool check metrics} quiet: the CPU time in nanoseconds gives way
     * to {@code process_cpu_seconds_total} below, and a gauge may not end in {@code _count}.
     */
    static void configure(MeterRegistry registry) {
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
            }
        });
    }

    void bindTo(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun && sun.getProcessCpuTime() >= 0) {
            FunctionCounter.builder("process.cpu", sun, bean -> bean.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time used by the process").register(registry);
        }
        if (residentBytes().isPresent()) {
            Gauge.builder("process.resident.memory", () -> residentBytes().orElse(Double.NaN)).baseUnit("bytes")
                    .strongReference(true)
                    .description("Resident memory of the process (Linux)").register(registry);
        }
    }

    /** VmRSS from /proc/self/status, where there is one (Linux). */
    static OptionalDouble residentBytes() {
        if (!Files.isReadable(PROC_STATUS)) {
            return OptionalDouble.empty();
        }
        try {
            List<String> lines = Files.readAllLines(PROC_STATUS);
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    // The kernel always writes this field in kB.
                    return OptionalDouble.of(Long.parseLong(parts[0]) * 1024.0);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.empty();
    }

    @Override
    public void close() {
        gc.close();
    }
}
