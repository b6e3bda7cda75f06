package io.analogcast.analog;

import io.analogcast.SharedData;
import io.analogcast.config.AnalogcastConfig;
import io.analogcast.faiss.IndexSpec;
import io.analogcast.faiss.IndexType;
import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.ObservationRecord;
import io.analogcast.observation.Station;
import io.analogcast.observation.importer.BeijingCsvImporter;
import io.analogcast.observation.importer.ImportReport;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recall@10 of the approximate index types at the configured default parameters, on real states: one Beijing
 * site, indices built from data before 2016-03-01, queried with states of the following year. Truth is the
 * exact (FlatL2) search over the same vectors.
 */
@QuarkusTest
class RecallAtDefaultsTest {

    private static final Horizon H24 = new Horizon(24);
    private static final Instant SPLIT = Instant.parse("2016-03-01T00:00:00Z");
    private static final int QUERIES = 300;

    @Inject
    IndexLifecycle registry;
    @Inject
    AnalogcastConfig config;

    @TempDir
    Path dir;

    @Test
    void approximateIndicesFindAtLeast90PercentOfTheTrueTenNearest() throws IOException {
        List<ObservationRecord> all = new ArrayList<>();
        ImportReport report = new BeijingCsvImporter().read(SharedData.beijing(), r -> {
            if (r.stationId().equals("dongsi")) {
                all.add(r);
            }
        });
        Station station = report.stations().get("dongsi");
        HourlySeries full = HourlySeries.of("dongsi", all);
        HourlySeries history = HourlySeries.of("dongsi", all.stream().filter(r -> r.time().isBefore(SPLIT)).toList());

        IndexSpec ivfpq = IndexLifecycle.configuredSpec(config.index(), IndexType.IVFPQ);
        IndexSpec hnsw = IndexLifecycle.configuredSpec(config.index(), IndexType.HNSW);
        try (AnalogIndex exact = build(history, station, IndexSpec.flatL2());
                AnalogIndex approximateIvf = build(history, station, ivfpq);
                AnalogIndex approximateHnsw = build(history, station, hnsw)) {
            StateSpace space = exact.stateSpace();
            int first = full.indexOf(SPLIT);
            int step = (full.length() - first - 1) / QUERIES;
            double ivfFound = 0;
            double hnswFound = 0;
            int queries = 0;
            for (int i = first; i < full.length() && queries < QUERIES; i += step) {
                float[] state;
                try {
                    state = space.embedQuery(full, i, station.longitude);
                } catch (IncompleteStateException e) {
                    continue;
                }
                Set<Integer> truth = new HashSet<>();
                for (int row : exact.search(state, 10, Instant.MAX).rows()) {
                    truth.add(row);
                }
                ivfFound += overlap(truth, approximateIvf.search(state, 10, Instant.MAX));
                hnswFound += overlap(truth, approximateHnsw.search(state, 10, Instant.MAX));
                queries++;
            }
            double ivfRecall = ivfFound / (10.0 * queries);
            double hnswRecall = hnswFound / (10.0 * queries);
            System.out.printf("recall@10 on %d real states: %s %.3f, %s %.3f%n", queries,
                    approximateIvf.manifest().spec().describe(), ivfRecall, hnsw.describe(), hnswRecall);
            assertTrue(queries >= QUERIES * 0.9, "enough complete query states: " + queries);
            assertTrue(ivfRecall >= 0.9, "IVFPQ recall@10 " + ivfRecall);
            assertTrue(hnswRecall >= 0.9, "HNSW recall@10 " + hnswRecall);
        }
    }

    private static int overlap(Set<Integer> truth, Analogs found) {
        int n = 0;
        for (int row : found.rows()) {
            if (truth.contains(row)) {
                n++;
            }
        }
        return n;
    }

    private AnalogIndex build(HourlySeries series, Station station, IndexSpec spec) throws IOException {
        BuildSettings defaults = registry.settings();
        BuildSettings settings = new BuildSettings(defaults.predictors(), defaults.windowHours(),
                defaults.predictorWeights(), defaults.timeEncodingWeight(), Map.of(H24, spec));
        Path buildDir = dir.resolve(spec.type().name());
        IndexManifest manifest = new AnalogIndexBuilder(settings).build(series, station, H24, buildDir, "recall",
                "fp", f -> { });
        AnalogIndexBuilder.Files3 files = AnalogIndexBuilder.Files3.in(buildDir, station.id, H24);
        return AnalogIndex.open(files.faiss(), files.sidecar(), manifest, true);
    }
}
