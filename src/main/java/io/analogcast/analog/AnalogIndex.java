package io.analogcast.analog;

import io.analogcast.faiss.FaissIndex;
import io.analogcast.faiss.SearchHits;
import io.analogcast.variable.Variable;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A loaded index for one station and horizon: the FAISS index (native memory), the memory-mapped sidecar with
 * the analogs' times and outcomes, and the state space the vectors were made in.
 */
public final class AnalogIndex implements AutoCloseable {

    private final IndexManifest manifest;
    private final FaissIndex faiss;
    private final Sidecar sidecar;
    private final StateSpace stateSpace;
    private final VectorLayout layout;
    private final List<Variable> outcomes;
    private volatile long lastSearchNanos;
    private volatile Instant lastSearchAt;

    AnalogIndex(IndexManifest manifest, FaissIndex faiss, Sidecar sidecar) {
        this.manifest = manifest;
        this.faiss = faiss;
        this.sidecar = sidecar;
        this.stateSpace = manifest.stateSpace();
        this.layout = VectorLayout.of(manifest.spec(), manifest.stateDimension());
        this.outcomes = manifest.outcomeVariables().stream().map(id -> Variable.byId(id).orElseThrow()).toList();
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
            return new AnalogIndex(manifest, faiss, sidecar);
        } catch (RuntimeException e) {
            faiss.close();
            throw e;
        }
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
        int limit = sidecar.countAtOrBefore(notAfter.getEpochSecond());
        int wanted = Math.min(k, limit);
        float[] query = layout.toQuery(state);
        long started = System.nanoTime();
        int asked = separationHours > 0 ? (int) Math.min(limit, wanted * 8L) : wanted;
        SearchHits hits = faiss.search(query, asked, limit);
        int[] chosen = select(hits, wanted, separationHours * 3600L);
        // an approximate index may return fewer than asked inside the range, and separation discards some:
        // ask for more until enough
        while (chosen.length < wanted && asked < limit) {
            asked = (int) Math.min(limit, asked * 4L);
            hits = faiss.search(query, asked, limit);
            chosen = select(hits, wanted, separationHours * 3600L);
        }
        lastSearchNanos = System.nanoTime() - started;
        lastSearchAt = Instant.now();
        int n = chosen.length;
        int[] rows = new int[n];
        double[] distances = new double[n];
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            rows[i] = (int) hits.ids()[chosen[i]];
            distances[i] = layout.distance(hits.distances()[chosen[i]], state);
            times[i] = sidecar.epochSecond(rows[i]);
        }
        return new Analogs(rows, distances, times);
    }

    /** Positions of the hits to keep, nearest first, at least {@code separationSeconds} apart in time. */
    private int[] select(SearchHits hits, int wanted, long separationSeconds) {
        int[] chosen = new int[Math.min(wanted, hits.count())];
        long[] chosenTimes = new long[chosen.length];
        int n = 0;
        for (int i = 0; i < hits.count() && n < chosen.length; i++) {
            long time = sidecar.epochSecond((int) hits.ids()[i]);
            boolean apart = true;
            for (int j = 0; j < n && apart && separationSeconds > 0; j++) {
                apart = Math.abs(time - chosenTimes[j]) >= separationSeconds;
            }
            if (apart) {
                chosen[n] = i;
                chosenTimes[n] = time;
                n++;
            }
        }
        return n == chosen.length ? chosen : java.util.Arrays.copyOf(chosen, n);
    }

    /** Outcome of an analog row for a variable; NaN when missing or not an outcome of this index. */
    public double outcome(int row, Variable variable) {
        int column = outcomes.indexOf(variable);
        return column < 0 ? Double.NaN : sidecar.outcome(row, column);
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

    public long vectors() {
        return faiss.size();
    }

    /** Native bytes of the FAISS data plus the mapped sidecar. */
    public long offHeapBytes() {
        return faiss.dataBytes() + sidecar.bytes();
    }

    public double lastSearchMillis() {
        return lastSearchNanos / 1e6;
    }

    public Instant lastSearchAt() {
        return lastSearchAt;
    }

    @Override
    public void close() {
        faiss.close();
    }
}
