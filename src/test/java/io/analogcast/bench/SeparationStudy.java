package io.analogcast.bench;

import io.analogcast.analog.AnalogIndex;
import io.analogcast.analog.AnalogIndexBuilder;
import io.analogcast.analog.Analogs;
import io.analogcast.analog.BuildSettings;
import io.analogcast.analog.Horizon;
import io.analogcast.analog.IndexManifest;
import io.analogcast.demo.SyntheticWeatherGenerator;
import io.analogcast.faiss.IndexSpec;
import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.Station;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How many nearest candidates a search must return so that {@code k} of them lie {@code separation} hours apart
 * (the 24 h and 48 h separation step), on the demo's six synthetic years with the default state space and exact
 * search: the figures behind asking FAISS for 8 x k candidates once. Not a test: docs/performance.md gives the
 * command. Arguments: k (30), separation hours (6), horizon hours (24).
 */
public final class SeparationStudy {

    private static final int QUERIES = 1000;

    public static void main(String[] args) throws Exception {
        int k = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int separationHours = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        Horizon horizon = new Horizon(args.length > 2 ? Integer.parseInt(args[2]) : 24);
        HourlySeries series = HourlySeries.of(SyntheticWeatherGenerator.STATION_ID,
                new SyntheticWeatherGenerator(20240601L).generate(2018, 6));
        Station station = SyntheticWeatherGenerator.station();
        BuildSettings settings = TunedState.settings(Map.of(horizon, IndexSpec.flatL2()));
        Path dir = Files.createTempDirectory("analogcast-separation");
        IndexManifest manifest = new AnalogIndexBuilder(settings).build(series, station, horizon, dir, "study", "study",
                f -> { });
        AnalogIndexBuilder.Files3 files = AnalogIndexBuilder.Files3.in(dir, station.id, horizon);
        int[] needed = new int[QUERIES];
        int queries = 0;
        try (AnalogIndex index = AnalogIndex.open(files.faiss(), files.sidecar(), manifest, false)) {
            int step = series.length() / QUERIES;
            for (int i = 100; i < series.length() && queries < QUERIES; i += step) {
                Analogs nearest = index.search(index.stateSpace().embedQuery(series, i, station.longitude), 40 * k,
                        Instant.MAX);
                needed[queries++] = candidatesUntilSeparated(nearest.epochSeconds(), k, separationHours * 3600L);
            }
        }
        int[] sorted = Arrays.copyOf(needed, queries);
        Arrays.sort(sorted);
        System.out.printf("%d queries, k=%d, %d h apart, %s: candidates needed p50 %d, p90 %d, p99 %d, max %d "
                + "(%.1f x k at most)%n", queries, k, separationHours, horizon, sorted[queries / 2],
                sorted[queries * 9 / 10], sorted[queries * 99 / 100], sorted[queries - 1], sorted[queries - 1] / (double) k);
    }

    /** Candidates taken, nearest first, until {@code k} are at least {@code separationSeconds} apart. */
    private static int candidatesUntilSeparated(long[] times, int k, long separationSeconds) {
        List<Long> chosen = new ArrayList<>();
        int used = 0;
        for (int j = 0; j < times.length && chosen.size() < k; j++) {
            used++;
            long t = times[j];
            if (chosen.stream().allMatch(c -> Math.abs(c - t) >= separationSeconds)) {
                chosen.add(t);
            }
        }
        return used;
    }
}
