package io.analogcast.performance;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Latencies of one endpoint over a sliding time window, kept as HdrHistograms of microseconds (two significant
 * digits: percentiles within 1%) in {@value #SLICES} time slices, the way Micrometer keeps its percentiles. Recording
 * takes no lock and the window holds every request however many there are; the window moves a slice at a time.
 */
final class LatencyWindow {

    static final int SLICES = 10;
    private static final int SIGNIFICANT_DIGITS = 2;

    record Snapshot(long count, double avgMs, double p50Ms, double p95Ms, double p99Ms, double maxMs) {
    }

    /** The requests whose end fell in one slice of time. */
    private record Slice(long id, ConcurrentHistogram micros) {
    }

    private final long sliceNanos;
    private final AtomicReferenceArray<Slice> slices = new AtomicReferenceArray<>(SLICES);

    LatencyWindow(long windowNanos) {
        this.sliceNanos = Math.max(1, windowNanos / SLICES);
    }

    void record(long atNanos, long latencyNanos) {
        long id = Math.floorDiv(atNanos, sliceNanos);
        int slot = (int) Math.floorMod(id, (long) SLICES);
        Slice slice = slices.get(slot);
        while (slice == null || slice.id() < id) {
            // the slot still holds a slice that has left the window: the first writer replaces it
            Slice fresh = new Slice(id, new ConcurrentHistogram(SIGNIFICANT_DIGITS));
            if (slices.compareAndSet(slot, slice, fresh)) {
                slice = fresh;
            } else {
                slice = slices.get(slot);
            }
        }
        if (slice.id() == id) {
            slice.micros().recordValue(Math.max(1, latencyNanos / 1000));
        }
    }

    /** Statistics of the slices within the window that ends at {@code nowNanos}; null when they hold nothing. */
    Snapshot snapshot(long nowNanos) {
        long newest = Math.floorDiv(nowNanos, sliceNanos);
        Histogram all = new Histogram(SIGNIFICANT_DIGITS);
        for (int slot = 0; slot < SLICES; slot++) {
            Slice slice = slices.get(slot);
            if (slice != null && slice.id() > newest - SLICES && slice.id() <= newest) {
                all.add(slice.micros());
            }
        }
        if (all.getTotalCount() == 0) {
            return null;
        }
        return new Snapshot(all.getTotalCount(), all.getMean() / 1000, millis(all, 50), millis(all, 95),
                millis(all, 99), all.getMaxValue() / 1000.0);
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
