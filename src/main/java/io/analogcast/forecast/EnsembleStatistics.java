package io.analogcast.forecast;

import java.util.Arrays;
import java.util.List;

/**
 * Weighted ensemble statistics of analog outcomes. Missing outcomes (NaN) are left out and the remaining
 * weights renormalized.
 *
 * <p>Quantiles use the weighted form of the Hazen plotting position: sorted values sit at cumulative-weight
 * midpoints {@code (C_i - w_i/2) / W} and are interpolated linearly between them (clamped at the ends); with equal
 * weights this is the usual {@code (i - 0.5) / n} definition.
 */
public final class EnsembleStatistics {

    public static final double[] QUANTILES = {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95};

    private EnsembleStatistics() {
    }

    /** Summary of one variable; {@code quantiles} follow {@link #QUANTILES}. */
    public record Summary(int count, double mean, double std, double min, double max, double[] quantiles,
            double[] exceedance) {
        public double quantile(double p) {
            return quantiles[Arrays.binarySearch(QUANTILES, p)];
        }
    }

    /**
     * @param values     one outcome per analog, NaN when missing
     * @param weights    one non-negative weight per analog
     * @param thresholds probability of {@code value > threshold} is computed for each
     * @return null when no analog has a value
     */
    public static Summary summarize(double[] values, double[] weights, List<Double> thresholds) {
        WeightedEnsemble e = WeightedEnsemble.of(values, weights);
        int n = e.size();
        if (n == 0) {
            return null;
        }
        double[] quantiles = new double[QUANTILES.length];
        for (int q = 0; q < QUANTILES.length; q++) {
            quantiles[q] = e.quantile(QUANTILES[q]);
        }
        double[] exceedance = new double[thresholds.size()];
        for (int t = 0; t < thresholds.size(); t++) {
            exceedance[t] = e.exceedance(thresholds.get(t));
        }
        return new Summary(n, e.mean(), Math.sqrt(e.variance()), e.values()[0], e.values()[n - 1], quantiles,
                exceedance);
    }

    /** Analog weights from their distances: inverse distance (nearer analogs count more) or uniform. */
    public static double[] weights(double[] distances, String scheme) {
        double[] w = new double[distances.length];
        if ("uniform".equals(scheme)) {
            Arrays.fill(w, 1.0);
            return w;
        }
        // softening by a small fraction of the mean distance keeps an exact match from taking all the weight
        double mean = Arrays.stream(distances).average().orElse(0);
        double epsilon = Math.max(1e-6, 0.05 * mean);
        for (int i = 0; i < distances.length; i++) {
            w[i] = 1.0 / (distances[i] + epsilon);
        }
        return w;
    }

    /**
     * Confidence in [0, 1]: the share of analogs with a value times how close they are compared with what is
     * typical for this index ({@code typicalDistance}: median over the history of the mean analog distance).
     * Closeness is {@code 1 / (1 + (mean / typical)^2)}: 0.5 for typical analogs, towards 1 for unusually close
     * ones, towards 0 for a state unlike anything in the history.
     */
    public static double confidence(int withValue, int k, double meanDistance, double typicalDistance) {
        if (k == 0) {
            return 0;
        }
        double ratio = typicalDistance <= 0 ? 0 : meanDistance / typicalDistance;
        return (double) withValue / k / (1 + ratio * ratio);
    }
}
