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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recall@10 and @30 of every approximate index type at the configured default parameters, on real states: one Beijing
 * site, indices built from data before 2016-03-01, queried with states of the following year. Truth is the
 * exact (FlatL2) search over the same vectors.
 */
@QuarkusTest
class RecallAtDefaultsTest {

    private static final Horizon H24 = new Horizon(24);
    private static final Instant SPLIT = Instant.parse("2016-03-01T00:00:00Z");
    private static final int QUERIES = 300;
    /** The original's k of 10 and our default of 30. */
    private static final int[] K = {10, 30};

    @Inject
    IndexLifecycle registry;
    @Inject
    AnalogcastConfig config;

    @TempDir
    Path dir;

    @Test
    void approximateIndicesFindAtLeast95PercentOfTheTrueNearest() throws IOException {
        List<ObservationRecord> all = new ArrayList<>();
        ImportReport report = new BeijingCsvImporter().read(SharedData.beijing(), r -> {
            if (r.stationId().equals("dongsi")) {
                all.add(r);
            }
        });
        Station station = report.stations().get("dongsi");
        HourlySeries full = HourlySeries.of("dongsi", all);
        HourlySeries history = HourlySeries.of("dongsi", all.stream().filter(r -> r.time().isBefore(SPLIT)).toList());

        List<IndexType> approximate = Arrays.stream(IndexType.values()).filter(t -> !t.exact()).toList();
        List<AnalogIndex> indices = new ArrayList<>();
        try (AnalogIndex exact = build(history, station, IndexSpec.flatL2())) {
            for (IndexType type : approximate) {
                indices.add(build(history, station, BuildSettings.configuredSpec(config.index(), type)));
            }
            StateSpace space = exact.stateSpace();
            int first = full.indexOf(SPLIT);
            int step = (full.length() - first - 1) / QUERIES;
            double[][] found = new double[indices.size()][K.length];
            int queries = 0;
            for (int i = first; i < full.length() && queries < QUERIES; i += step) {
                float[] state;
                try {
                    state = space.embedQuery(full, i, station.longitude);
                } catch (IncompleteStateException e) {
                    continue;
                }
                for (int j = 0; j < K.length; j++) {
                    Set<Integer> truth = new HashSet<>();
                    for (int row : exact.search(state, K[j], Instant.MAX).rows()) {
                        truth.add(row);
                    }
                    for (int t = 0; t < indices.size(); t++) {
                        found[t][j] += overlap(truth, indices.get(t).search(state, K[j], Instant.MAX)) / (double) K[j];
                    }
                }
                queries++;
            }
            assertTrue(queries >= QUERIES * 0.9, "enough complete query states: " + queries);
            for (int t = 0; t < indices.size(); t++) {
                for (int j = 0; j < K.length; j++) {
                    double recall = found[t][j] / queries;
                    String spec = indices.get(t).manifest().spec().describe();
                    System.out.printf("recall@%d on %d real states: %s %.3f%n", K[j], queries, spec, recall);
                    assertTrue(recall >= 0.95, spec + " recall@" + K[j] + " " + recall);
                }
            }
        } finally {
            indices.forEach(AnalogIndex::close);
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
