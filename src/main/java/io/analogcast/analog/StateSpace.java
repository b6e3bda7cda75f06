package io.analogcast.analog;

import io.analogcast.observation.HourlySeries;
import io.analogcast.variable.Variable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How an atmospheric state becomes a vector: each predictor over the last {@code window} hours, standardized by
 * its climatological mean and standard deviation and scaled by the square root of its weight (so squared L2
 * distance is the weighted sum of squared z-score differences), followed by local solar time of day and season
 * as sine/cosine pairs.
 *
 * <p>Layout: predictor-major, oldest hour first: {@code [p0(t-w+1) .. p0(t), p1(t-w+1) .. p1(t), ..., sin hod,
 * cos hod, sin doy, cos doy]}.
 */
public record StateSpace(List<Variable> predictors, int window, double[] weights, double timeWeight, double[] means,
        double[] stds) {

    public static final int TIME_COMPONENTS = 4;
    private static final double DAYS_PER_YEAR = 365.2425;

    /** Fits the standardization to a series (mean/std of each predictor over all its hours). */
    public static StateSpace fit(HourlySeries series, List<Variable> predictors, int window,
            Map<String, Double> weightById, double timeWeight) {
        int p = predictors.size();
        double[] weights = new double[p];
        double[] means = new double[p];
        double[] stds = new double[p];
        for (int j = 0; j < p; j++) {
            Variable v = predictors.get(j);
            weights[j] = weightById.getOrDefault(v.id(), 1.0);
            double sum = 0;
            double sumSq = 0;
            long n = 0;
            for (int i = 0; i < series.length(); i++) {
                double x = series.value(v, i);
                if (!Double.isNaN(x)) {
                    sum += x;
                    sumSq += x * x;
                    n++;
                }
            }
            if (n < 2) {
                throw new IncompleteStateException("station " + series.stationId() + " has no " + v.id() + " observations");
            }
            means[j] = sum / n;
            stds[j] = Math.max(1e-6, Math.sqrt(Math.max(0, sumSq / n - means[j] * means[j])));
        }
        return new StateSpace(List.copyOf(predictors), window, weights, timeWeight, means, stds);
    }

    public int dimension() {
        return predictors.size() * window + TIME_COMPONENTS;
    }

    /**
     * The state at grid index {@code index}, strictly: false (and {@code out} undefined) if any predictor is
     * missing in the window. Used for the rows of an index.
     */
    public boolean embedStrict(HourlySeries series, int index, Double longitude, float[] out) {
        if (index - window + 1 < 0) {
            return false;
        }
        for (int j = 0; j < predictors.size(); j++) {
            for (int lag = 0; lag < window; lag++) {
                double x = series.value(predictors.get(j), index - window + 1 + lag);
                if (Double.isNaN(x)) {
                    return false;
                }
                out[j * window + lag] = standardized(j, x);
            }
        }
        timeEncoding(series.time(index), longitude, out);
        return true;
    }

    /**
     * The state for a query: a missing hour takes the nearest available hour of the same predictor within the
     * window (real feeds have gaps); a predictor missing over the whole window makes the state incomplete.
     */
    public float[] embedQuery(HourlySeries series, int index, Double longitude) {
        double[][] values = new double[predictors.size()][window];
        for (int j = 0; j < predictors.size(); j++) {
            for (int lag = 0; lag < window; lag++) {
                values[j][lag] = series.value(predictors.get(j), index - window + 1 + lag);
            }
        }
        return embedValues(values, series.time(index), longitude, true);
    }

    /**
     * A state from explicit values, {@code values[predictor][lag]} oldest first, ending at {@code time}.
     * With {@code fillGaps} false every value must be present.
     */
    public float[] embedValues(double[][] values, Instant time, Double longitude, boolean fillGaps) {
        float[] out = new float[dimension()];
        for (int j = 0; j < predictors.size(); j++) {
            for (int lag = 0; lag < window; lag++) {
                double x = values[j][lag];
                if (Double.isNaN(x)) {
                    if (!fillGaps) {
                        throw new IncompleteStateException(predictors.get(j).id() + "[" + lag + "] is missing");
                    }
                    x = nearestPresent(values[j], lag);
                    if (Double.isNaN(x)) {
                        throw new IncompleteStateException("no " + predictors.get(j).id() + " observation in the "
                                + window + " hours up to " + time);
                    }
                }
                out[j * window + lag] = standardized(j, x);
            }
        }
        timeEncoding(time, longitude, out);
        return out;
    }

    private static double nearestPresent(double[] row, int lag) {
        for (int distance = 1; distance < row.length; distance++) {
            for (int candidate : new int[] {lag + distance, lag - distance}) {
                if (candidate >= 0 && candidate < row.length && !Double.isNaN(row[candidate])) {
                    return row[candidate];
                }
            }
        }
        return Double.NaN;
    }

    private float standardized(int predictor, double x) {
        return (float) ((x - means[predictor]) / stds[predictor] * Math.sqrt(weights[predictor]));
    }

    private void timeEncoding(Instant time, Double longitude, float[] out) {
        long seconds = time.getEpochSecond();
        double solarHours = Math.floorMod(seconds, 86400) / 3600.0 + (longitude == null ? 0 : longitude / 15.0);
        double dayOfYear = (seconds / 86400.0) % DAYS_PER_YEAR;
        double scale = Math.sqrt(timeWeight);
        int base = predictors.size() * window;
        out[base] = (float) (scale * Math.sin(2 * Math.PI * solarHours / 24));
        out[base + 1] = (float) (scale * Math.cos(2 * Math.PI * solarHours / 24));
        out[base + 2] = (float) (scale * Math.sin(2 * Math.PI * dayOfYear / DAYS_PER_YEAR));
        out[base + 3] = (float) (scale * Math.cos(2 * Math.PI * dayOfYear / DAYS_PER_YEAR));
    }
}
