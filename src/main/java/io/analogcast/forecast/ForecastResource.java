package io.analogcast.forecast;

import io.analogcast.config.AnalogcastConfig;
import io.analogcast.error.ProblemException;
import io.analogcast.forecast.ForecastDtos.AnalogsResponse;
import io.analogcast.forecast.ForecastDtos.BatchRequest;
import io.analogcast.forecast.ForecastDtos.BatchResponse;
import io.analogcast.forecast.ForecastDtos.ForecastRequest;
import io.analogcast.forecast.ForecastDtos.ForecastResponse;
import io.analogcast.forecast.ForecastDtos.OptionsResponse;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.ArrayList;
import java.util.List;

/** The forecast API. Parameters arrive as strings so that every malformed value gets a problem detail, not a 404. */
@Path("/forecast")
@Produces(MediaType.APPLICATION_JSON)
public class ForecastResource {

    private final ForecastRequestParser parser;
    private final ForecastService service;
    private final AnalogcastConfig config;

    public ForecastResource(ForecastRequestParser parser, ForecastService service, AnalogcastConfig config) {
        this.parser = parser;
        this.service = service;
        this.config = config;
    }

    @GET
    @Operation(summary = "Analog-ensemble forecast from stored observations")
    @APIResponse(responseCode = "200", description = "Forecast per horizon and variable")
    @APIResponse(responseCode = "400", description = "Unknown horizon or variable, bad k, malformed time or threshold")
    @APIResponse(responseCode = "404", description = "Unknown station or no data at the time")
    @APIResponse(responseCode = "422", description = "Data cannot support the request (e.g. variable not observed)")
    public Uni<ForecastResponse> forecast(
            @Parameter(description = "One or more horizons, comma-separated", example = "24h") @QueryParam("horizon") String horizon,
            @Parameter(description = "Variables, comma-separated", example = "t2m,u10,v10") @QueryParam("vars") String vars,
            @Parameter(description = "Station id (default station when absent)") @QueryParam("station") String station,
            @Parameter(description = "Past state time, ISO-8601 with offset (latest when absent)") @QueryParam("time") String time,
            @Parameter(description = "Number of analogs") @QueryParam("k") String k,
            @Parameter(description = "Exceedance thresholds, e.g. t2m:30,precip:0.1") @QueryParam("exceed") String exceed,
            @Parameter(description = "'analogs' to list the analogs used") @QueryParam("include") String include) {
        ForecastQuery query = parser.fromParameters(station, time, horizon, vars, k, exceed, include);
        // a forecast this pod holds or is computing is answered without a worker thread: handing a request to one
        // and back cost more CPU (thread wake-ups and context switches) than a cached answer itself
        return service.fromMemory(query).map(Uni.createFrom()::completionStage).orElseGet(() -> Uni.createFrom()
                .item(() -> service.forecast(query)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    @GET
    @Path("/options")
    @Operation(summary = "What a station can be asked: served horizons, variables, predictors, limits, risk events")
    @APIResponse(responseCode = "200", description = "The station's options")
    @APIResponse(responseCode = "404", description = "Unknown station")
    public OptionsResponse options(
            @Parameter(description = "Station id (default station when absent)") @QueryParam("station") String station) {
        return service.options(parser.station(station));
    }

    @GET
    @Path("/analogs")
    @Operation(summary = "One horizon's forecast with its analogs explained: each analog's state and the hours that "
            + "followed it (up to the state time)")
    @APIResponse(responseCode = "200", description = "The forecast, the current state and every analog's history")
    @APIResponse(responseCode = "400", description = "Not exactly one horizon, unknown variable, bad k or time")
    @APIResponse(responseCode = "404", description = "Unknown station or no data at the time")
    @APIResponse(responseCode = "422", description = "Data cannot support the request (e.g. variable not observed)")
    public AnalogsResponse analogs(
            @Parameter(description = "Exactly one horizon", example = "24h") @QueryParam("horizon") String horizon,
            @Parameter(description = "Variables, comma-separated", example = "t2m,u10,v10") @QueryParam("vars") String vars,
            @Parameter(description = "Station id (default station when absent)") @QueryParam("station") String station,
            @Parameter(description = "Past state time, ISO-8601 with offset (latest when absent)") @QueryParam("time") String time,
            @Parameter(description = "Number of analogs") @QueryParam("k") String k) {
        return service.explore(parser.forExplorer(station, time, horizon, vars, k));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Forecast from a request body, optionally with an explicit recent-observation state")
    public ForecastResponse forecast(ForecastRequest request) {
        return service.forecast(parser.fromBody(request));
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Several forecasts in one call; every item is validated before any is computed")
    public BatchResponse batch(BatchRequest batch) {
        long started = System.nanoTime();
        int max = config.forecast().maxBatch();
        if (batch == null || batch.requests() == null || batch.requests().isEmpty()) {
            throw ProblemException.badRequest("empty-batch", "send {\"requests\": [...]} with 1 to " + max + " forecast requests");
        }
        if (batch.requests().size() > max) {
            throw ProblemException.badRequest("batch-too-large", "a batch holds at most " + max + " requests, got "
                    + batch.requests().size());
        }
        List<ForecastQuery> queries = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < batch.requests().size(); i++) {
            try {
                queries.add(parser.fromBody(batch.requests().get(i)));
            } catch (ProblemException e) {
                errors.add("requests[" + i + "]: " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(422, "invalid-batch", "Unprocessable request",
                    errors.size() + " of " + batch.requests().size() + " requests are invalid; nothing was computed: "
                            + String.join("; ", errors), errors);
        }
        List<ForecastResponse> results = service.forecastAll(queries);
        return new BatchResponse(results, (System.nanoTime() - started) / 1e6);
    }
}
