package io.analogcast.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.analogcast.analog.IndexLifecycle;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * Public health summary ({@code /health}, in the original system's place) and the indices of the stations open now
 * ({@code /health/faiss}). Neither grows with the network (counts, not lists) and neither carries a file-system path;
 * the detail is the admin's ({@code /admin/health}, {@code /admin/stations}). Kubernetes probes use SmallRye Health
 * under {@code /q/health}.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    public record Health(String status, String version, long uptimeSeconds, String buildId,
            HealthService.DatabaseStatus database, io.analogcast.cache.TwoTierCache.Status cache,
            IndexLifecycle.StationCounts stations, HealthService.LifecycleStatus indexLifecycle) {
    }

    public record FaissHealth(String buildId, List<HealthService.IndexStatus> indices) {
    }

    /** How long a rendered report is answered again while the index lifecycle has not changed. */
    static final long REPORT_MAX_AGE_NANOS = 1_000_000_000L;

    /** A rendered report, with the lifecycle change count and the time it was rendered at. */
    private record Rendered(long lifecycleChanges, long atNanos, int status, String json) {
    }

    private final HealthService health;
    private final ObjectMapper json;
    private volatile Rendered last;

    public HealthResource(HealthService health, ObjectMapper json) {
        this.health = health;
        this.json = json;
    }

    /**
     * The report is rendered at most once a second, and again at once when a build was swapped in, rows appended
     * or a build rejected: polled like a probe, it must not cost a report per call. A current report is answered on
     * the event loop; rendering one may check the database and Redis (at most once a second anyway), so it runs on a
     * worker.
     */
    @GET
    public Uni<Response> health() {
        Rendered rendered = last;
        if (rendered != null && rendered.lifecycleChanges() == health.lifecycleChanges()
                && System.nanoTime() - rendered.atNanos() < REPORT_MAX_AGE_NANOS) {
            return Uni.createFrom().item(response(rendered));
        }
        return Uni.createFrom().item(this::render).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(HealthResource::response);
    }

    private Rendered render() {
        long changes = health.lifecycleChanges();
        long now = System.nanoTime();
        Health body = report(health);
        try {
            Rendered rendered = new Rendered(changes, now, "DOWN".equals(body.status()) ? 503 : 200,
                    json.writeValueAsString(body));
            last = rendered;
            return rendered;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the health report is not serializable", e);
        }
    }

    private static Response response(Rendered rendered) {
        return Response.status(rendered.status()).entity(rendered.json()).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    static Health report(HealthService health) {
        HealthService.DatabaseStatus database = health.database();
        boolean up = database.up() && health.indicesLoaded();
        var cache = health.cache();
        // Redis down costs speed, not answers: degraded, still 200
        String status = !up ? "DOWN" : Boolean.FALSE.equals(cache.redisAvailable()) ? "DEGRADED" : "UP";
        HealthService.LifecycleStatus lifecycle = health.lifecycle();
        return new Health(status, health.version(), health.uptime().toSeconds(), lifecycle.servedBuildId(),
                database, cache, health.stations(), lifecycle);
    }

    @GET
    @Path("/faiss")
    public FaissHealth faiss() {
        return new FaissHealth(health.lifecycle().servedBuildId(), health.openIndices());
    }
}
