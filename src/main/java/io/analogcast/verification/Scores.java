package io.analogcast.verification;

import java.util.Arrays;

/**
 * Proper scores for weighted ensembles. Members with NaN values are dropped by the callers; weights need not sum
 * to one. Everything is O(m log m) in the number of members (sorted once).
 */
public final class Scores {

    private Scores() {
    }

    /** Members sorted by value with their normalised weights. */
    public record Ensemble(double[] values, double[] weights) {

        public static Ensemble of(double[] values, double[] weights) {
            int n = 0;
            for (int i = 0; i < values.length; i++) {
                if (!Double.isNaN(values[i]) && weights[i] > 0) {
                    n++;
                }
            }
            Integer[] order = new Integer[n];
            int j = 0;
            for (int i = 0; i < values.length; i++) {
                if (!Double.isNaN(values[i]) && weights[i] > 0) {
                    order[j++] = i;
                }
            }
            Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
            double total = 0;
            for (Integer i : order) {
                total += weights[i];
            }
            double[] v = new double[n];
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = values[order[i]];
                w[i] = weights[order[i]] / total;
            }
            return new Ensemble(v, w);
        }

        public static Ensemble equallyWeighted(double[] values) {
            double[] w = new double[values.length];
            Arrays.fill(w, 1.0);
            return of(values, w);
        }

        public int size() {
            return values.length;
        }

        public double mean() {
            double m = 0;
            for (int i = 0; i < values.length; i++) {
                m += weights[i] * values[i];
            }
            return m;
        }

        public double variance() {
            double m = mean();
            double v = 0;
            for (int i = 0; i < values.length; i++) {
                v += weights[i] * (values[i] - m) * (values[i] - m);
            }
            return v;
        }

        /** Weighted probability of exceeding the threshold. */
        public double exceedance(double threshold) {
            double p = 0;
            for (int i = 0; i < values.length; i++) {
                if (values[i] > threshold) {
                    p += weights[i];
                }
            }
            return p;
        }

        /** Weighted quantile (Hazen plotting positions, as the API's quantiles). */
        public double quantile(double p) {
            int n = values.length;
            double cumulative = 0;
            double previousPosition = 0;
            for (int i = 0; i < n; i++) {
                double position = cumulative + weights[i] / 2;
                if (p <= position) {
                    if (i == 0) {
                        return values[0];
                    }
                    double f = (p - previousPosition) / (position - previousPosition);
                    return values[i - 1] + f * (values[i] - values[i - 1]);
                }
                previousPosition = position;
                cumulative += weights[i];
            }
            return values[n - 1];
        }
    }

    /**
     * The fair (unbiased) ensemble CRPS: {@code E|X - y| - E|X - X'| / 2} with the spread term corrected for the
     * finite ensemble, {@code sum w_i w_j |x_i - x_j| / (1 - sum w_i^2)}. With equal weights this is Ferro's
     * fair CRPS, {@code 1/m sum|x_i - y| - 1/(2 m (m - 1)) sum sum |x_i - x_j|}. NaN for fewer than two members.
     */
    public static double fairCrps(Ensemble e, double observed) {
        int m = e.size();
        if (m < 2) {
            return Double.NaN;
        }
        double[] x = e.values();
        double[] w = e.weights();
        double absError = 0;
        double sumSquares = 0;
        for (int i = 0; i < m; i++) {
            absError += w[i] * Math.abs(x[i] - observed);
            sumSquares += w[i] * w[i];
        }
        // sum_i sum_j w_i w_j |x_i - x_j| over sorted values = 2 sum_i w_i x_i (W_below_i - W_above_i)
        double pairs = 0;
        double below = 0;
        for (int i = 0; i < m; i++) {
            double above = 1 - below - w[i];
            pairs += 2 * w[i] * x[i] * (below - above);
            below += w[i];
        }
        double correction = 1 - sumSquares;
        return absError - pairs / (2 * correction);
    }

    /** CRPS of a single-valued forecast: the absolute error. */
    public static double pointCrps(double forecast, double observed) {
        return Math.abs(forecast - observed);
    }

    /**
     * Probability integral transform of the observation under the ensemble's weighted step CDF; ties (common for
     * rain) are spread uniformly with {@code u} in [0, 1) so a calibrated ensemble gives a flat histogram.
     */
    public static double pit(Ensemble e, double observed, double u) {
        double below = 0;
        double equal = 0;
        double[] x = e.values();
        double[] w = e.weights();
        for (int i = 0; i < x.length; i++) {
            if (x[i] < observed) {
                below += w[i];
            } else if (x[i] == observed) {
                equal += w[i];
            }
        }
        return below + u * equal;
    }
}
