package io.analogcast.forecast;

import java.util.Arrays;

/**
 * An ensemble as the service and the verification see it: members with a value, sorted, weights normalised to
 * sum to one; NaN values and non-positive weights are dropped. Quantiles use Hazen plotting positions.
 */
public record WeightedEnsemble(double[] values, double[] weights) {

    public static WeightedEnsemble of(double[] values, double[] weights) {
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
        return new WeightedEnsemble(v, w);
    }

    public static WeightedEnsemble equallyWeighted(double[] values) {
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
