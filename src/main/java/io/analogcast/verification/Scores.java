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

    /**
     * CRPS of a forecast known only by quantiles at symmetric levels (an issued forecast keeps its statistics, not
     * its members): {@code 2 sum_i w_i rho_i(y - q_i)}, the quantile decomposition of the CRPS with trapezoid
     * weights over [0, 1]. A single value at every level scores its absolute error, as {@link #pointCrps} does.
     */
    public static double quantileCrps(double[] levels, double[] quantiles, double observed) {
        double sum = 0;
        for (int i = 0; i < levels.length; i++) {
            double lower = i == 0 ? 0 : (levels[i - 1] + levels[i]) / 2;
            double upper = i == levels.length - 1 ? 1 : (levels[i] + levels[i + 1]) / 2;
            double error = observed - quantiles[i];
            double pinball = error >= 0 ? levels[i] * error : (levels[i] - 1) * error;
            sum += (upper - lower) * pinball;
        }
        return 2 * sum;
    }

    /**
     * PIT of an observation under the piecewise-linear CDF through (min, 0), the quantiles and (max, 1); an
     * observation equal to a run of tied quantiles (a dry forecast) takes the middle of the jump.
     */
    public static double quantilePit(double[] levels, double[] quantiles, double min, double max, double observed) {
        int n = levels.length + 2;
        double[] x = new double[n];
        double[] p = new double[n];
        x[0] = min;
        x[n - 1] = max;
        p[n - 1] = 1;
        for (int i = 0; i < levels.length; i++) {
            x[i + 1] = quantiles[i];
            p[i + 1] = levels[i];
        }
        if (observed < x[0]) {
            return 0;
        }
        if (observed > x[n - 1]) {
            return 1;
        }
        int first = 0;
        while (x[first] < observed) {
            first++;
        }
        int last = n - 1;
        while (x[last] > observed) {
            last--;
        }
        if (first <= last) {
            return (p[first] + p[last]) / 2;
        }
        // x[last] < observed < x[first], neighbours
        return p[last] + (p[first] - p[last]) * (observed - x[last]) / (x[first] - x[last]);
    }
}
