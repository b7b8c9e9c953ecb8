package org.postbox.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A server under load as Linux sees it: a process and its descendants (Dovecot's master forks a
 * process per service and per session; the JVM is one). CPU time comes from
 * {@code /proc/PID/stat}, memory from {@code /proc/PID/smaps_rollup} (PSS shares a page between
 * the processes that map it, so Dovecot's sessions are not counted many times over).
 */
final class ServerProcess {

    /** Linux's USER_HZ, the unit of the CPU fields of /proc/PID/stat, on every common architecture. */
    private static final long TICKS_PER_SECOND = 100;

    /** Resident and proportional set sizes in KiB, summed over the processes. */
    record Memory(long rssKib, long pssKib, int processes) {
    }

    private final long pid;

    ServerProcess(long pid) {
        this.pid = pid;
    }

    /**
     * CPU time used so far: the process's own, its reaped children's (Dovecot's login processes
     * that have ended) and its live descendants'.
     */
    long cpuNanos() {
        long ticks = 0;
        String[] root = statFields(pid);
        if (root != null) {
            // after the command name: [0] state ... [11] utime [12] stime [13] cutime [14] cstime
            ticks += Long.parseLong(root[11]) + Long.parseLong(root[12]) + Long.parseLong(root[13]) + Long.parseLong(root[14]);
        }
        for (long child : descendants()) {
            String[] fields = statFields(child);
            if (fields != null) {
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            }
        }
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    Memory memory() {
        long rss = 0;
        long pss = 0;
        int processes = 0;
        List<Long> all = new ArrayList<>();
        all.add(pid);
        all.addAll(descendants());
        for (long process : all) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process), "smaps_rollup"))) {
                    if (line.startsWith("Rss:")) {
                        rss += kib(line);
                    } else if (line.startsWith("Pss:")) {
                        pss += kib(line);
                    }
                }
                processes++;
            } catch (IOException gone) {
                // a process that ended between the listing and the read
            }
        }
        return new Memory(rss, pss, processes);
    }

    private List<Long> descendants() {
        return ProcessHandle.of(pid).map(p -> p.descendants().map(ProcessHandle::pid).toList()).orElse(List.of());
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    private static String[] statFields(long process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
