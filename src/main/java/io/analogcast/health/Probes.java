package io.analogcast.health;

import io.analogcast.DataBootstrap;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/** Kubernetes probes: started once data and indices are in place, ready while they and the database serve. */
public class Probes {

    @ApplicationScoped
    @Liveness
    public static class Alive implements HealthCheck {
        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.up("analogcast");
        }
    }

    @ApplicationScoped
    @Startup
    public static class Started implements HealthCheck {
        private final DataBootstrap bootstrap;

        public Started(DataBootstrap bootstrap) {
            this.bootstrap = bootstrap;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("bootstrap").status(bootstrap.ready()).build();
        }
    }

    @ApplicationScoped
    @Readiness
    public static class Ready implements HealthCheck {
        private final HealthService health;

        public Ready(HealthService health) {
            this.health = health;
        }

        @Override
        public HealthCheckResponse call() {
            HealthService.DatabaseStatus database = health.database();
            boolean indices = health.indicesLoaded();
            return HealthCheckResponse.named("analogcast").status(database.up() && indices)
                    .withData("database", database.up()).withData("indices", indices)
                    .withData("index_count", health.indices().size()).build();
        }
    }
}
