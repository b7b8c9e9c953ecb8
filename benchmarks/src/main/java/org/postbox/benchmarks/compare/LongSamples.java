package org.postbox.benchmarks.compare;

import java.util.Arrays;

/** Latencies in nanoseconds, kept whole so that percentiles are exact. */
final class LongSamples {

    private long[] values = new long[1024];
    private int size;

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    /** The {@code p}-th percentile (0 to 100) in milliseconds, or 0 without samples. */
    double percentileMillis(double p) {
        if (size == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int index = (int) Math.min(size - 1, Math.max(0, Math.ceil(p / 100 * size) - 1));
        return sorted[index] / 1e6;
    }
}
