package io.analogcast.performance;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** SLO report: latency percentiles per endpoint over a sliding window, grades and recommendations. */
@Path("/admin/performance")
@Produces(MediaType.APPLICATION_JSON)
public class PerformanceResource {

    private final PerformanceService performance;

    public PerformanceResource(PerformanceService performance) {
        this.performance = performance;
    }

    @GET
    public PerformanceReport report() {
        return performance.report();
    }
}
