package io.analogcast.health;

import io.analogcast.DataBootstrap;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * Kubernetes probes: started once data and indices are in place, ready while a build is served. Each reads state
 * kept in memory, so each is an {@link AsyncHealthCheck} answered on the event loop: SmallRye Health hands a
 * synchronous check to a worker thread and back, which cost a probe more than the check itself.
 */
public class Probes {

    @ApplicationScoped
    @Liveness
    public static class Alive implements AsyncHealthCheck {
        @Override
        public Uni<HealthCheckResponse> call() {
            return Uni.createFrom().item(HealthCheckResponse.up("analogcast"));
        }
    }

    @ApplicationScoped
    @Startup
    public static class Started implements AsyncHealthCheck {
        private final DataBootstrap bootstrap;

        public Started(DataBootstrap bootstrap) {
            this.bootstrap = bootstrap;
        }

        @Override
        public Uni<HealthCheckResponse> call() {
            return Uni.createFrom().item(HealthCheckResponse.named("bootstrap").status(bootstrap.ready()).build());
        }
    }

    @ApplicationScoped
    @Readiness
    public static class Ready implements AsyncHealthCheck {
        private final HealthService health;

        public Ready(HealthService health) {
            this.health = health;
        }

        @Override
        public Uni<HealthCheckResponse> call() {
            boolean indices = health.indicesLoaded();
            // forecasts come from the indices and the caches: a pod whose database is away keeps serving them
            // (ingestion answers 503), so the database is reported, not required; and only as last seen, since a
            // check of a database that is away waits for the pool's timeout, longer than the probe's
            return Uni.createFrom().item(HealthCheckResponse.named("analogcast").status(indices)
                    .withData("database", health.lastKnownDatabase().map(d -> d.up() ? "up" : "down").orElse("unknown"))
                    .withData("indices", indices)
                    .withData("stations", health.servedStations()).build());
        }
    }
}
