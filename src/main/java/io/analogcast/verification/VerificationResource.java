package io.analogcast.verification;

import io.analogcast.error.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The latest verification report written by the {@code evaluate} command. */
@Path("/verification")
public class VerificationResource {

    private final VerificationService verification;
    private final LiveVerification live;
    private final io.analogcast.observation.ObservationStore store;

    public VerificationResource(VerificationService verification, LiveVerification live,
            io.analogcast.observation.ObservationStore store) {
        this.store = store;
        this.verification = verification;
        this.live = live;
    }

    @GET
    @Path("/live")
    @Operation(summary = "Skill of the forecasts issued in the last 7 or 30 days, scored once observed")
    public Response live(@Parameter(description = "Station id (all stations when absent)") @QueryParam("station") String station,
            @Parameter(description = "7 (default) or 30") @QueryParam("days") String days,
            @Parameter(description = "json (default) or html") @QueryParam("format") String format) {
        boolean html = html(format);
        int window = days == null ? 7 : switch (days) {
            case "7" -> 7;
            case "30" -> 30;
            default -> throw ProblemException.badRequest("invalid-days", "days must be 7 or 30, got '" + days + "'");
        };
        if (station != null && store.station(station).isEmpty()) {
            // checked before any query: an id the database cannot even take (a NUL byte) answered 500 (fuzz)
            throw ProblemException.notFound("unknown-station", "unknown station '" + station + "'");
        }
        LiveVerification.LiveReport report = live.report(station, window);
        return html ? Response.ok(LiveReportPage.render(report), MediaType.TEXT_HTML + ";charset=utf-8").build()
                : Response.ok(report, MediaType.APPLICATION_JSON).build();
    }

    private static boolean html(String format) {
        if (format != null && !"html".equals(format) && !"json".equals(format)) {
            throw ProblemException.badRequest("invalid-format", "format must be json or html, got '" + format + "'");
        }
        return "html".equals(format);
    }

    @GET
    @Operation(summary = "Latest verification report: skill against climatology and persistence, calibration, reliability")
    public Response latest(@Parameter(description = "json (default) or html") @QueryParam("format") String format) {
        boolean html = html(format);
        String body = verification.latest(html ? VerificationService.HTML_FILE : VerificationService.JSON_FILE)
                .orElseThrow(() -> ProblemException.notFound("no-report", "no verification report yet; run "
                        + "'java -jar target/quarkus-app/quarkus-run.jar evaluate --from 2016-03-01 --to 2017-03-01' "
                        + "(see docs/verification.md)"));
        return Response.ok(body, html ? MediaType.TEXT_HTML + ";charset=utf-8" : MediaType.APPLICATION_JSON).build();
    }
}
