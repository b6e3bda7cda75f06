package io.analogcast.analog;

import io.analogcast.demo.SyntheticWeatherGenerator;
import io.analogcast.faiss.IndexSpec;
import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.ObservationRecord;
import io.analogcast.observation.Station;
import io.analogcast.variable.Variable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Index build, sidecar and the look-ahead guard on two years of synthetic data, for every index type. */
class AnalogIndexTest {

    private static final Horizon H24 = new Horizon(24);
    private static final List<Variable> PREDICTORS = List.of(Variable.T2M, Variable.D2M, Variable.MSL, Variable.U10,
            Variable.V10);
    private static HourlySeries series;
    private static Station station;

    @TempDir
    static Path dir;

    @BeforeAll
    static void data() {
        series = HourlySeries.of(SyntheticWeatherGenerator.STATION_ID, new SyntheticWeatherGenerator(7).generate(2020, 2));
        station = SyntheticWeatherGenerator.station();
    }

    private static AnalogIndex build(IndexSpec spec, String name) throws IOException {
        BuildSettings settings = new BuildSettings(PREDICTORS, 6, Map.of("t2m", 2.0), 1.0, Map.of(H24, spec));
        Path buildDir = dir.resolve(name);
        IndexManifest manifest = new AnalogIndexBuilder(settings).build(series, station, H24, buildDir, name, "fp",
                f -> { });
        assertNotNull(manifest);
        AnalogIndexBuilder.Files3 files = AnalogIndexBuilder.Files3.in(buildDir, station.id, H24);
        return AnalogIndex.open(files.faiss(), files.sidecar(), manifest, true);
    }

    @Test
    void eachStationIsAnchoredOnItsOwnHistoryAtEachHorizon() throws IOException {
        Horizon h6 = new Horizon(6);
        BuildSettings settings = new BuildSettings(PREDICTORS, 6, Map.of(), 1.0,
                Map.of(H24, IndexSpec.flatL2(), h6, IndexSpec.flatL2()), BuildSettings.DEFAULT_PREDICTOR_COVERAGE,
                List.of(Variable.T2M));
        HourlySeries other = HourlySeries.of("other", new SyntheticWeatherGenerator(8).generate(2019, 2));
        // one builder for two stations, as a build uses it: the second station's climatology is its own
        AnalogIndexBuilder shared = new AnalogIndexBuilder(settings);
        shared.build(series, station, H24, dir.resolve("anchors-a"), "a", "fp", f -> { });
        for (Horizon h : List.of(H24, h6)) {
            BlendAnchor served = shared.build(other, station, h, dir.resolve("anchors-b-" + h), "b", "fp", f -> { })
                    .anchor(Variable.T2M).orElseThrow();
            BlendAnchor alone = BlendAnchor.fit(other, Variable.T2M, h.hours());
            assertArrayEquals(alone.coefficients(), served.coefficients(), h.toString());
            assertArrayEquals(alone.weights(), served.weights(), h.toString());
        }
    }

    @Test
    void flatIndexRanksLikeBruteForceEuclideanDistance() throws IOException {
        for (IndexSpec spec : new IndexSpec[] {IndexSpec.flatIp(), IndexSpec.flatL2()}) {
            try (AnalogIndex index = build(spec, spec.type().name())) {
                StateSpace space = index.stateSpace();
                int rows = (int) index.vectors();
                // every row's state and time, recomputed in Java the way the builder enumerates them
                float[][] states = new float[rows][];
                long[] times = new long[rows];
                int row = 0;
                for (int i = 0; i + 24 < series.length(); i++) {
                    float[] s = new float[space.dimension()];
                    if (space.embedStrict(series, i, station.longitude, s)) {
                        times[row] = series.time(i).getEpochSecond();
                        states[row++] = s;
                    }
                }
                assertEquals(rows, row);
                int queryIndex = series.length() - 100;
                float[] query = space.embedQuery(series, queryIndex, station.longitude);
                Instant notAfter = series.time(queryIndex).minusSeconds(H24.seconds());
                Analogs analogs = index.search(query, 15, notAfter);

                double[] distances = new double[rows];
                for (int r = 0; r < rows; r++) {
                    double d = 0;
                    for (int j = 0; j < query.length; j++) {
                        d += Math.pow(states[r][j] - query[j], 2);
                    }
                    distances[r] = Math.sqrt(d);
                }
                int[] expected = IntStream.range(0, rows).filter(r -> times[r] <= notAfter.getEpochSecond())
                        .boxed().sorted(Comparator.comparingDouble(r -> distances[r])).limit(15)
                        .mapToInt(Integer::intValue).toArray();
                assertArrayEquals(expected, analogs.rows(), spec.describe());
                for (int i = 0; i < analogs.size(); i++) {
                    assertEquals(distances[expected[i]], analogs.distances()[i], 1e-3, spec.describe() + " distance " + i);
                    assertEquals(times[expected[i]], analogs.epochSeconds()[i]);
                }
            }
        }
    }

    @Test
    void noAnalogComesFromAfterQueryTimeMinusHorizon() throws IOException {
        for (IndexSpec spec : new IndexSpec[] {IndexSpec.flatIp(), IndexSpec.ivfpq(32, 0, 8, 8),
                IndexSpec.ivfFlat(32, 8), IndexSpec.hnsw(16, 40, 32)}) {
            try (AnalogIndex index = build(spec, "guard-" + spec.type().name())) {
                StateSpace space = index.stateSpace();
                // a state early in the history: most of the index lies after it
                int queryIndex = 24 * 60;
                Instant stateTime = series.time(queryIndex);
                Instant notAfter = stateTime.minusSeconds(H24.seconds());
                Analogs analogs = index.search(space.embedQuery(series, queryIndex, station.longitude), 20, notAfter);
                assertEquals(20, analogs.size(), spec.describe());
                for (long t : analogs.epochSeconds()) {
                    assertTrue(t <= notAfter.getEpochSecond(), spec.describe() + ": analog at "
                            + Instant.ofEpochSecond(t) + " is after " + notAfter);
                }
                // without the guard the same state finds analogs later in the history
                Analogs unguarded = index.search(space.embedQuery(series, queryIndex, station.longitude), 20, Instant.MAX);
                assertTrue(Arrays.stream(unguarded.epochSeconds()).anyMatch(t -> t > notAfter.getEpochSecond()));
            }
        }
    }

    @Test
    void aStateEarlyInTheHistoryFindsItsFewAnalogsInAnInvertedFile() throws IOException {
        // two of 64 lists probed: the 40-odd rows allowed this early lie mostly in lists a normal search skips
        try (AnalogIndex ivf = build(IndexSpec.ivfFlat(64, 2), "early-ivf");
                AnalogIndex exact = build(IndexSpec.flatL2(), "early-exact")) {
            int queryIndex = 24 + 48;
            Instant notAfter = series.time(queryIndex).minusSeconds(H24.seconds());
            float[] state = exact.stateSpace().embedQuery(series, queryIndex, station.longitude);
            Analogs expected = exact.search(state, 30, notAfter);
            Analogs found = ivf.search(ivf.stateSpace().embedQuery(series, queryIndex, station.longitude), 30, notAfter);
            assertTrue(expected.size() >= 30, "rows allowed: " + expected.size());
            assertArrayEquals(expected.epochSeconds(), found.epochSeconds());
        }
    }

    @Test
    void aBatchedSearchFindsWhatEachStateFindsAlone() throws IOException {
        for (IndexSpec spec : new IndexSpec[] {IndexSpec.flatL2(), IndexSpec.ivfFlat(32, 4), IndexSpec.ivfpq(32, 0, 8, 4),
                IndexSpec.hnsw(16, 40, 32)}) {
            try (AnalogIndex index = build(spec, "batch-" + spec.type().name())) {
                // states across the history, whose look-ahead guards allow very different numbers of rows (each
                // searched alone), and runs of consecutive hours early, in the middle and late (searched together;
                // the earliest allow fewer rows than the batch asks for: searched again on its own)
                IntStream hours = IntStream.concat(IntStream.iterate(24 + 30, i -> i < series.length() - 24, i -> i + 997),
                        IntStream.of(24 + 30, 24 + 31, 24 + 32, 9000, 9001, 9002, 9003, 9004, 9005, 9040,
                                series.length() - 30, series.length() - 29, series.length() - 25));
                List<AnalogIndex.Query> queries = hours
                        .mapToObj(i -> new AnalogIndex.Query(index.stateSpace().embedQuery(series, i, station.longitude),
                                i % 2 == 0 ? 30 : 12, series.time(i).minusSeconds(H24.seconds())))
                        .toList();
                for (int separation : new int[] {0, 6}) {
                    List<Analogs> batched = index.search(queries, separation);
                    assertEquals(queries.size(), batched.size());
                    for (int q = 0; q < queries.size(); q++) {
                        AnalogIndex.Query query = queries.get(q);
                        Analogs alone = index.search(query.state(), query.k(), query.notAfter(), separation);
                        String what = spec.describe() + ", separation " + separation + ", query " + q;
                        assertArrayEquals(alone.rows(), batched.get(q).rows(), what);
                        assertArrayEquals(alone.distances(), batched.get(q).distances(), what);
                    }
                }
            }
        }
    }

    @Test
    void outcomesAreTheObservationsHorizonHoursLater() throws IOException {
        try (AnalogIndex index = build(IndexSpec.flatL2(), "outcomes")) {
            Analogs analogs = index.search(index.stateSpace().embedQuery(series, 5000, station.longitude), 10, Instant.MAX);
            for (int i = 0; i < analogs.size(); i++) {
                int hour = series.indexOf(Instant.ofEpochSecond(analogs.epochSeconds()[i]));
                for (Variable v : List.of(Variable.T2M, Variable.MSL, Variable.PRECIP, Variable.TP6H, Variable.WSPD)) {
                    assertEquals(series.value(v, hour + 24), index.outcome(analogs.rows()[i], v), 1e-4, v.id());
                }
            }
            assertTrue(index.manifest().typicalDistance() > 0);
            assertEquals(index.vectors(), index.manifest().rows());
        }
    }

    @Test
    void aStationMissingAPredictorGetsNoIndexInsteadOfFailingTheBuild() throws IOException {
        java.util.List<io.analogcast.observation.ObservationRecord> one = new java.util.ArrayList<>();
        float[] values = io.analogcast.observation.ObservationRecord.emptyValues();
        values[Variable.T2M.column()] = 1;
        one.add(new io.analogcast.observation.ObservationRecord("sparse", Instant.parse("2020-01-01T00:00:00Z"), values));
        BuildSettings settings = new BuildSettings(PREDICTORS, 6, Map.of(), 1.0, Map.of(H24, IndexSpec.flatL2()));
        assertEquals(null, new AnalogIndexBuilder(settings).build(HourlySeries.of("sparse", one),
                new Station("sparse", "sparse", null, null, "api"), H24, dir.resolve("sparse"), "b", "fp", f -> { }));
    }

    @Test
    void aStationWithoutPressureIsSearchedOnTheOtherPredictors() throws IOException {
        List<ObservationRecord> noPressure = new SyntheticWeatherGenerator(7).generate(2020, 2).stream().map(r -> {
            float[] values = r.values().clone();
            values[Variable.MSL.column()] = Float.NaN;
            return new ObservationRecord("no-msl", r.time(), values);
        }).toList();
        BuildSettings settings = new BuildSettings(PREDICTORS, 3, Map.of(), 1.0, Map.of(H24, IndexSpec.flatL2()));
        HourlySeries withoutMsl = HourlySeries.of("no-msl", noPressure);
        assertEquals(List.of(Variable.T2M, Variable.D2M, Variable.U10, Variable.V10), settings.predictorsFor(withoutMsl));
        IndexManifest manifest = new AnalogIndexBuilder(settings).build(withoutMsl,
                new Station("no-msl", "no-msl", null, null, "api"), H24, dir.resolve("no-msl"), "b", "fp", f -> { });
        assertNotNull(manifest, "an index on the four predictors it observes");
        assertEquals(List.of("t2m", "d2m", "u10", "v10"), manifest.predictors());
        assertEquals(4 * 3 + 4, manifest.stateDimension());

        List<ObservationRecord> windOnly = noPressure.stream().map(r -> {
            float[] values = ObservationRecord.emptyValues();
            values[Variable.WSPD.column()] = r.values()[Variable.WSPD.column()];
            return new ObservationRecord("wind-speed-only", r.time(), values);
        }).toList();
        HourlySeries nothingUsable = HourlySeries.of("wind-speed-only", windOnly);
        assertEquals(List.of(), settings.predictorsFor(nothingUsable));
        assertTrue(settings.noPredictorsReason(nothingUsable).contains("msl 0%"), settings.noPredictorsReason(nothingUsable));
        assertEquals(null, new AnalogIndexBuilder(settings).build(nothingUsable, new Station("wind-speed-only",
                "w", null, null, "api"), H24, dir.resolve("wind"), "b", "fp", f -> { }));
    }
}
