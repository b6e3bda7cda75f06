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
        int limit = sidecar.countAtOrBefore(notAfter.getEpochSecond());
        int wanted = Math.min(k, limit);
        float[] query = layout.toQuery(state);
        long started = System.nanoTime();
        int asked = wanted;
        SearchHits hits = faiss.search(query, asked, limit);
        // an approximate index may return fewer than asked inside the range: ask for more until enough
        while (hits.count() < wanted && asked < limit) {
            asked = (int) Math.min(limit, asked * 4L);
            hits = faiss.search(query, asked, limit);
        }
        lastSearchNanos = System.nanoTime() - started;
        lastSearchAt = Instant.now();
        int n = Math.min(wanted, hits.count());
        int[] rows = new int[n];
        double[] distances = new double[n];
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            rows[i] = (int) hits.ids()[i];
            distances[i] = layout.distance(hits.distances()[i], state);
            times[i] = sidecar.epochSecond(rows[i]);
        }
        return new Analogs(rows, distances, times);
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
