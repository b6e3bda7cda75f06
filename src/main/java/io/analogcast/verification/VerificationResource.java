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

    public VerificationResource(VerificationService verification) {
        this.verification = verification;
    }

    @GET
    @Operation(summary = "Latest verification report: skill against climatology and persistence, calibration, reliability")
    public Response latest(@Parameter(description = "json (default) or html") @QueryParam("format") String format) {
        boolean html = "html".equals(format);
        if (format != null && !html && !"json".equals(format)) {
            throw ProblemException.badRequest("invalid-format", "format must be json or html, got '" + format + "'");
        }
        String body = verification.latest(html ? VerificationService.HTML_FILE : VerificationService.JSON_FILE)
                .orElseThrow(() -> ProblemException.notFound("no-report", "no verification report yet; run "
                        + "'java -jar target/quarkus-app/quarkus-run.jar evaluate --from 2016-03-01 --to 2017-03-01' "
                        + "(see docs/verification.md)"));
        return Response.ok(body, html ? MediaType.TEXT_HTML + ";charset=utf-8" : MediaType.APPLICATION_JSON).build();
    }
}
