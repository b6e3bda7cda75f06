package io.analogcast.analog;

/**
 * The analogs found for one state, nearest first: sidecar rows, their Euclidean distances in state space and
 * times (epoch seconds).
 */
public record Analogs(int[] rows, double[] distances, long[] epochSeconds) {

    public int size() {
        return rows.length;
    }
}
