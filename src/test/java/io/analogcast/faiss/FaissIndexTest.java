package io.analogcast.faiss;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JavaCPP mapping against brute force computed in Java. */
class FaissIndexTest {

    private static final int D = 24;
    private static final int N = 4000;

    /** Clustered vectors, like weather states: many near neighbours, not uniform noise. */
    static float[] clustered(int n, int d, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[40][d];
        for (float[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = (float) (random.nextGaussian() * 3);
            }
        }
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            float[] c = centres[random.nextInt(centres.length)];
            for (int j = 0; j < d; j++) {
                x[i * d + j] = c[j] + (float) random.nextGaussian();
            }
        }
        return x;
    }

    /**
     * Vectors on a low-dimensional manifold plus a little noise: like weather states, whose lags and variables
     * are strongly correlated. Same projection for every seed so base and queries share the manifold.
     */
    static float[] correlated(int n, int d, long seed) {
        int latent = 6;
        Random projectionRandom = new Random(42);
        double[][] projection = new double[latent][d];
        for (double[] row : projection) {
            for (int j = 0; j < d; j++) {
                row[j] = projectionRandom.nextGaussian();
            }
        }
        Random random = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            double[] z = new double[latent];
            for (int l = 0; l < latent; l++) {
                z[l] = random.nextGaussian();
            }
            for (int j = 0; j < d; j++) {
                double s = 0.05 * random.nextGaussian();
                for (int l = 0; l < latent; l++) {
                    s += z[l] * projection[l][j];
                }
                x[i * d + j] = (float) s;
            }
        }
        return x;
    }

    static long[] bruteForce(float[] base, int n, int d, float[] q, int k, boolean innerProduct, long limit) {
        return IntStream.range(0, (int) Math.min(n, limit)).boxed()
                .sorted(Comparator.comparingDouble(i -> {
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        s += innerProduct ? -(double) base[i * d + j] * q[j]
                                : Math.pow(base[i * d + j] - q[j], 2);
                    }
                    return s;
                }))
                .limit(k).mapToLong(Integer::longValue).toArray();
    }

    @Test
    void flatIndicesEqualBruteForce() {
        float[] base = clustered(N, D, 1);
        float[] queries = clustered(20, D, 2);
        for (IndexSpec spec : new IndexSpec[] {IndexSpec.flatL2(), IndexSpec.flatIp()}) {
            try (FaissIndex index = FaissIndex.create(spec, D)) {
                index.add(base, N);
                assertEquals(N, index.size());
                for (int q = 0; q < 20; q++) {
                    float[] query = Arrays.copyOfRange(queries, q * D, (q + 1) * D);
                    SearchHits hits = index.search(query, 10);
                    long[] expected = bruteForce(base, N, D, query, 10, spec.type() == IndexType.FLAT_IP, N);
                    assertArrayEquals(expected, hits.ids(), spec.describe() + " query " + q);
                }
            }
        }
    }

    @Test
    void squaredL2DistancesMatchJava() {
        float[] base = clustered(500, D, 3);
        float[] query = Arrays.copyOfRange(clustered(1, D, 4), 0, D);
        try (FaissIndex index = FaissIndex.create(IndexSpec.flatL2(), D)) {
            index.add(base, 500);
            SearchHits hits = index.search(query, 5);
            for (int j = 0; j < hits.count(); j++) {
                int id = (int) hits.ids()[j];
                double expected = 0;
                for (int c = 0; c < D; c++) {
                    expected += Math.pow(base[id * D + c] - query[c], 2);
                }
                assertEquals(expected, hits.distances()[j], 1e-3 * Math.max(1, expected));
            }
        }
    }

    @Test
    void idRangeRestrictsEveryIndexType() {
        float[] base = clustered(N, D, 5);
        float[] query = Arrays.copyOfRange(clustered(1, D, 6), 0, D);
        for (IndexSpec spec : new IndexSpec[] {IndexSpec.flatL2(), IndexSpec.flatIp(), IndexSpec.ivfpq(32, 12, 6, 32),
                IndexSpec.ivfFlat(32, 32), IndexSpec.hnsw(16, 40, 64)}) {
            try (FaissIndex index = FaissIndex.create(spec, D)) {
                index.train(base, N);
                index.add(base, N);
                SearchHits hits = index.search(query, 10, 1000);
                assertTrue(Arrays.stream(hits.ids()).allMatch(id -> id < 1000), spec.describe());
                if (spec.type().exact()) {
                    boolean ip = spec.type() == IndexType.FLAT_IP;
                    assertArrayEquals(bruteForce(base, N, D, query, 10, ip, 1000), hits.ids(), spec.describe());
                }
            }
        }
    }

    static double recallAt10(FaissIndex index, float[] base, int n, float[] queries, int nq) {
        int found = 0;
        for (int q = 0; q < nq; q++) {
            float[] query = Arrays.copyOfRange(queries, q * D, (q + 1) * D);
            Set<Long> truth = new HashSet<>();
            for (long id : bruteForce(base, n, D, query, 10, false, n)) {
                truth.add(id);
            }
            for (long id : index.search(query, 10).ids()) {
                if (truth.contains(id)) {
                    found++;
                }
            }
        }
        return found / (10.0 * nq);
    }

    @Test
    void approximateIndicesReachTheirRecall() {
        // enough points to train 256 PQ centroids per sub-quantizer (FAISS wants 39 per centroid)
        int n = 12_000;
        float[] base = correlated(n, D, 7);
        float[] queries = correlated(100, D, 8);
        for (IndexSpec spec : new IndexSpec[] {IndexSpec.ivfpq(32, 12, 8, 16), IndexSpec.ivfFlat(32, 8),
                IndexSpec.hnsw(32, 80, 64)}) {
            try (FaissIndex index = FaissIndex.create(spec, D)) {
                index.train(base, n);
                assertTrue(index.isTrained(), spec.describe());
                index.add(base, n);
                double recall = recallAt10(index, base, n, queries, 100);
                assertTrue(recall >= 0.9, spec.describe() + " recall@10 " + recall);
            }
        }
    }

    @Test
    void writeAndReadRoundTrip(@TempDir Path dir) {
        float[] base = clustered(N, D, 9);
        float[] query = Arrays.copyOfRange(clustered(1, D, 10), 0, D);
        for (IndexSpec spec : new IndexSpec[] {IndexSpec.flatIp(), IndexSpec.ivfpq(32, 12, 6, 8),
                IndexSpec.ivfFlat(32, 8), IndexSpec.hnsw(16, 40, 32)}) {
            Path file = dir.resolve(spec.type() + ".faiss");
            SearchHits before;
            try (FaissIndex index = FaissIndex.create(spec, D)) {
                index.train(base, N);
                index.add(base, N);
                before = index.search(query, 10);
                index.write(file);
            }
            for (boolean mmap : new boolean[] {false, true}) {
                try (FaissIndex read = FaissIndex.read(file, spec, mmap)) {
                    assertEquals(N, read.size());
                    assertEquals(spec.type().faissClass(), read.faissClass());
                    SearchHits after = read.search(query, 10);
                    assertArrayEquals(before.ids(), after.ids(), spec.describe() + " mmap=" + mmap);
                    assertArrayEquals(before.distances(), after.distances(), 1e-5f);
                }
            }
        }
    }

    @Test
    void readRejectsTheWrongTypeAndFaissErrorsBecomeExceptions(@TempDir Path dir) {
        Path file = dir.resolve("flat.faiss");
        try (FaissIndex index = FaissIndex.create(IndexSpec.flatL2(), D)) {
            index.add(clustered(10, D, 11), 10);
            index.write(file);
        }
        assertThrows(IllegalStateException.class, () -> FaissIndex.read(file, IndexSpec.hnsw(16, 40, 16), false));
        assertThrows(RuntimeException.class, () -> FaissIndex.read(dir.resolve("missing.faiss"), IndexSpec.flatL2(), false));
    }

    @Test
    void searchesFromManyThreadsAgree() throws Exception {
        float[] base = clustered(N, D, 12);
        float[] query = Arrays.copyOfRange(clustered(1, D, 13), 0, D);
        try (FaissIndex index = FaissIndex.create(IndexSpec.flatL2(), D)) {
            index.add(base, N);
            long[] expected = index.search(query, 10).ids();
            Thread[] threads = new Thread[4];
            boolean[] ok = new boolean[threads.length];
            for (int t = 0; t < threads.length; t++) {
                int slot = t;
                threads[t] = new Thread(() -> {
                    boolean same = true;
                    for (int i = 0; i < 200; i++) {
                        same &= Arrays.equals(expected, index.search(query, 10).ids());
                    }
                    ok[slot] = same;
                });
                threads[t].start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            for (boolean b : ok) {
                assertTrue(b);
            }
        }
    }
}
