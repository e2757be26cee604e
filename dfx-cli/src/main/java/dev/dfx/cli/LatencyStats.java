package dev.dfx.cli;

import java.util.Arrays;

/** Percentiles of ack latencies, in milliseconds; nearest-rank. */
final class LatencyStats {
    private long[] nanos = new long[64];
    private int count;

    synchronized void add(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    synchronized int count() {
        return count;
    }

    /** @param p in (0, 100] @return the p-th percentile in ms, or 0 with no samples */
    synchronized double percentileMillis(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count, rank) - 1)] / 1e6;
    }
}
