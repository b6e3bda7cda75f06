package io.analogcast.verification;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.analogcast.analog.IndexLifecycle;
import io.analogcast.analog.IndexBuilder.BuildListener;
import io.analogcast.config.AnalogcastConfig;
import io.analogcast.forecast.AnalogMethod;
import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.ObservationStore;
import io.analogcast.observation.Station;
import io.analogcast.variable.Variable;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs evaluations on the served data and keeps the latest report (JSON and HTML) for GET /verification. */
@ApplicationScoped
public class VerificationService {

    public static final String JSON_FILE = "verification.json";
    public static final String HTML_FILE = "verification.html";

    private final AnalogcastConfig config;
    private final ObservationStore store;
    private final IndexLifecycle registry;
    private final ObjectMapper json;
    private final AnalogMethod method;

    public VerificationService(AnalogcastConfig config, ObservationStore store, IndexLifecycle registry,
            ObjectMapper json, AnalogMethod method) {
        this.config = config;
        this.method = method;
        this.store = store;
        this.registry = registry;
        // NaN (a score without cases) is not JSON: write null
        this.json = json.copy().registerModule(new SimpleModule().addSerializer(Double.class, new NanAsNull())
                .addSerializer(double.class, new NanAsNull()).addSerializer(double[].class, new NanArrayAsNulls()));
    }

    /** Settings from the configuration for a period and (empty: all) stations; the k and weighting the service uses. */
    public EvaluationSettings settings(Instant from, Instant to, List<String> stations, Integer strideHours,
            Integer refitDays) {
        AnalogcastConfig.Verification v = config.verification();
        return new EvaluationSettings(from, to, stations, registry.settings().horizons(), v.variables(),
                v.events().stream().map(EventDefinition::parse).toList(),
                strideHours != null ? strideHours : v.strideHours(), refitDays != null ? refitDays : v.refitDays(),
                config.forecast().defaultK(), method, registry.settings(), v.bootstrapSamples(),
                v.seed());
    }

    /** Evaluates, writes verification.json and verification.html to {@code directory}, returns the report. */
    public VerificationReport evaluate(EvaluationSettings settings, Path directory, BuildListener progress) {
        List<Station> stations = store.stations().stream()
                .filter(s -> settings.stations().isEmpty() || settings.stations().contains(s.id)).toList();
        if (stations.isEmpty()) {
            throw new IllegalArgumentException("no stations to evaluate (asked for " + settings.stations()
                    + ", loaded " + store.stations().stream().map(s -> s.id).toList() + ")");
        }
        Map<String, HourlySeries> series = new HashMap<>();
        stations.forEach(s -> series.put(s.id, store.history(s.id)));
        String source = stations.stream().map(s -> s.source).distinct().reduce((a, b) -> a + "," + b).orElse("");
        VerificationReport report = new Evaluation(settings).run(stations, series, source, progress);
        write(report, directory);
        return report;
    }

    public void write(VerificationReport report, Path directory) {
        try {
            Files.createDirectories(directory);
            replace(directory.resolve(JSON_FILE), json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            replace(directory.resolve(HTML_FILE), HtmlReport.render(report));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report to " + directory + ": " + e.getMessage(), e);
        }
    }

    public Optional<String> latest(String file) {
        Path path = Path.of(config.verification().directory()).resolve(file);
        try {
            return Files.isRegularFile(path) ? Optional.of(Files.readString(path)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void replace(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static final class NanAsNull extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value == null || value.isNaN() || value.isInfinite()) {
                gen.writeNull();
            } else {
                gen.writeNumber(value);
            }
        }
    }

    private static final class NanArrayAsNulls extends JsonSerializer<double[]> {
        @Override
        public void serialize(double[] values, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartArray();
            for (double v : values) {
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    gen.writeNull();
                } else {
                    gen.writeNumber(v);
                }
            }
            gen.writeEndArray();
        }
    }
}
