package io.analogcast.health;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * Public health summary in the original system's shape ({@code /health}) and per-index FAISS detail
 * ({@code /health/faiss}). Kubernetes probes use SmallRye Health under {@code /q/health}.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    public record Health(String status, String version, long uptimeSeconds, String buildId,
            HealthService.DatabaseStatus database, io.analogcast.cache.TwoTierCache.Status cache,
            List<HealthService.IndexStatus> indices, HealthService.LifecycleStatus indexLifecycle) {
    }

    public record FaissHealth(String buildId, List<HealthService.IndexStatus> indices) {
    }

    private final HealthService health;

    public HealthResource(HealthService health) {
        this.health = health;
    }

    @GET
    public Response health() {
        HealthService.DatabaseStatus database = health.database();
        boolean up = database.up() && health.indicesLoaded();
        var cache = health.cache();
        // Redis down costs speed, not answers: degraded, still 200
        String status = !up ? "DOWN" : Boolean.FALSE.equals(cache.redisAvailable()) ? "DEGRADED" : "UP";
        HealthService.LifecycleStatus lifecycle = health.lifecycle();
        Health body = new Health(status, health.version(), health.uptime().toSeconds(), lifecycle.servedBuildId(),
                database, cache, health.indices(), lifecycle);
        return Response.status(up ? 200 : 503).entity(body).build();
    }

    @GET
    @Path("/faiss")
    public FaissHealth faiss() {
        return new FaissHealth(health.lifecycle().servedBuildId(), health.indices());
    }
}
