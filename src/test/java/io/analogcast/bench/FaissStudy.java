package io.analogcast.bench;

import io.analogcast.analog.AnalogIndexBuilder;
import io.analogcast.analog.StateSpace;
import io.analogcast.analog.VectorLayout;
import io.analogcast.demo.SyntheticWeatherGenerator;
import io.analogcast.faiss.FaissIndex;
import io.analogcast.faiss.IndexSpec;
import io.analogcast.faiss.IndexType;
import io.analogcast.faiss.SearchHits;
import io.analogcast.observation.HourlySeries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * FAISS per index type and library size, on states of our default 19-dimensional state space: build time, native
 * memory, recall@k against exact search, single-query latency at k and at the separation's over-fetch (8 x k), and
 * the time per query in batches. The library is the synthetic generator's stations (one seed per six-year station,
 * each standardized on its own history, as a build does), the queries the states of a station left out.
 * Types of one size are measured interleaved, query by query, so that they share the machine's noise.
 * Not a test: docs/performance.md gives the command; CI runs it on the smallest size only.
 *
 * <p>Arguments: sizes (comma-separated, default 6574,52576,500000,2000000), queries per measurement (default 1000),
 * and optionally the index types to measure (configuration names, comma-separated; FlatL2 is always built, as the
 * truth of recall).
 */
public final class FaissStudy {

    private static final int K = 30;
    private static final int OVER_FETCH = 8;
    private static final int[] BATCHES = {8, 32, 128};
    private static final int WARMUP = 200;
    private static final int YEARS_PER_STATION = 6;
    private static final long QUERY_SEED = 999_999L;
    /** Queries every 37 hours of the left-out station: all seasons and hours of the day. */
    private static final int QUERY_STRIDE = 37;

    public static void main(String[] args) {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "6574,52576,500000,2000000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Set<String> types = args.length > 2 ? Set.of(args[2].split(",")) : null;
        int largest = Arrays.stream(sizes).max().orElseThrow();
        long started = System.nanoTime();
        float[] library = states(largest, 1);
        float[] queryStates = everyNth(states(queries * QUERY_STRIDE, QUERY_SEED), QUERY_STRIDE);
        int dim = library.length / largest;
        System.out.printf(Locale.ROOT, "%,d library states and %,d query states (%d dimensions) generated in %.1f s%n",
                largest, queries, dim, (System.nanoTime() - started) / 1e9);
        System.out.printf(Locale.ROOT, "%n| vectors | index | build s | memory MiB | recall@%d | single k=%d p50 us | p99 us "
                + "| single k=%d p50 us | batch 8 us/query | batch 32 | batch 128 |%n", K, K, K * OVER_FETCH);
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (int size : sizes) {
            study(Arrays.copyOf(library, size * dim), size, dim, queryStates, queries, types);
        }
    }

    /**
     * Specs compared at one size: the exact types, HNSW with 32 (our default) and 16 neighbours, IVFFlat as the
     * service builds it (128 lists, 8 probed, more lists for a larger library: {@link AnalogIndexBuilder#fitSpec}),
     * and IVFPQ: up to the demo's size at our defaults (64/8), beyond it with about 4 sqrt(n) lists of which 16 are
     * probed (IVFFlat too, for comparison).
     */
    static List<IndexSpec> specs(int size, int dim) {
        boolean small = size <= 60_000;
        int nlist = Integer.highestOneBit((int) (4 * Math.sqrt(size)));
        List<IndexSpec> specs = new ArrayList<>(List.of(IndexSpec.flatIp(), IndexSpec.flatL2(),
                IndexSpec.hnsw(32, 80, 64), IndexSpec.hnsw(16, 80, 64),
                AnalogIndexBuilder.fitSpec(IndexSpec.ivfFlat(128, 8), size, dim)));
        if (!small) {
            specs.add(IndexSpec.ivfFlat(nlist, 16));
        }
        specs.add(small ? IndexSpec.ivfpq(64, 0, 8, 8) : IndexSpec.ivfpq(nlist, 0, 8, 16));
        return specs;
    }

    private static void study(float[] states, int size, int dim, float[] queryStates, int queries, Set<String> types) {
        List<Measured> indices = new ArrayList<>();
        for (IndexSpec spec : specs(size, dim)) {
            if (types == null || types.contains(spec.type().configName()) || spec.type() == IndexType.FLAT_L2) {
                indices.add(Measured.build(spec, states, size, dim));
            }
        }
        Measured exact = indices.stream().filter(m -> m.spec.type() == IndexType.FLAT_L2).findFirst().orElseThrow();
        long[][] single = new long[indices.size()][queries];
        long[][] overFetch = new long[indices.size()][queries];
        double[] recall = new double[indices.size()];
        for (int q = -WARMUP; q < queries; q++) {
            float[] state = query(queryStates, q, dim);
            Set<Long> truth = ids(exact.search(state, K));
            for (int t = 0; t < indices.size(); t++) {
                long begin = System.nanoTime();
                SearchHits hits = indices.get(t).search(state, K);
                if (q >= 0) {
                    single[t][q] = System.nanoTime() - begin;
                    recall[t] += overlap(hits, truth) / (double) K / queries;
                }
            }
        }
        // a pass of its own: right after the same query at k, the over-fetch would find the caches warm
        for (int q = 0; q < queries; q++) {
            float[] state = query(queryStates, q, dim);
            for (int t = 0; t < indices.size(); t++) {
                long begin = System.nanoTime();
                indices.get(t).search(state, K * OVER_FETCH);
                overFetch[t][q] = System.nanoTime() - begin;
            }
        }
        double[][] batchMicros = new double[indices.size()][BATCHES.length];
        for (int b = 0; b < BATCHES.length; b++) {
            int n = BATCHES[b];
            int rounds = queries / n;
            for (double[] perIndex : batchMicros) {
                perIndex[b] = rounds == 0 ? Double.NaN : 0; // NaN: fewer queries than one batch
            }
            for (int r = 0; r < rounds; r++) {
                for (int t = 0; t < indices.size(); t++) {
                    float[] batch = indices.get(t).queries(queryStates, r * n, n, dim);
                    long begin = System.nanoTime();
                    indices.get(t).index.searchBatch(batch, n, K, Long.MAX_VALUE);
                    batchMicros[t][b] += (System.nanoTime() - begin) / 1e3 / (rounds * (double) n);
                }
            }
        }
        for (int t = 0; t < indices.size(); t++) {
            Measured m = indices.get(t);
            System.out.printf(Locale.ROOT, "| %,d | %s | %.1f | %.1f | %.3f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                    size, m.spec.describe(), m.buildSeconds, m.index.dataBytes() / 1048576.0, recall[t],
                    percentile(single[t], 0.5), percentile(single[t], 0.99), percentile(overFetch[t], 0.5),
                    batchMicros[t][0], batchMicros[t][1], batchMicros[t][2]);
            m.index.close();
        }
    }

    /** One index with the layout its type stores vectors in (FlatIP adds a norm column, IVFPQ pads). */
    private record Measured(IndexSpec spec, VectorLayout layout, FaissIndex index, double buildSeconds) {

        static Measured build(IndexSpec spec, float[] states, int size, int dim) {
            long begin = System.nanoTime();
            VectorLayout layout = VectorLayout.of(spec, dim);
            int stored = layout.indexDimension();
            float[] vectors = new float[size * stored];
            float[] state = new float[dim];
            for (int r = 0; r < size; r++) {
                System.arraycopy(states, r * dim, state, 0, dim);
                layout.toStored(state, vectors, r * stored);
            }
            IndexSpec fitted = spec.type() == IndexType.IVFPQ
                    ? IndexSpec.ivfpq(spec.nlist(), VectorLayout.pqSubQuantizers(spec, dim), spec.nbits(), spec.nprobe())
                    : spec;
            FaissIndex index = FaissIndex.create(fitted, stored);
            if (fitted.type().invertedFile()) {
                int sample = Math.min(size, Math.max(10_000, 40 * spec.nlist()));
                float[] training = new float[sample * stored];
                for (int s = 0; s < sample; s++) {
                    System.arraycopy(vectors, (int) ((long) s * size / sample) * stored, training, s * stored, stored);
                }
                index.train(training, sample);
            }
            index.add(vectors, size);
            return new Measured(fitted, layout, index, (System.nanoTime() - begin) / 1e9);
        }

        SearchHits search(float[] state, int k) {
            return index.search(layout.toQuery(state), k);
        }

        float[] queries(float[] states, int first, int n, int dim) {
            int stored = layout.indexDimension();
            float[] out = new float[n * stored];
            for (int i = 0; i < n; i++) {
                System.arraycopy(layout.toQuery(Arrays.copyOfRange(states, (first + i) * dim, (first + i + 1) * dim)), 0,
                        out, i * stored, stored);
            }
            return out;
        }
    }

    /** The first {@code count} complete states of synthetic stations with seeds from {@code firstSeed} upwards. */
    static float[] states(int count, long firstSeed) {
        int dim = TunedState.dimension();
        float[] out = new float[count * dim];
        int filled = 0;
        float[] state = new float[dim];
        for (long seed = firstSeed; filled < count; seed++) {
            HourlySeries series = HourlySeries.of(SyntheticWeatherGenerator.STATION_ID,
                    new SyntheticWeatherGenerator(seed).generate(2000, YEARS_PER_STATION));
            StateSpace space = TunedState.fit(series);
            for (int i = 0; i < series.length() && filled < count; i++) {
                if (space.embedStrict(series, i, SyntheticWeatherGenerator.station().longitude, state)) {
                    System.arraycopy(state, 0, out, filled * dim, dim);
                    filled++;
                }
            }
        }
        return out;
    }

    /** Query {@code q} of the left-out station; warm-up queries (negative) wrap around to the last ones. */
    private static float[] query(float[] queryStates, int q, int dim) {
        int i = Math.floorMod(q, queryStates.length / dim);
        return Arrays.copyOfRange(queryStates, i * dim, (i + 1) * dim);
    }

    private static float[] everyNth(float[] states, int n) {
        int dim = TunedState.dimension();
        int count = states.length / dim / n;
        float[] out = new float[count * dim];
        for (int i = 0; i < count; i++) {
            System.arraycopy(states, i * n * dim, out, i * dim, dim);
        }
        return out;
    }

    private static Set<Long> ids(SearchHits hits) {
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < hits.count(); i++) {
            ids.add(hits.ids()[i]);
        }
        return ids;
    }

    private static int overlap(SearchHits hits, Set<Long> truth) {
        int found = 0;
        for (int i = 0; i < hits.count(); i++) {
            found += truth.contains(hits.ids()[i]) ? 1 : 0;
        }
        return found;
    }

    private static double percentile(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e3;
    }
}
