package io.analogcast.metrics;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.vertx.http.ManagementInterface;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Prometheus text at {@code /metrics} on the management interface, the original system's path beside Quarkus's
 * {@code /q/metrics} there. Neither is on the API port: metrics name stations and builds, which is for operators.
 */
@ApplicationScoped
public class ManagementMetricsRoute {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    void route(@Observes ManagementInterface management, PrometheusMeterRegistry registry) {
        management.router().get("/metrics").blockingHandler(context -> context.response()
                .putHeader("Content-Type", PROMETHEUS_TEXT).end(registry.scrape()));
    }
}
