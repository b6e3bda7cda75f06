package io.analogcast.observation;

import com.fasterxml.jackson.databind.JsonNode;
import io.analogcast.error.ProblemException;
import io.analogcast.error.RequestTimes;
import io.analogcast.variable.Variable;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Observations in and out: upsert by station + time, and paged listings. */
@Path("/observations")
@Produces(MediaType.APPLICATION_JSON)
public class ObservationResource {

    private static final Instant EARLIEST = Instant.parse("1800-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private final IngestService ingest;
    private final ObservationStore store;
    private final ObservationWriter observations;

    public ObservationResource(IngestService ingest, ObservationStore store, ObservationWriter observations) {
        this.ingest = ingest;
        this.store = store;
        this.observations = observations;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upsert one observation or an array (canonical fields: station, time, t2m, ...)")
    public IngestService.Result postJson(JsonNode body) {
        return ingest.ingestJson(body);
    }

    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Operation(summary = "Upsert observations from canonical CSV (docs/data-format.md)")
    public IngestService.Result postCsv(InputStream body) {
        return ingest.ingestCsv(body);
    }

    /** An observation as listed: time and the stored values that are present. */
    public record ObservationView(String station, Instant time, Map<String, Float> values) {
        static ObservationView of(ObservationRecord r) {
            Map<String, Float> values = new LinkedHashMap<>();
            for (Variable v : Variable.STORED) {
                float x = r.values()[v.column()];
                if (!Float.isNaN(x)) {
                    values.put(v.id(), x);
                }
            }
            return new ObservationView(r.stationId(), r.time(), values);
        }
    }

    @GET
    @Operation(summary = "Observations of a station in [from, to), oldest first, paged (size 100 by default, 1000 at most)")
    public Page<ObservationView> list(@QueryParam("station") String station, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("page") String page, @QueryParam("size") String size) {
        if (station == null || station.isBlank()) {
            throw ProblemException.badRequest("missing-station", "station is required");
        }
        if (store.station(station).isEmpty()) {
            throw ProblemException.notFound("unknown-station", "unknown station '" + station + "'");
        }
        Instant start = time(from, "from", EARLIEST);
        Instant end = time(to, "to", LATEST);
        if (!start.isBefore(end)) {
            throw ProblemException.badRequest("invalid-range", "from must be before to");
        }
        PageRequest request = PageRequest.parse(page, size);
        Page<ObservationRecord> records = observations.page(station, start, end, request, p -> "/observations?station="
                + encode(station) + (from == null ? "" : "&from=" + encode(from)) + (to == null ? "" : "&to=" + encode(to))
                + "&page=" + p + "&size=" + request.size());
        return new Page<>(records.items().stream().map(ObservationView::of).toList(), records.page(), records.size(),
                records.total(), records.next(), records.prev());
    }

    private static Instant time(String text, String name, Instant fallback) {
        Instant time = RequestTimes.parse(text, name);
        return time == null ? fallback : time;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
