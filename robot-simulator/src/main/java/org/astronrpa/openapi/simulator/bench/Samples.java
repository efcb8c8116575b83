package org.astronrpa.openapi.simulator.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds; percentiles by nearest rank over the sorted raw samples. */
final class Samples {
    private long[] values = new long[1024];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized void addAll(Samples other) {
        long[] theirs = other.sorted();
        for (long v : theirs) {
            add(v);
        }
    }

    synchronized int size() {
        return size;
    }

    synchronized long[] sorted() {
        long[] copy = Arrays.copyOf(values, size);
        Arrays.sort(copy);
        return copy;
    }

    /** Nearest-rank percentile in milliseconds ({@code NaN} without samples). */
    static double percentileMs(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    /** {@code p50_ms=… p99_ms=… max_ms=…} */
    String summary() {
        long[] s = sorted();
        return String.format(java.util.Locale.ROOT, "p50_ms=%.3f p99_ms=%.3f max_ms=%.3f", percentileMs(s, 50),
                percentileMs(s, 99), s.length == 0 ? Double.NaN : s[s.length - 1] / 1e6);
    }
}
