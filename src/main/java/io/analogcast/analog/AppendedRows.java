package io.analogcast.analog;

import io.analogcast.observation.HourlySeries;
import io.analogcast.variable.Variable;

import java.util.ArrayList;
import java.util.List;

/**
 * Analog rows that became complete after a build was written (new observations), kept beside the immutable FAISS
 * index and searched exactly: their state vectors, times, outcomes and the values at their own times, in the same
 * columns as the sidecar. They continue the build's time order, so row {@code i} here is library row
 * {@code baseRows + i}. Immutable; a longer series gives a new instance.
 */
public final class AppendedRows {

    static final AppendedRows NONE = new AppendedRows(0, new float[0], new long[0], new float[0], new float[0], 0);

    private final int rows;
    private final float[] states;
    private final long[] times;
    private final float[] outcomes;
    private final float[] ownValues;
    private final int dimension;

    private AppendedRows(int rows, float[] states, long[] times, float[] outcomes, float[] ownValues, int dimension) {
        this.rows = rows;
        this.states = states;
        this.times = times;
        this.outcomes = outcomes;
        this.ownValues = ownValues;
        this.dimension = dimension;
    }

    /**
     * The rows of {@code recent} after the build's last analog: every hour with a complete state window whose
     * outcome hour has been observed, exactly as the builder makes rows.
     */
    static AppendedRows from(IndexManifest manifest, StateSpace space, List<Variable> outcomeVariables,
            HourlySeries recent, Double longitude) {
        if (recent == null || recent.isEmpty()) {
            return NONE;
        }
        int horizonHours = manifest.horizonHours();
        long after = manifest.lastAnalogTime().getEpochSecond();
        int dim = space.dimension();
        int columns = outcomeVariables.size();
        List<float[]> states = new ArrayList<>();
        List<Integer> hours = new ArrayList<>();
        float[] state = new float[dim];
        for (int i = 0; i + horizonHours < recent.length(); i++) {
            // a row joins once its outcome hour has been observed (a later build sees the same hours)
            if (recent.time(i).getEpochSecond() <= after || !recent.observedAt(i + horizonHours)
                    || !space.embedStrict(recent, i, longitude, state)) {
                continue;
            }
            states.add(state.clone());
            hours.add(i);
        }
        int n = states.size();
        if (n == 0) {
            return NONE;
        }
        float[] flat = new float[n * dim];
        long[] times = new long[n];
        float[] outcomes = new float[n * columns];
        float[] own = new float[n * columns];
        for (int r = 0; r < n; r++) {
            System.arraycopy(states.get(r), 0, flat, r * dim, dim);
            int hour = hours.get(r);
            times[r] = recent.time(hour).getEpochSecond();
            for (int c = 0; c < columns; c++) {
                outcomes[r * columns + c] = (float) recent.value(outcomeVariables.get(c), hour + horizonHours);
                own[r * columns + c] = (float) recent.value(outcomeVariables.get(c), hour);
            }
        }
        return new AppendedRows(n, flat, times, outcomes, own, dim);
    }

    public int rows() {
        return rows;
    }

    long epochSecond(int row) {
        return times[row];
    }

    float outcome(int row, int column, int columns) {
        return outcomes[row * columns + column];
    }

    float ownValue(int row, int column, int columns) {
        return ownValues[row * columns + column];
    }

    /** Rows whose time is at or before {@code epochSecond} (times ascend). */
    int countAtOrBefore(long epochSecond) {
        int n = 0;
        while (n < rows && times[n] <= epochSecond) {
            n++;
        }
        return n;
    }

    /** Euclidean distance in state space between {@code query} and row {@code row} (exact search). */
    double distance(int row, float[] query) {
        double sum = 0;
        int base = row * dimension;
        for (int j = 0; j < dimension; j++) {
            double d = query[j] - states[base + j];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }
}
