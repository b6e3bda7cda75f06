package io.analogcast.performance;

import io.analogcast.config.AnalogcastConfig;
import io.analogcast.cache.TwoTierCache;
import io.analogcast.performance.PerformanceReport.CachePerformance;
import io.analogcast.performance.PerformanceReport.EndpointPerformance;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Grades endpoints against their latency targets and says what to do about misses. */
@ApplicationScoped
public class PerformanceService {

    /** Cache hit rates are judged only after this many look-ups. */
    static final long MIN_CACHE_LOOKUPS = 100;

    private final PerformanceMonitor monitor;
    private final TwoTierCache cache;
    private final AnalogcastConfig config;

    public PerformanceService(PerformanceMonitor monitor, TwoTierCache cache, AnalogcastConfig config) {
        this.monitor = monitor;
        this.cache = cache;
        this.config = config;
    }

    /** A: avg < 1 ms and p95 < 5 ms; B: < 5 / < 20; C: < 20 / < 50; D: < 50 / < 100; else F. */
    static String grade(double avgMs, double p95Ms) {
        if (avgMs < 1 && p95Ms < 5) {
            return "A";
        }
        if (avgMs < 5 && p95Ms < 20) {
            return "B";
        }
        if (avgMs < 20 && p95Ms < 50) {
            return "C";
        }
        if (avgMs < 50 && p95Ms < 100) {
            return "D";
        }
        return "F";
    }

    public PerformanceReport report() {
        Map<String, Double> targets = config.slo().p95TargetMs();
        List<EndpointPerformance> endpoints = new ArrayList<>();
        List<String> recommendations = new ArrayList<>();
        monitor.snapshot().forEach((endpoint, s) -> {
            Double target = targets.get(endpoint);
            Boolean meets = target == null ? null : s.p95Ms() <= target;
            endpoints.add(new EndpointPerformance(endpoint, s.count(), round(s.avgMs()), round(s.p50Ms()),
                    round(s.p95Ms()), round(s.p99Ms()), round(s.maxMs()), target, meets, grade(s.avgMs(), s.p95Ms())));
            if (Boolean.FALSE.equals(meets)) {
                recommendations.add(advice(endpoint, s.p95Ms(), target));
            }
        });
        long lookups = cache.lookups();
        long misses = cache.counters().computations();
        long hits = lookups - misses;
        double targetRate = config.slo().cacheHitRateTarget();
        Double rate = cache.hitRate() == null ? null : round(cache.hitRate());
        Boolean cacheMeets = lookups < MIN_CACHE_LOOKUPS ? null : rate >= targetRate;
        if (Boolean.FALSE.equals(cacheMeets)) {
            recommendations.add("forecast cache hit rate is %.0f%% against a %.0f%% target over %d look-ups: most "
                    .formatted(rate * 100, targetRate * 100, lookups)
                    + "requests differ (k, variables, thresholds or past times); keep clients on the default k and "
                    + "variables, or request several horizons in one call");
        }
        return new PerformanceReport(monitor.windowSeconds(), endpoints,
                new CachePerformance(hits, misses, rate, targetRate, cacheMeets), recommendations);
    }

    private static String advice(String endpoint, double p95, double target) {
        String base = "%s p95 is %.1f ms, above its %.0f ms target".formatted(endpoint, p95, target);
        return switch (endpoint) {
            case "/forecast", "/forecast/batch" -> base + ": probe fewer IVF lists "
                    + "(analogcast.index.ivf-flat.nprobe: faster searches for some recall, "
                    + "measured per setting in docs/performance.md), lower k, or add replicas";
            case "/metrics" -> base + ": scrape less often or drop unused binders";
            default -> base + ": check database latency (GET /health) and CPU limits";
        };
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
