package io.analogcast.analog;

import io.analogcast.faiss.FaissIndex;
import io.analogcast.faiss.IndexType;
import io.analogcast.faiss.SearchHits;
import io.analogcast.observation.HourlySeries;
import io.analogcast.variable.Variable;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The analog library of one station and horizon: the FAISS index of a build (native memory), its memory-mapped
 * sidecar (times, outcomes, values at the analogs' own times), the state space the vectors were made in, and the
 * rows appended since the build from newer observations. Library rows {@code 0..baseRows-1} are the build's,
 * later rows the appended ones; times ascend over both.
 *
 * <p>A view made by {@link #withAppended} shares the FAISS index and the sidecar: only the owner of the base
 * (a {@link LoadedBuild}, or whoever opened it) closes it.
 */
public final class AnalogIndex implements AutoCloseable {

    /**
     * Queries share a search when the fewest rows one of them may use are at least this share of the most: the
     * hits beyond a query's own rows are then few, and the shared search asks for {@link #SPARE_HITS} more.
     */
    static final double SHARED_ROWS = 0.95;
    static final double SPARE_HITS = 1.25;

    private final IndexManifest manifest;
    private final FaissIndex faiss;
    private final Sidecar sidecar;
    private final StateSpace stateSpace;
    private final VectorLayout layout;
    private final List<Variable> outcomes;
    private final AppendedRows appended;
    private final SearchClock clock;

    /** Last search time of an index, shared by its views (for /health/faiss). */
    private static final class SearchClock {
        volatile long lastSearchNanos;
        volatile Instant lastSearchAt;
    }

    private AnalogIndex(IndexManifest manifest, FaissIndex faiss, Sidecar sidecar, AppendedRows appended,
            SearchClock clock) {
        this.manifest = manifest;
        this.faiss = faiss;
        this.sidecar = sidecar;
        this.stateSpace = manifest.stateSpace();
        this.layout = VectorLayout.of(manifest.spec(), manifest.stateDimension());
        this.outcomes = manifest.outcomeVariables().stream().map(id -> Variable.byId(id).orElseThrow()).toList();
        this.appended = appended;
        this.clock = clock;
        if (faiss.size() != sidecar.rows() || sidecar.rows() != manifest.rows()) {
            throw new IllegalStateException("index " + manifest.stationId() + "/" + manifest.horizonHours()
                    + "h: FAISS has " + faiss.size() + " vectors, sidecar " + sidecar.rows() + ", manifest " + manifest.rows());
        }
    }

    public static AnalogIndex open(Path faissFile, Path sidecarFile, IndexManifest manifest, boolean mmap)
            throws IOException {
        Sidecar sidecar = Sidecar.map(sidecarFile);
        FaissIndex faiss;
        try {
            faiss = FaissIndex.read(faissFile, manifest.spec(), mmap);
        } catch (RuntimeException e) {
            sidecar.close();
            throw e;
        }
        try {
            return new AnalogIndex(manifest, faiss, sidecar, AppendedRows.NONE, new SearchClock());
        } catch (RuntimeException e) {
            faiss.close();
            sidecar.close();
            throw e;
        }
    }

    /**
     * This library extended by the rows of {@code recent} (the station's newest observations) that lie after the
     * build's last analog. The FAISS index is not touched: searches running on this index are unaffected.
     */
    public AnalogIndex withAppended(HourlySeries recent, Double longitude) {
        AppendedRows rows = AppendedRows.from(manifest, stateSpace, outcomes, recent, longitude);
        return rows.rows() == 0 && appended.rows() == 0 ? this : new AnalogIndex(manifest, faiss, sidecar, rows, clock);
    }

    /**
     * The {@code k} nearest analogs of a state whose time is at or before {@code notAfter}: the look-ahead guard.
     * A forecast issued at T for T+h may only use analogs at or before T-h, whose outcomes were known at T.
     */
    public Analogs search(float[] state, int k, Instant notAfter) {
        return search(state, k, notAfter, 0);
    }

    /**
     * As {@link #search(float[], int, Instant)}, but analogs closer in time than {@code separationHours} to a
     * nearer analog are skipped: consecutive hours of one past situation would otherwise fill the ensemble with
     * near-copies of one outcome.
     */
    public Analogs search(float[] state, int k, Instant notAfter, int separationHours) {
        return search(List.of(new Query(state, k, notAfter)), separationHours).get(0);
    }

    /** One state of a batched search, with what {@link #search(float[], int, Instant, int)} takes for it. */
    public record Query(float[] state, int k, Instant notAfter) {
    }

    /**
     * The analogs of several states, each as its own search finds them. States whose look-ahead guards allow
     * nearly the same rows (within {@link #SHARED_ROWS}) share one FAISS search over the rows any of them may
     * use, with some hits to spare; each query's hits are then cut to its own rows. The cut keeps the nearest hits
     * in order, so where it holds as many as the query asked for they are the ones its own search returns; where
     * it holds fewer, or where the allowed rows change the search itself (HNSW filters while it walks its graph),
     * the query is searched on its own.
     */
    public List<Analogs> search(List<Query> queries, int separationHours) {
        long started = System.nanoTime();
        if (queries.size() == 1) {
            // a single forecast's search, the common case: nothing to group
            Analogs analogs = new Pending(queries.get(0), separationHours).finish(null);
            clock.lastSearchNanos = System.nanoTime() - started;
            clock.lastSearchAt = Instant.now();
            return List.of(analogs);
        }
        List<Pending> pending = queries.stream().map(q -> new Pending(q, separationHours)).toList();
        Analogs[] found = new Analogs[pending.size()];
        List<Integer> byRows = IntStream.range(0, pending.size()).boxed()
                .sorted(Comparator.comparingInt(i -> pending.get(i).baseLimit)).toList();
        for (int from = 0, to; from < byRows.size(); from = to) {
            int fewest = pending.get(byRows.get(from)).baseLimit;
            to = from + 1;
            while (to < byRows.size() && fewest >= SHARED_ROWS * pending.get(byRows.get(to)).baseLimit) {
                to++;
            }
            List<Integer> group = byRows.subList(from, to);
            SearchHits[] shared = group.size() > 1 && manifest.spec().type() != IndexType.HNSW
                    ? sharedSearch(group.stream().map(pending::get).toList()) : null;
            for (int g = 0; g < group.size(); g++) {
                found[group.get(g)] = pending.get(group.get(g)).finish(shared == null ? null : shared[g]);
            }
        }
        clock.lastSearchNanos = (System.nanoTime() - started) / Math.max(1, pending.size());
        clock.lastSearchAt = Instant.now();
        return List.of(found);
    }

    private SearchHits[] sharedSearch(List<Pending> pending) {
        int dimension = pending.get(0).query.length;
        float[] vectors = new float[pending.size() * dimension];
        int asked = 0;
        int limit = 0;
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            System.arraycopy(p.query, 0, vectors, i * dimension, dimension);
            asked = Math.max(asked, p.asked);
            limit = Math.max(limit, p.baseLimit);
        }
        return asked == 0 ? null
                : faiss.searchBatch(vectors, pending.size(), (int) Math.min(limit, Math.ceil(asked * SPARE_HITS)), limit);
    }

    /** One query of a search: its allowed rows, the appended rows it may use and the candidates it asks for. */
    private final class Pending {
        final float[] state;
        final float[] query;
        final int baseLimit;
        final int wanted;
        final long separationSeconds;
        final Candidates extra;
        int asked;

        Pending(Query q, int separationHours) {
            long notAfterSecond = q.notAfter().getEpochSecond();
            state = q.state();
            query = layout.toQuery(state);
            baseLimit = sidecar.countAtOrBefore(notAfterSecond);
            int appendedLimit = appended.countAtOrBefore(notAfterSecond);
            wanted = Math.min(q.k(), baseLimit + appendedLimit);
            separationSeconds = separationHours * 3600L;
            // appended rows are few (the hours since the build): all of them are candidates, measured exactly
            extra = new Candidates(appendedLimit);
            for (int j = 0; j < appendedLimit; j++) {
                extra.add(baseRows() + j, appended.distance(j, state), appended.epochSecond(j));
            }
            asked = separationHours > 0 ? (int) Math.min(baseLimit, wanted * 8L) : Math.min(wanted, baseLimit);
        }

        /** The analogs, from a shared search's hits when they suffice (null: search alone). */
        Analogs finish(SearchHits shared) {
            Candidates base = shared == null ? null : cut(shared);
            if (base == null) {
                base = baseCandidates(query, state, asked, baseLimit, false);
            }
            Candidates chosen = select(base, extra, wanted, separationSeconds);
            // an approximate index may return fewer than asked inside the range, and separation discards some:
            // ask for more until enough
            while (chosen.size < wanted && asked < baseLimit) {
                asked = (int) Math.min(baseLimit, asked * 4L);
                base = baseCandidates(query, state, asked, baseLimit, false);
                chosen = select(base, extra, wanted, separationSeconds);
            }
            // an inverted file visits a few lists: a state early in the history, whose few allowed rows lie in
            // other lists, would find fewer analogs than exist (none, even). Then every list is searched
            if (base.size < Math.min(asked, baseLimit) && manifest.spec().type().invertedFile()) {
                base = baseCandidates(query, state, asked, baseLimit, true);
                chosen = select(base, extra, wanted, separationSeconds);
            }
            return new Analogs(Arrays.copyOf(chosen.rows, chosen.size), Arrays.copyOf(chosen.distances, chosen.size),
                    Arrays.copyOf(chosen.times, chosen.size));
        }

        /** The first {@code asked} hits inside this query's rows, or null when the shared search found fewer. */
        private Candidates cut(SearchHits hits) {
            Candidates candidates = candidates(hits, state, baseLimit, asked);
            return candidates.size == asked ? candidates : null;
        }
    }

    private Candidates baseCandidates(float[] query, float[] state, int asked, int limit, boolean allLists) {
        SearchHits hits = allLists ? faiss.searchAllLists(query, asked, limit) : faiss.search(query, asked, limit);
        return candidates(hits, state, limit, asked);
    }

    /** Up to {@code max} hits on rows below {@code limit}, nearest first as FAISS returns them. */
    private Candidates candidates(SearchHits hits, float[] state, int limit, int max) {
        Candidates candidates = new Candidates(Math.min(max, hits.count()));
        for (int i = 0; i < hits.count() && candidates.size < max; i++) {
            int row = (int) hits.ids()[i];
            if (row < limit) {
                candidates.add(row, layout.distance(hits.distances()[i], state), sidecar.epochSecond(row));
            }
        }
        return candidates;
    }

    /** The nearest of both candidate lists, at least {@code separationSeconds} apart in time. */
    private static Candidates select(Candidates base, Candidates extra, int wanted, long separationSeconds) {
        // FAISS returns its hits nearest first; only a merge with appended rows needs sorting
        Candidates all = extra.size == 0 ? base : base.concat(extra).sortedByDistance();
        Candidates chosen = new Candidates(Math.min(wanted, all.size));
        for (int i = 0; i < all.size && chosen.size < wanted; i++) {
            boolean apart = true;
            for (int j = 0; j < chosen.size && apart && separationSeconds > 0; j++) {
                apart = Math.abs(all.times[i] - chosen.times[j]) >= separationSeconds;
            }
            if (apart) {
                chosen.add(all.rows[i], all.distances[i], all.times[i]);
            }
        }
        return chosen;
    }

    /** Rows with distances and times, filled in order. */
    private static final class Candidates {
        final int[] rows;
        final double[] distances;
        final long[] times;
        int size;

        Candidates(int capacity) {
            rows = new int[capacity];
            distances = new double[capacity];
            times = new long[capacity];
        }

        void add(int row, double distance, long time) {
            rows[size] = row;
            distances[size] = distance;
            times[size] = time;
            size++;
        }

        Candidates concat(Candidates other) {
            Candidates both = new Candidates(size + other.size);
            for (Candidates c : List.of(this, other)) {
                for (int i = 0; i < c.size; i++) {
                    both.add(c.rows[i], c.distances[i], c.times[i]);
                }
            }
            return both;
        }

        Candidates sortedByDistance() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            // stable: FAISS's order among equal distances is kept
            Arrays.sort(order, (a, b) -> Double.compare(distances[a], distances[b]));
            Candidates sorted = new Candidates(size);
            for (Integer i : order) {
                sorted.add(rows[i], distances[i], times[i]);
            }
            return sorted;
        }
    }

    private int baseRows() {
        return sidecar.rows();
    }

    /** Outcome of an analog row for a variable; NaN when missing or not an outcome of this index. */
    public double outcome(int row, Variable variable) {
        int column = outcomes.indexOf(variable);
        if (column < 0) {
            return Double.NaN;
        }
        return row < baseRows() ? sidecar.outcome(row, column) : appended.outcome(row - baseRows(), column, outcomes.size());
    }

    /** The value of a variable at the analog's own time (the start of its change over the horizon); NaN if unknown. */
    public double ownValue(int row, Variable variable) {
        int column = outcomes.indexOf(variable);
        if (column < 0) {
            return Double.NaN;
        }
        return row < baseRows() ? sidecar.ownValue(row, column) : appended.ownValue(row - baseRows(), column, outcomes.size());
    }

    /** Time of a library row (epoch seconds). */
    public long analogEpochSecond(int row) {
        return row < baseRows() ? sidecar.epochSecond(row) : appended.epochSecond(row - baseRows());
    }

    public boolean hasOutcome(Variable variable) {
        return outcomes.contains(variable);
    }

    public List<Variable> outcomes() {
        return outcomes;
    }

    public IndexManifest manifest() {
        return manifest;
    }

    public StateSpace stateSpace() {
        return stateSpace;
    }

    public Horizon horizon() {
        return manifest.horizon();
    }

    /** Analogs in the library: the build's vectors and the appended rows. */
    public long vectors() {
        return faiss.size() + appended.rows();
    }

    public int appendedRows() {
        return appended.rows();
    }

    /** Time of the newest analog, appended rows included. */
    public Instant lastAnalogTime() {
        return appended.rows() == 0 ? manifest.lastAnalogTime()
                : Instant.ofEpochSecond(appended.epochSecond(appended.rows() - 1));
    }

    /** Native bytes of the FAISS data plus the mapped sidecar. */
    public long offHeapBytes() {
        return faiss.dataBytes() + sidecar.bytes();
    }

    public double lastSearchMillis() {
        return clock.lastSearchNanos / 1e6;
    }

    public Instant lastSearchAt() {
        return clock.lastSearchAt;
    }

    /** Frees the FAISS index and unmaps the sidecar: only for the owner of the base index, once no search can use it. */
    @Override
    public void close() {
        faiss.close();
        sidecar.close();
    }
}
