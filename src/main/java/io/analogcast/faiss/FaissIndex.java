package io.analogcast.faiss;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An owned FAISS index held off-heap. Searches copy the query into thread-local off-heap buffers that are reused
 * across calls; the index data is never copied into the Java heap.
 *
 * <p>Searching is thread-safe: per-search parameters (nprobe, efSearch, id range) travel in a thread-local
 * {@code SearchParameters} object instead of being written into the shared index.
 */
public final class FaissIndex implements AutoCloseable {

    private static final ThreadLocal<SearchScratch> SCRATCH = ThreadLocal.withInitial(SearchScratch::new);
    private static volatile int searchOmpThreads = 1;
    /**
     * Training and adding use every core: OpenMP's thread count is per thread, and a thread that searched (a build
     * measures its own recall) would otherwise build its next index with the searches' single thread.
     */
    private static final int BUILD_OMP_THREADS = Runtime.getRuntime().availableProcessors();

    private FaissNative.Index index;
    private final IndexSpec spec;
    /** Indices from read_index belong to us, not to JavaCPP's deallocator. */
    private final boolean fromRead;

    private FaissIndex(FaissNative.Index index, IndexSpec spec, boolean fromRead) {
        this.index = index;
        this.spec = spec;
        this.fromRead = fromRead;
    }

    /** OpenMP threads each searching thread uses; applied lazily on every thread (OpenMP's setting is per thread). */
    public static void setSearchOmpThreads(int threads) {
        searchOmpThreads = Math.max(1, threads);
    }

    /**
     * Loads the FAISS library on a thread of its own: JavaCPP extracts and links it and OpenBLAS starts its threads,
     * about 0.1 s that a service can spend beside its own start instead of in the first index it opens. Whoever
     * touches the library meanwhile waits for the load to finish (class initialization), never repeats it.
     */
    public static void loadInBackground() {
        Thread loader = new Thread(FaissNative::omp_threads, "faiss-load");
        loader.setDaemon(true);
        loader.start();
    }

    public static FaissIndex create(IndexSpec spec, int dimension) {
        FaissNative.Index created = switch (spec.type()) {
            case FLAT_IP -> new FaissNative.IndexFlatIP(dimension);
            case FLAT_L2 -> new FaissNative.IndexFlatL2(dimension);
            case IVFPQ -> {
                if (spec.m() <= 0 || dimension % spec.m() != 0) {
                    throw new IllegalArgumentException(
                            "IVFPQ needs m dividing the dimension: d=" + dimension + ", m=" + spec.m());
                }
                FaissNative.Index quantizer = new FaissNative.IndexFlatL2(dimension);
                yield new FaissNative.IndexIVFPQ(quantizer, dimension, spec.nlist(), spec.m(), spec.nbits(),
                        FaissNative.METRIC_L2);
            }
            case IVF_FLAT -> new FaissNative.IndexIVFFlat(new FaissNative.IndexFlatL2(dimension), dimension, spec.nlist(),
                    FaissNative.METRIC_L2);
            case HNSW -> {
                FaissNative.IndexHNSWFlat hnsw = new FaissNative.IndexHNSWFlat(dimension, spec.hnswM(),
                        FaissNative.METRIC_L2);
                hnsw.efConstruction(spec.efConstruction());
                hnsw.efSearch(spec.efSearch());
                yield hnsw;
            }
        };
        return new FaissIndex(created, spec, false);
    }

    /**
     * Reads an index written by {@link #write}. With {@code mmap}, FAISS maps an inverted file's lists (IVFFlat,
     * IVFPQ) from the file instead of reading them: a cold index costs page cache, and only the pages its searches
     * touch. FAISS checks the lists against the file's size; callers verify the file's checksum before. Flat and HNSW
     * indices are read into native memory.
     */
    public static FaissIndex read(Path file, IndexSpec searchSpec, boolean mmap) {
        int flags = mmap && searchSpec.type().invertedFile() ? FaissNative.IO_FLAG_MMAP : 0;
        FaissNative.Index read;
        try {
            read = FaissNative.read_index(file.toString(), flags);
        } catch (RuntimeException e) {
            // FAISS's own C++ exception, carried over by JavaCPP: a damaged or foreign file
            throw new IllegalStateException(file + " cannot be read by FAISS: " + e.getMessage(), e);
        }
        String actual = FaissNative.index_class_name(read);
        if (!actual.equals(searchSpec.type().faissClass())) {
            FaissNative.delete_index(read);
            throw new IllegalStateException(file + " holds a " + actual + ", expected " + searchSpec.type().faissClass());
        }
        if (flags != 0 && !FaissNative.check_mapped_lists(read)) {
            FaissNative.delete_index(read);
            throw new IllegalStateException(file + " cannot be read by FAISS: its inverted lists reach beyond the end of "
                    + "the file (truncated)");
        }
        return new FaissIndex(read, searchSpec, true);
    }

    public void write(Path file) {
        FaissNative.write_index(live(), file.toString());
    }

    /** Trains (inverted-file types only) on {@code n} row-major vectors. */
    public void train(float[] vectors, int n) {
        if (!spec.type().invertedFile()) {
            return;
        }
        SCRATCH.get().applyOmpThreads(BUILD_OMP_THREADS);
        try (FloatPointer x = new FloatPointer(vectors)) {
            live().train(n, x);
        }
    }

    public void add(float[] vectors, int n) {
        SCRATCH.get().applyOmpThreads(BUILD_OMP_THREADS);
        try (FloatPointer x = new FloatPointer(vectors)) {
            live().add(n, x);
        }
    }

    public boolean isTrained() {
        return live().is_trained();
    }

    /** Nearest {@code k} of one query, considering all vectors. */
    public SearchHits search(float[] query, int k) {
        return search(query, k, Long.MAX_VALUE);
    }

    /**
     * Nearest {@code k} of one query among ids {@code 0..maxIdExclusive-1}. Ids are insertion order, so a range
     * is how callers exclude analogs that lie after a point in time.
     */
    public SearchHits search(float[] query, int k, long maxIdExclusive) {
        return searchBatch(query, 1, k, maxIdExclusive, false)[0];
    }

    /**
     * As {@link #search(float[], int, long)}, but an inverted-file index probes every list: exact for IVFFlat. For
     * when the allowed ids are few and lie in lists a normal search does not visit.
     */
    public SearchHits searchAllLists(float[] query, int k, long maxIdExclusive) {
        return searchBatch(query, 1, k, maxIdExclusive, true)[0];
    }

    /** {@code n} row-major queries at once (FAISS uses BLAS for batches of 20 and more). */
    public SearchHits[] searchBatch(float[] queries, int n, int k, long maxIdExclusive) {
        return searchBatch(queries, n, k, maxIdExclusive, false);
    }

    private SearchHits[] searchBatch(float[] queries, int n, int k, long maxIdExclusive, boolean allLists) {
        FaissNative.Index idx = live();
        int d = idx.d();
        if (queries.length < (long) n * d) {
            throw new IllegalArgumentException("expected " + n + " x " + d + " floats, got " + queries.length);
        }
        long total = idx.ntotal();
        long limit = Math.min(maxIdExclusive, total);
        if (limit <= 0 || k <= 0) {
            SearchHits[] none = new SearchHits[n];
            for (int i = 0; i < n; i++) {
                none[i] = new SearchHits(new long[0], new float[0], 0);
            }
            return none;
        }
        SearchScratch scratch = SCRATCH.get();
        scratch.applyOmpThreads(searchOmpThreads);
        FloatPointer x = scratch.queries(n * d);
        x.put(queries, 0, n * d);
        FloatPointer distances = scratch.distances(n * k);
        LongPointer labels = scratch.labels(n * k);
        FaissNative.SearchParameters params = scratch.parameters(spec, limit < total ? limit : -1, allLists);
        idx.search(n, x, k, distances, labels, params);

        // two bulk copies: a JNI call per element costs an isolate transition each in a native executable
        long[] allIds = new long[n * k];
        float[] allDistances = new float[n * k];
        labels.get(allIds, 0, n * k);
        distances.get(allDistances, 0, n * k);
        SearchHits[] hits = new SearchHits[n];
        long[] ids = new long[k];
        float[] dist = new float[k];
        for (int q = 0; q < n; q++) {
            int count = 0;
            for (int j = 0; j < k; j++) {
                long id = allIds[q * k + j];
                // FAISS pads with -1 when fewer results exist; the range check also guards selectors a type ignores
                if (id >= 0 && id < limit) {
                    ids[count] = id;
                    dist[count] = allDistances[q * k + j];
                    count++;
                }
            }
            hits[q] = new SearchHits(java.util.Arrays.copyOf(ids, count), java.util.Arrays.copyOf(dist, count), count);
        }
        return hits;
    }

    public long size() {
        return live().ntotal();
    }

    public int dimension() {
        return live().d();
    }

    public IndexSpec spec() {
        return spec;
    }

    public String faissClass() {
        return FaissNative.index_class_name(live());
    }

    /** Native bytes held by the index's data (vectors, codes, lists, graph). */
    public long dataBytes() {
        return FaissNative.index_data_bytes(live());
    }

    private FaissNative.Index live() {
        return Objects.requireNonNull(index, "FAISS index already closed");
    }

    @Override
    public synchronized void close() {
        if (index == null) {
            return;
        }
        if (fromRead) {
            FaissNative.delete_index(index);
            index.setNull();
        } else {
            index.close();
        }
        index = null;
    }

    /** Per-thread native buffers and search parameters, grown on demand and reused. */
    private static final class SearchScratch {
        private FloatPointer queries = new FloatPointer(64);
        private FloatPointer distances = new FloatPointer(64);
        private LongPointer labels = new LongPointer(64);
        private final FaissNative.IDSelectorRange range = new FaissNative.IDSelectorRange(0, 0);
        private final FaissNative.SearchParameters flat = new FaissNative.SearchParameters();
        private final FaissNative.SearchParametersIVF ivf = new FaissNative.SearchParametersIVF();
        private final FaissNative.SearchParametersHNSW hnsw = new FaissNative.SearchParametersHNSW();
        private int ompThreads = -1;

        void applyOmpThreads(int threads) {
            if (ompThreads != threads) {
                FaissNative.set_omp_threads(threads);
                ompThreads = threads;
            }
        }

        FloatPointer queries(long n) {
            if (queries.capacity() < n) {
                queries.close();
                queries = new FloatPointer(n);
            }
            return queries;
        }

        FloatPointer distances(long n) {
            if (distances.capacity() < n) {
                distances.close();
                distances = new FloatPointer(n);
            }
            return distances;
        }

        LongPointer labels(long n) {
            if (labels.capacity() < n) {
                labels.close();
                labels = new LongPointer(n);
            }
            return labels;
        }

        /** Parameters for one search; {@code limit < 0} means no id restriction. */
        FaissNative.SearchParameters parameters(IndexSpec spec, long limit, boolean allLists) {
            FaissNative.IDSelector selector = null;
            if (limit >= 0) {
                range.imax(limit);
                selector = range;
            }
            FaissNative.SearchParameters params = switch (spec.type()) {
                case FLAT_IP, FLAT_L2 -> flat;
                case IVFPQ, IVF_FLAT -> {
                    ivf.nprobe(allLists ? spec.nlist() : spec.nprobe());
                    yield ivf;
                }
                case HNSW -> {
                    hnsw.efSearch(spec.efSearch());
                    yield hnsw;
                }
            };
            params.sel(selector);
            return params;
        }
    }
}
