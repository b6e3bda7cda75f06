package io.analogcast.health;

import io.analogcast.analog.IndexBuildRejected;
import io.analogcast.analog.IndexLifecycle;
import io.analogcast.observation.Page;
import io.analogcast.observation.PageRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.Map;

/**
 * The operator's view of health (admin token): why builds were refused and stations refused (reasons may name
 * files), the open stations' indices, and every station of the database, a page at a time.
 */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
public class HealthAdminResource {

    public record Detail(HealthResource.Health summary, String currentPointerProblem,
            List<IndexBuildRejected> rejectedBuilds, Map<String, String> refusedStations,
            List<HealthService.IndexStatus> openIndices) {
    }

    private final HealthService health;

    public HealthAdminResource(HealthService health) {
        this.health = health;
    }

    @GET
    @Path("/health")
    @Operation(summary = "The health summary with the reasons behind refused builds and stations, and the open indices")
    public Detail detail() {
        return new Detail(HealthResource.report(health), health.currentPointer().problem(), health.rejections(),
                health.refusedStations(), health.openIndices());
    }

    @GET
    @Path("/stations")
    @Operation(summary = "Per station, a page at a time: served, open, refused or without index (and why), and how far"
            + " an open station's library reaches")
    public Page<IndexLifecycle.StationLibrary> stations(@QueryParam("page") String page, @QueryParam("size") String size) {
        PageRequest request = PageRequest.parse(page, size);
        return Page.of(health.libraries(request.page(), request.size()), request.page(), request.size(),
                health.stationCount(), p -> "/admin/stations?page=" + p + "&size=" + request.size());
    }
}
