package io.analogcast.performance;

import io.analogcast.config.AnalogcastConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Times every HTTP request (including probes and metrics, which bypass the REST layer) into a sliding window per
 * endpoint ({@link LatencyWindow}: lock-free, every request counted). Paths are folded onto a fixed set of endpoints so arbitrary URLs cannot grow the table.
 */
@ApplicationScoped
public class PerformanceMonitor {

    static final List<String> ENDPOINTS = List.of("/forecast/batch", "/forecast", "/health/faiss", "/health",
            "/metrics", "/q/metrics", "/q/health", "/variables", "/admin/performance", "/q/openapi");

    private final Map<String, LatencyWindow> windows = new ConcurrentHashMap<>();
    private final long windowNanos;

    public PerformanceMonitor(AnalogcastConfig config) {
        this.windowNanos = config.slo().windowSeconds() * 1_000_000_000L;
    }

    /** Runs before every other route, so the time covers the whole request. */
    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::time);
    }

    void time(RoutingContext context) {
        long started = System.nanoTime();
        String endpoint = endpointOf(context.normalizedPath());
        if (endpoint != null) {
            context.addEndHandler(done -> record(endpoint, started, System.nanoTime()));
        }
        context.next();
    }

    static String endpointOf(String path) {
        for (String endpoint : ENDPOINTS) {
            if (path.equals(endpoint) || path.startsWith(endpoint + "/")) {
                return endpoint;
            }
        }
        return null;
    }

    void record(String endpoint, long startedNanos, long endedNanos) {
        windows.computeIfAbsent(endpoint, e -> new LatencyWindow(windowNanos)).record(endedNanos, endedNanos - startedNanos);
    }

    /** Current window statistics per endpoint that saw traffic, in {@link #ENDPOINTS} order. */
    public Map<String, LatencyWindow.Snapshot> snapshot() {
        long now = System.nanoTime();
        Map<String, LatencyWindow.Snapshot> result = new LinkedHashMap<>();
        for (String endpoint : ENDPOINTS) {
            LatencyWindow window = windows.get(endpoint);
            LatencyWindow.Snapshot snapshot = window == null ? null : window.snapshot(now);
            if (snapshot != null) {
                result.put(endpoint, snapshot);
            }
        }
        return result;
    }

    public long windowSeconds() {
        return windowNanos / 1_000_000_000L;
    }
}
