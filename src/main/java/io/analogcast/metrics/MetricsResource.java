package io.analogcast.metrics;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** Prometheus text at {@code /metrics}, the original system's path (Quarkus serves the same at {@code /q/metrics}). */
@Path("/metrics")
public class MetricsResource {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsResource(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Produces(PROMETHEUS_TEXT)
    public String scrape() {
        return registry.scrape();
    }
}
