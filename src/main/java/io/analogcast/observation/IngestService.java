package io.analogcast.observation;

import com.fasterxml.jackson.databind.JsonNode;
import io.analogcast.error.ProblemException;
import io.analogcast.metrics.ServiceMetrics;
import io.analogcast.observation.importer.CanonicalCsvImporter;
import io.analogcast.observation.importer.ImportFormatException;
import io.analogcast.observation.importer.ImportReport;
import io.analogcast.observation.importer.ObservationImporter;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ingestion through the API: canonical rows as JSON objects or CSV, validated row by row, upserted on
 * station + time and merged into the serving data (they become the current state for forecasts; the store
 * announces them, so the cache and the analog libraries follow). The report accounts for every row.
 */
@ApplicationScoped
public class IngestService {

    /** Rows per request; larger loads go through the importer at boot or several requests. */
    public static final int MAX_ROWS = 100_000;

    public record Result(long rows, long accepted, long rejected, long valuesRejected, long valuesMissing,
            List<ImportReport.Problem> problems, boolean problemsTruncated) {
    }

    private final ObservationStore store;
    private final ServiceMetrics metrics;

    public IngestService(ObservationStore store, ServiceMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /** One JSON object or an array of them; positions in the report are 1-based array indices. */
    public Result ingestJson(JsonNode body) {
        if (body == null || !(body.isObject() || body.isArray())) {
            throw ProblemException.badRequest("invalid-body", "send one observation object or an array of them");
        }
        List<JsonNode> items = new ArrayList<>();
        body.forEach(items::add);
        if (body.isObject()) {
            items = List.of(body);
        }
        checkSize(items.size());
        CanonicalCsvImporter importer = new CanonicalCsvImporter();
        ImportReport report = new ImportReport("json");
        List<ObservationRecord> records = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                report.countLine();
                report.rejectRow(i + 1, "item is not a JSON object");
                continue;
            }
            ObservationRecord record = importer.readRecord(fields(item), i + 1, report);
            if (record != null) {
                records.add(record);
            }
        }
        return store(report, records);
    }

    /** Canonical CSV text; positions in the report are line numbers. */
    public Result ingestCsv(InputStream body) {
        List<ObservationRecord> records = new ArrayList<>();
        ImportReport report;
        try (BufferedReader in = CanonicalCsvImporter.open(body)) {
            report = new CanonicalCsvImporter().read(in, r -> {
                records.add(r);
                checkSize(records.size());
            });
        } catch (ImportFormatException e) {
            throw ProblemException.badRequest("invalid-csv", e.getMessage());
        } catch (IOException e) {
            throw ProblemException.badRequest("invalid-csv", "could not read the CSV body: " + e.getMessage());
        }
        return store(report, records);
    }

    /**
     * Imports a whole file in one of the importers' formats (boot seeding, the {@code import} command), keeping
     * only the given stations when the set is not empty. Problems are logged, the report returned.
     */
    public ImportReport importFile(ObservationImporter importer, Path file, Set<String> stations) {
        List<ObservationRecord> records = new ArrayList<>();
        long started = System.nanoTime();
        try {
            ImportReport report = importer.read(file, r -> {
                if (stations.isEmpty() || stations.contains(r.stationId())) {
                    records.add(r);
                }
            });
            List<Station> kept = report.stations().values().stream()
                    .filter(s -> stations.isEmpty() || stations.contains(s.id)).toList();
            long parsed = System.nanoTime();
            store.ingest(kept, records);
            metrics.imported(report);
            Log.infof("imported %s: %s; %d rows stored (read %.1f s, database %.1f s)", file, report, records.size(),
                    (parsed - started) / 1e9, (System.nanoTime() - parsed) / 1e9);
            report.problems().stream().limit(20).forEach(p -> Log.warnf("  line %d%s: %s", p.line(),
                    p.variable() == null ? "" : " (" + p.variable() + ")", p.message()));
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private Result store(ImportReport report, List<ObservationRecord> records) {
        if (report.dataLines() == 0) {
            throw ProblemException.badRequest("empty-body", "no observations in the request");
        }
        if (!records.isEmpty()) {
            store.ingest(report.stations().values(), records);
        }
        metrics.imported(report);
        Result result = new Result(report.dataLines(), report.rowsAccepted(), report.rowsRejected(),
                report.valuesRejected(), report.valuesMissing(), report.problems(), report.problemsTruncated());
        if (records.isEmpty()) {
            List<String> errors = report.problems().stream().map(p -> "row " + p.line()
                    + (p.variable() == null ? "" : " (" + p.variable() + ")") + ": " + p.message()).toList();
            throw new ProblemException(422, "no-valid-rows", "Unprocessable request",
                    "none of the " + report.dataLines() + " rows is valid; nothing was stored", errors);
        }
        return result;
    }

    private static void checkSize(int rows) {
        if (rows > MAX_ROWS) {
            throw ProblemException.badRequest("too-many-rows", "at most " + MAX_ROWS + " rows per request");
        }
    }

    private static Map<String, String> fields(JsonNode item) {
        Map<String, String> fields = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = item.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            // numbers and strings as written; anything else as its JSON text, which no field accepts
            fields.put(field.getKey(), value.isNull() ? "" : value.isTextual() ? value.asText()
                    : value.isNumber() ? value.numberValue().toString() : value.toString());
        }
        return fields;
    }
}
