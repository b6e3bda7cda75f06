package io.analogcast.analog;

import io.analogcast.faiss.FaissIndex;
import io.analogcast.faiss.SearchHits;
import io.analogcast.observation.HourlySeries;
import io.analogcast.variable.Variable;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

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
        FaissIndex faiss = FaissIndex.read(faissFile, manifest.spec(), mmap);
        try {
            return new AnalogIndex(manifest, faiss, sidecar, AppendedRows.NONE, new SearchClock());
        } catch (RuntimeException e) {
            faiss.close();
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
        long notAfterSecond = notAfter.getEpochSecond();
        int baseLimit = sidecar.countAtOrBefore(notAfterSecond);
        int appendedLimit = appended.countAtOrBefore(notAfterSecond);
        int wanted = Math.min(k, baseLimit + appendedLimit);
        long started = System.nanoTime();
        // appended rows are few (the hours since the build): all of them are candidates, measured exactly
        Candidates extra = new Candidates(appendedLimit);
        for (int j = 0; j < appendedLimit; j++) {
            extra.add(baseRows() + j, appended.distance(j, state), appended.epochSecond(j));
        }
        float[] query = layout.toQuery(state);
        int asked = separationHours > 0 ? (int) Math.min(baseLimit, wanted * 8L) : Math.min(wanted, baseLimit);
        Candidates base = baseCandidates(query, state, asked, baseLimit, false);
        Candidates chosen = select(base, extra, wanted, separationHours * 3600L);
        // an approximate index may return fewer than asked inside the range, and separation discards some:
        // ask for more until enough
        while (chosen.size < wanted && asked < baseLimit) {
            asked = (int) Math.min(baseLimit, asked * 4L);
            base = baseCandidates(query, state, asked, baseLimit, false);
            chosen = select(base, extra, wanted, separationHours * 3600L);
        }
        // an inverted file visits a few lists: a state early in the history, whose few allowed rows lie in other
        // lists, would find fewer analogs than exist (none, even). Then every list is searched
        if (base.size < Math.min(asked, baseLimit) && manifest.spec().type().invertedFile()) {
            base = baseCandidates(query, state, asked, baseLimit, true);
            chosen = select(base, extra, wanted, separationHours * 3600L);
        }
        clock.lastSearchNanos = System.nanoTime() - started;
        clock.lastSearchAt = Instant.now();
        return new Analogs(Arrays.copyOf(chosen.rows, chosen.size), Arrays.copyOf(chosen.distances, chosen.size),
                Arrays.copyOf(chosen.times, chosen.size));
    }

    private Candidates baseCandidates(float[] query, float[] state, int asked, int limit, boolean allLists) {
        SearchHits hits = allLists ? faiss.searchAllLists(query, asked, limit) : faiss.search(query, asked, limit);
        Candidates candidates = new Candidates(hits.count());
        for (int i = 0; i < hits.count(); i++) {
            int row = (int) hits.ids()[i];
            candidates.add(row, layout.distance(hits.distances()[i], state), sidecar.epochSecond(row));
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

    /** Frees the FAISS index: only for the owner of the base index, once no search can use it any more. */
    @Override
    public void close() {
        faiss.close();
    }
}
