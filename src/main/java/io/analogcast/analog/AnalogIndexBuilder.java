package io.analogcast.analog;

import io.analogcast.faiss.FaissIndex;
import io.analogcast.faiss.IndexSpec;
import io.analogcast.faiss.IndexType;
import io.analogcast.faiss.SearchHits;
import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.Station;
import io.analogcast.variable.Variable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * Builds one station's index for one horizon: state vectors of every hour with a complete window (rows in time
 * order, so FAISS id = row = time rank), outcomes at t + horizon, then the FAISS file, the sidecar and the
 * manifest. One build at a time: it remembers the climatologies of the series it last built from.
 */
public final class AnalogIndexBuilder {

    /** Outcome variables need at least this much coverage to be forecast from a station's data. */
    static final double MIN_OUTCOME_COVERAGE = 0.05;
    /** Rows sampled to estimate the typical analog distance (used by the confidence score). */
    private static final int TYPICAL_SAMPLE = 200;
    private static final int TYPICAL_K = 20;
    private static final long ADD_CHUNK = 8192;
    /**
     * Inverted-file training sample: at least this many rows (IVFPQ's 256 PQ centroids want >= 39 points each), and
     * 40 per list when there are more lists; more only slows k-means down.
     */
    static final int MIN_TRAINING_ROWS = 10_000;
    /**
     * The configured inverted lists suit a library of up to this many rows (the demo's six years are 52,576); a larger
     * one gets proportionally more lists, so a search probing the same number of lists scans about as many rows at
     * any size (docs/performance.md: the FAISS study and the growth study).
     */
    static final int ROWS_FOR_CONFIGURED_LISTS = 65_536;
    private static final int MAX_LISTS = 65_536;

    private final BuildSettings settings;
    /** Queries for the recall measurement of approximate indices; 0 measures nothing (evaluation builds). */
    private final int recallSample;
    private final int recallK;
    /**
     * The climatologies of the series last built from: a station's horizons are built one after the other from the
     * same series, and its climatology does not depend on the horizon (it is most of an anchor's fitting).
     */
    private HourlySeries climatologySeries;
    private final java.util.Map<Variable, BlendAnchor.Climatology> climatologies = new java.util.HashMap<>();

    public AnalogIndexBuilder(BuildSettings settings) {
        this(settings, 0, 0);
    }

    /** A builder that measures recall@{@code recallK} of approximate indices on {@code recallSample} own states. */
    public AnalogIndexBuilder(BuildSettings settings, int recallSample, int recallK) {
        this.settings = settings;
        this.recallSample = recallSample;
        this.recallK = recallK;
    }

    public record Files3(Path faiss, Path sidecar, Path manifest) {
        public static Files3 in(Path directory, String stationId, Horizon horizon) {
            Path stationDir = directory.resolve(stationId);
            return new Files3(stationDir.resolve(horizon + ".faiss"), stationDir.resolve(horizon + ".sidecar"),
                    stationDir.resolve(horizon + ".json"));
        }
    }

    /**
     * Builds and writes the index; {@code progress} receives the fraction done (0..1).
     *
     * @return the manifest, or null when the station has too little complete data for this horizon
     */
    public IndexManifest build(HourlySeries series, Station station, Horizon horizon, Path buildDirectory,
            String buildId, String dataFingerprint, DoubleConsumer progress) throws IOException {
        long started = System.currentTimeMillis();
        List<Variable> predictors = settings.predictorsFor(series);
        if (predictors.isEmpty()) {
            return null;
        }
        StateSpace space;
        try {
            space = StateSpace.fit(series, predictors, settings.windowHours(), settings.predictorWeights(),
                    settings.timeEncodingWeight());
        } catch (IncompleteStateException e) {
            return null;
        }
        List<Variable> outcomes = Arrays.stream(Variable.values())
                .filter(v -> series.coverage(v) >= MIN_OUTCOME_COVERAGE).toList();
        int dim = space.dimension();

        // rows: every hour with a complete state whose outcome hour lies inside the series
        int last = series.length() - 1 - horizon.hours();
        float[] state = new float[dim];
        List<float[]> states = new ArrayList<>();
        List<Integer> hours = new ArrayList<>();
        for (int i = settings.windowHours() - 1; i <= last; i++) {
            if (space.embedStrict(series, i, station.longitude, state)) {
                states.add(state.clone());
                hours.add(i);
            }
        }
        int rows = states.size();
        if (rows < BuildSettings.MIN_ROWS) {
            return null;
        }
        IndexSpec spec = fitSpec(settings.spec(horizon), rows, dim);
        VectorLayout layout = VectorLayout.of(spec, dim);
        int indexDim = layout.indexDimension();
        float[] vectors = new float[rows * indexDim];
        long[] times = new long[rows];
        float[] outcomeValues = new float[rows * outcomes.size()];
        float[] ownValues = new float[rows * outcomes.size()];
        for (int r = 0; r < rows; r++) {
            layout.toStored(states.get(r), vectors, r * indexDim);
            int hour = hours.get(r);
            times[r] = series.time(hour).getEpochSecond();
            for (int c = 0; c < outcomes.size(); c++) {
                outcomeValues[r * outcomes.size() + c] = (float) series.value(outcomes.get(c), hour + horizon.hours());
                ownValues[r * outcomes.size() + c] = (float) series.value(outcomes.get(c), hour);
            }
        }
        progress.accept(0.1);

        Files3 files = Files3.in(buildDirectory, station.id, horizon);
        Files.createDirectories(files.faiss().getParent());
        double typical;
        String faissClass;
        Double recall = null;
        try (FaissIndex index = FaissIndex.create(spec, indexDim)) {
            trainOnSample(index, spec, vectors, rows, indexDim);
            progress.accept(spec.type().invertedFile() ? 0.5 : 0.2);
            for (long start = 0; start < rows; start += ADD_CHUNK) {
                int n = (int) Math.min(ADD_CHUNK, rows - start);
                index.add(Arrays.copyOfRange(vectors, (int) (start * indexDim), (int) ((start + n) * indexDim)), n);
                progress.accept(0.5 + 0.4 * (start + n) / rows);
            }
            typical = typicalDistance(index, layout, states);
            if (recallSample > 0 && !spec.type().exact()) {
                recall = recall(index, layout, states, Math.min(recallK, rows));
            }
            index.write(files.faiss());
            faissClass = index.faissClass();
        }
        Sidecar.write(files.sidecar(), times, outcomeValues, ownValues, outcomes.size());
        java.util.Map<String, BlendAnchor> anchors = anchors(series, horizon, outcomes);
        progress.accept(1.0);

        return new IndexManifest(buildId, station.id, horizon.hours(), spec, faissClass, rows,
                Instant.ofEpochSecond(times[0]), Instant.ofEpochSecond(times[rows - 1]),
                space.predictors().stream().map(Variable::id).toList(), space.window(), space.weights(),
                space.timeWeight(), space.means(), space.stds(), dim, indexDim,
                outcomes.stream().map(Variable::id).toList(), typical, dataFingerprint, settings.hash(),
                station.source, Instant.now(), System.currentTimeMillis() - started, crc32c(files.faiss()),
                crc32c(files.sidecar()), recall, recall == null ? 0 : Math.min(recallK, rows), anchors);
    }

    /** The blends fitted for the anchored variables among the outcomes; none for a variable with too short a record. */
    private java.util.Map<String, BlendAnchor> anchors(HourlySeries series, Horizon horizon, List<Variable> outcomes) {
        if (series != climatologySeries) {
            climatologies.clear();
            climatologySeries = series;
        }
        java.util.Map<String, BlendAnchor> anchors = new java.util.TreeMap<>();
        for (Variable v : settings.anchorVariables()) {
            if (outcomes.contains(v)) {
                if (!climatologies.containsKey(v)) { // null too: too short a record, known for the next horizon
                    climatologies.put(v, BlendAnchor.climatology(series, v));
                }
                BlendAnchor.Climatology climatology = climatologies.get(v);
                if (climatology != null) {
                    anchors.put(v.id(), BlendAnchor.damped(climatology, horizon.hours()));
                }
            }
        }
        return anchors;
    }

    /**
     * Recall@k of the approximate index against exact search, over evenly spaced rows of the build's own states:
     * the share of the exact k nearest that the index also returns.
     */
    private double recall(FaissIndex approximate, VectorLayout layout, List<float[]> states, int k) {
        int rows = states.size();
        int dim = layout.stateDimension();
        int queries = Math.min(recallSample, rows);
        try (FaissIndex exact = FaissIndex.create(IndexSpec.flatL2(), dim)) {
            float[] all = new float[rows * dim];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(states.get(r), 0, all, r * dim, dim);
            }
            exact.add(all, rows);
            long found = 0;
            for (int q = 0; q < queries; q++) {
                float[] state = states.get((int) ((long) q * rows / queries));
                long[] truth = exact.search(state, k).ids();
                long[] approx = approximate.search(layout.toQuery(state), k).ids();
                java.util.Set<Long> returned = new java.util.HashSet<>();
                for (long id : approx) {
                    returned.add(id);
                }
                for (long id : truth) {
                    found += returned.contains(id) ? 1 : 0;
                }
            }
            return (double) found / ((long) queries * k);
        }
    }

    /** Trains on evenly spaced rows (every season and hour): enough for its lists, not all of them. */
    private static void trainOnSample(FaissIndex index, IndexSpec spec, float[] vectors, int rows, int dim) {
        int sampled = spec.type().invertedFile() ? Math.max(MIN_TRAINING_ROWS, 40 * spec.nlist()) : rows;
        if (rows <= sampled) {
            index.train(vectors, rows);
            return;
        }
        float[] sample = new float[sampled * dim];
        for (int s = 0; s < sampled; s++) {
            int row = (int) ((long) s * rows / sampled);
            System.arraycopy(vectors, row * dim, sample, s * dim, dim);
        }
        index.train(sample, sampled);
    }

    /**
     * Adapts inverted-file parameters to the data size: more lists for a library larger than
     * {@link #ROWS_FOR_CONFIGURED_LISTS}, fewer when there are not ~39 training points per list (FAISS's minimum).
     */
    public static IndexSpec fitSpec(IndexSpec spec, int rows, int stateDimension) {
        if (!spec.type().invertedFile()) {
            return spec;
        }
        long grown = Math.min(MAX_LISTS, (long) spec.nlist() * rows / ROWS_FOR_CONFIGURED_LISTS);
        int nlist = Math.max(1, Math.min(Math.max(spec.nlist(), (int) grown), rows / 39));
        int nprobe = Math.min(spec.nprobe(), nlist);
        if (spec.type() == IndexType.IVF_FLAT) {
            return IndexSpec.ivfFlat(nlist, nprobe);
        }
        int m = VectorLayout.pqSubQuantizers(spec, stateDimension);
        int nbits = spec.nbits();
        while (nbits > 4 && rows < (1 << nbits) * 39) {
            nbits--;
        }
        return IndexSpec.ivfpq(nlist, m, nbits, nprobe);
    }

    /**
     * Median over sampled rows of the mean distance to their nearest analogs, leaving out the row's own
     * neighbourhood in time (its own hours are trivially close).
     */
    private static double typicalDistance(FaissIndex index, VectorLayout layout, List<float[]> states) {
        int rows = states.size();
        double[] means = new double[Math.min(TYPICAL_SAMPLE, rows)];
        for (int s = 0; s < means.length; s++) {
            int row = (int) ((long) s * rows / means.length);
            float[] state = states.get(row);
            SearchHits hits = index.search(layout.toQuery(state), TYPICAL_K + 48);
            double sum = 0;
            int n = 0;
            for (int j = 0; j < hits.count() && n < TYPICAL_K; j++) {
                if (Math.abs(hits.ids()[j] - row) > 24) {
                    sum += layout.distance(hits.distances()[j], state);
                    n++;
                }
            }
            means[s] = n == 0 ? 0 : sum / n;
        }
        Arrays.sort(means);
        return means[means.length / 2];
    }

    /**
     * CRC-32C of a file, in hex: it catches corrupt and truncated copies at several GB/s (hardware instructions),
     * which keeps verification cheap at every boot; it is no defence against deliberate tampering, which needs
     * write access to the manifests anyway.
     */
    /**
     * The file's CRC-32C. Read through a heap buffer: a station's first request checks eight files, and a direct
     * buffer per file is native memory that only a garbage collection returns (hundreds of MiB after a sweep over
     * stations, with a small heap that seldom collects).
     */
    static String crc32c(Path file) throws IOException {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        byte[] buffer = new byte[64 * 1024];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            for (int read; (read = in.read(buffer)) >= 0;) {
                crc.update(buffer, 0, read);
            }
        }
        return String.format("%08x", crc.getValue());
    }
}
