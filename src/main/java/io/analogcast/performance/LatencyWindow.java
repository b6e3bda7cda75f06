package io.analogcast.performance;

import java.util.ArrayDeque;
import java.util.Arrays;

/** Latencies of one endpoint over a sliding time window (bounded in samples too). */
final class LatencyWindow {

    static final int MAX_SAMPLES = 20_000;

    record Snapshot(int count, double avgMs, double p50Ms, double p95Ms, double p99Ms, double maxMs) {
    }

    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    synchronized void record(long atNanos, long latencyNanos) {
        samples.addLast(new long[] {atNanos, latencyNanos});
        if (samples.size() > MAX_SAMPLES) {
            samples.removeFirst();
        }
    }

    /** Statistics of the samples newer than {@code windowNanos} before {@code nowNanos}; null when none. */
    synchronized Snapshot snapshot(long nowNanos, long windowNanos) {
        while (!samples.isEmpty() && nowNanos - samples.peekFirst()[0] > windowNanos) {
            samples.removeFirst();
        }
        if (samples.isEmpty()) {
            return null;
        }
        long[] latencies = samples.stream().mapToLong(s -> s[1]).sorted().toArray();
        double sum = Arrays.stream(latencies).sum();
        return new Snapshot(latencies.length, sum / latencies.length / 1e6, rank(latencies, 0.50),
                rank(latencies, 0.95), rank(latencies, 0.99), latencies[latencies.length - 1] / 1e6);
    }

    /** Nearest-rank percentile in milliseconds. */
    static double rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
