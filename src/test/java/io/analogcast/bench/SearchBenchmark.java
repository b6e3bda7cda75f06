package io.analogcast.bench;

import io.analogcast.SharedData;
import io.analogcast.analog.AnalogIndex;
import io.analogcast.analog.AnalogIndexBuilder;
import io.analogcast.analog.BuildSettings;
import io.analogcast.analog.Horizon;
import io.analogcast.analog.IncompleteStateException;
import io.analogcast.analog.IndexManifest;
import io.analogcast.faiss.IndexSpec;
import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.ObservationRecord;
import io.analogcast.observation.Station;
import io.analogcast.observation.importer.BeijingCsvImporter;
import io.analogcast.observation.importer.ImportReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Single-query analog search latency per index type on one Beijing site (real states, default state space), all
 * measured in one run and reported against FlatIP so that the ratios survive a noisy shared machine.
 * Not a test: run it with the command in docs/benchmarks.md.
 */
public final class SearchBenchmark {

    private static final Horizon H24 = new Horizon(24);
    private static final int WARMUP = 2_000;
    private static final int QUERIES = 20_000;

    public static void main(String[] args) throws Exception {
        String site = args.length > 0 ? args[0] : "dongsi";
        int k = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        List<ObservationRecord> records = new ArrayList<>();
        ImportReport report = new BeijingCsvImporter().read(SharedData.beijing(), r -> {
            if (r.stationId().equals(site)) {
                records.add(r);
            }
        });
        Station station = report.stations().get(site);
        HourlySeries series = HourlySeries.of(site, records);
        List<IndexSpec> specs = List.of(IndexSpec.flatIp(), IndexSpec.flatL2(), IndexSpec.ivfpq(64, 0, 8, 8),
                IndexSpec.hnsw(32, 80, 64));
        Path dir = Files.createTempDirectory("analogcast-bench");
        List<AnalogIndex> indices = new ArrayList<>();
        for (IndexSpec spec : specs) {
            BuildSettings settings = TunedState.settings(Map.of(H24, spec));
            Path out = dir.resolve(spec.type().name());
            long started = System.nanoTime();
            IndexManifest manifest = new AnalogIndexBuilder(settings).build(series, station, H24, out, "bench", "bench",
                    f -> { });
            System.out.printf("built %-45s %6d vectors in %5.1f s%n", manifest.spec().describe(), manifest.rows(),
                    (System.nanoTime() - started) / 1e9);
            AnalogIndexBuilder.Files3 files = AnalogIndexBuilder.Files3.in(out, station.id, H24);
            indices.add(AnalogIndex.open(files.faiss(), files.sidecar(), manifest, true));
        }
        // query states: every hour of the series that has one, cycled
        List<float[]> states = new ArrayList<>();
        for (int i = 5; i < series.length(); i += 7) {
            try {
                states.add(indices.get(0).stateSpace().embedQuery(series, i, station.longitude));
            } catch (IncompleteStateException e) {
                // gap in the record: not a query
            }
        }
        System.out.printf("%nsingle-query search, k=%d, %d queries each, interleaved rounds (microseconds)%n", k, QUERIES);
        long[][] samples = new long[indices.size()][QUERIES];
        for (int q = -WARMUP; q < QUERIES; q++) {
            float[] state = states.get(Math.floorMod(q, states.size()));
            for (int t = 0; t < indices.size(); t++) {
                long started = System.nanoTime();
                indices.get(t).search(state, k, Instant.MAX);
                long elapsed = System.nanoTime() - started;
                if (q >= 0) {
                    samples[t][q] = elapsed;
                }
            }
        }
        double baseline = median(samples[0]);
        System.out.printf("%-45s %9s %9s %9s %12s%n", "index", "p50", "p95", "p99", "p50/FlatIP");
        for (int t = 0; t < indices.size(); t++) {
            long[] s = samples[t];
            Arrays.sort(s);
            System.out.printf("%-45s %9.1f %9.1f %9.1f %12.2f%n", indices.get(t).manifest().spec().describe(),
                    s[s.length / 2] / 1e3, s[(int) (s.length * 0.95)] / 1e3, s[(int) (s.length * 0.99)] / 1e3,
                    s[s.length / 2] / baseline);
            indices.get(t).close();
        }
    }

    private static double median(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy[copy.length / 2];
    }
}
