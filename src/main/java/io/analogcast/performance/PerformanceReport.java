package io.analogcast.performance;

import java.util.List;

/** The SLO report of {@code GET /admin/performance}. */
public record PerformanceReport(long windowSeconds, List<EndpointPerformance> endpoints, CachePerformance cache,
        List<String> recommendations) {

    public record EndpointPerformance(String endpoint, long requests, double avgMs, double p50Ms, double p95Ms,
            double p99Ms, double maxMs, Double p95TargetMs, Boolean meetsTarget, String grade) {
    }

    public record CachePerformance(long hits, long misses, Double hitRate, double target, Boolean meetsTarget) {
    }
}
