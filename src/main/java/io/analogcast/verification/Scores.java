package io.analogcast.verification;

import io.analogcast.forecast.WeightedEnsemble;

/**
 * Proper scores for weighted ensembles. Members with NaN values are dropped by the callers; weights need not sum
 * to one. Everything is O(m log m) in the number of members (sorted once).
 */
public final class Scores {

    private Scores() {
    }

    /**
     * The fair (unbiased) ensemble CRPS: {@code E|X - y| - E|X - X'| / 2} with the spread term corrected for the
     * finite ensemble, {@code sum w_i w_j |x_i - x_j| / (1 - sum w_i^2)}. With equal weights this is Ferro's
     * fair CRPS, {@code 1/m sum|x_i - y| - 1/(2 m (m - 1)) sum sum |x_i - x_j|}. NaN for fewer than two members.
     */
    public static double fairCrps(WeightedEnsemble e, double observed) {
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
    public static double pit(WeightedEnsemble e, double observed, double u) {
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
