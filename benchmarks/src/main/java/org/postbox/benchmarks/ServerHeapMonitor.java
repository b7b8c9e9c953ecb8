package org.postbox.benchmarks;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Watches the heap of another JVM on this machine through its platform MXBeans, reached with the
 * Attach API (which starts the target's local JMX agent). The daemon under test needs no
 * cooperation and the benchmark's own heap is not counted.
 *
 * <p>Three figures, from the most to the least generous:
 * <ul>
 * <li>the sum of the heap pools' own peak usage since {@link #start} (exact per pool, but the
 *     pools may have peaked at different moments),</li>
 * <li>the largest used heap seen by sampling every 20 ms,</li>
 * <li>the largest heap still in use right after a collection (from each collector's last
 *     {@link GcInfo}, sampled as well): what the server really needed to keep.</li>
 * </ul>
 */
final class ServerHeapMonitor implements AutoCloseable {

    /** Heap figures in octets. */
    record Report(long maxHeap, long poolPeaks, long sampledPeak, long peakAfterGc) {
    }

    private final JMXConnector connector;
    private final MemoryMXBean memory;
    private final List<MemoryPoolMXBean> heapPools;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "heap-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong sampledPeak = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();

    private final List<GarbageCollectorMXBean> collectors;
    private final Set<String> heapPoolNames;

    private final RuntimeMXBean runtime;
    private volatile long startedAtUptime;

    private ServerHeapMonitor(JMXConnector connector, MemoryMXBean memory, RuntimeMXBean runtime,
            List<MemoryPoolMXBean> heapPools, List<GarbageCollectorMXBean> collectors) {
        this.connector = connector;
        this.memory = memory;
        this.runtime = runtime;
        this.heapPools = heapPools;
        this.collectors = collectors;
        this.heapPoolNames = heapPools.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    }

    static ServerHeapMonitor attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        MBeanServerConnection server = connector.getMBeanServerConnection();
        MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(server,
                ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        RuntimeMXBean runtime = ManagementFactory.newPlatformMXBeanProxy(server,
                ManagementFactory.RUNTIME_MXBEAN_NAME, RuntimeMXBean.class);
        List<MemoryPoolMXBean> pools = ManagementFactory.getPlatformMXBeans(server, MemoryPoolMXBean.class)
                .stream().filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getPlatformMXBeans(server,
                GarbageCollectorMXBean.class);
        return new ServerHeapMonitor(connector, memory, runtime, pools, collectors);
    }

    /** Collects garbage, forgets earlier peaks and starts sampling. */
    void start() {
        memory.gc();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        startedAtUptime = runtime.getUptime();
        sampler.scheduleAtFixedRate(this::sample, 0, 20, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            sampledPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            for (GarbageCollectorMXBean collector : collectors) {
                GcInfo last = collector.getLastGcInfo();
                if (last != null && last.getStartTime() >= startedAtUptime) {
                    long afterGc = 0;
                    for (Map.Entry<String, MemoryUsage> pool : last.getMemoryUsageAfterGc().entrySet()) {
                        if (heapPoolNames.contains(pool.getKey())) {
                            afterGc += pool.getValue().getUsed();
                        }
                    }
                    peakAfterGc.accumulateAndGet(afterGc, Math::max);
                }
            }
        } catch (RuntimeException e) {
            // The daemon may be going away at the end of a run; the figures so far stand.
        }
    }

    /** Stops sampling and returns the figures. */
    Report stop() throws InterruptedException {
        sampler.shutdown();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
        sample();
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            poolPeaks += pool.getPeakUsage().getUsed();
        }
        return new Report(memory.getHeapMemoryUsage().getMax(), poolPeaks, sampledPeak.get(), peakAfterGc.get());
    }

    @Override
    public void close() throws IOException {
        sampler.shutdownNow();
        connector.close();
    }
}
