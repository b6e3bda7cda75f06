package io.analogcast.verification;

import io.analogcast.analog.Horizon;
import io.analogcast.forecast.WeightedEnsemble;
import io.analogcast.observation.HourlySeries;
import io.analogcast.variable.Variable;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A persistence-climatology blend as a reference forecast (damped anomaly persistence): the climatological mean at
 * the valid time plus the issue-time anomaly scaled by a weight in [0, 1], spread by the quantiles of the fit's own
 * errors. Weight and errors are fitted per variable, horizon and UTC hour of issue, on the history before the origin
 * only, by least squares. A weight near 1 is persistence of the anomaly, near 0 climatology: the blend takes the best
 * of both references per hour, which makes it the stronger of the two.
 */
final class DampedPersistence {

    /** Members of the reference ensemble: error quantiles at (j + 0.5) / MEMBERS. */
    static final int MEMBERS = 51;
    static final String DESCRIPTION = "climatological mean at the valid time (same UTC hour, +/-"
            + Climatology.REFERENCE_WINDOW_DAYS + " days of the day of year, widened like climatology) + w x the "
            + "issue-time anomaly, with " + MEMBERS + " members from the quantiles of the fit's errors; w in [0, 1] and "
            + "the errors fitted by least squares per variable, horizon and UTC hour of issue on the history before each "
            + "origin";

    /** The weight and error quantiles of one variable and issue hour. */
    private record Fit(double weight, double[] errorQuantiles) {
    }

    private final Map<Variable, double[]> means;
    private final Map<Variable, Fit[]> fits;

    private DampedPersistence(Map<Variable, double[]> means, Map<Variable, Fit[]> fits) {
        this.means = means;
        this.fits = fits;
    }

    /**
     * Fits the blend for each horizon on {@code known}, the history before the origin; the climatological means are
     * the same for every horizon and computed once.
     */
    static Map<Horizon, DampedPersistence> fit(HourlySeries known, List<Variable> variables, List<Horizon> horizons) {
        int[] buckets = new int[known.length()];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = Climatology.bucket(known.time(i));
        }
        Map<Variable, double[]> means = new EnumMap<>(Variable.class);
        variables.forEach(v -> means.put(v, climateMeans(known, v, buckets)));
        Map<Horizon, DampedPersistence> byHorizon = new HashMap<>();
        for (Horizon horizon : horizons) {
            Map<Variable, Fit[]> fits = new EnumMap<>(Variable.class);
            variables.forEach(v -> fits.put(v, fitHours(known, v, buckets, means.get(v), horizon.hours())));
            byHorizon.put(horizon, new DampedPersistence(means, fits));
        }
        return byHorizon;
    }

    /** The blend's ensemble for {@code v} issued at {@code issued} with value {@code now}; null where undefined. */
    WeightedEnsemble forecast(Variable v, Instant issued, double now, Instant valid) {
        Fit fit = fits.get(v)[Climatology.bucket(issued) / Climatology.DAYS];
        if (fit == null || Double.isNaN(now)) {
            return null;
        }
        double[] mean = means.get(v);
        double center = mean[Climatology.bucket(valid)] + fit.weight() * (now - mean[Climatology.bucket(issued)]);
        if (Double.isNaN(center)) {
            return null;
        }
        double[] members = new double[MEMBERS];
        for (int j = 0; j < MEMBERS; j++) {
            members[j] = Math.max(v.min(), Math.min(v.max(), center + fit.errorQuantiles()[j]));
        }
        return WeightedEnsemble.equallyWeighted(members);
    }

    /** Mean by (UTC hour, day of year) over the climatology's windows, NaN where even the widest is too thin. */
    private static double[] climateMeans(HourlySeries known, Variable v, int[] buckets) {
        int cells = 24 * Climatology.DAYS;
        double[] sum = new double[cells];
        int[] count = new int[cells];
        for (int i = 0; i < buckets.length; i++) {
            double x = known.value(v, i);
            if (!Double.isNaN(x)) {
                sum[buckets[i]] += x;
                count[buckets[i]]++;
            }
        }
        double[] mean = new double[cells];
        for (int cell = 0; cell < cells; cell++) {
            Climatology.Window window = Climatology.narrowest(cell, b -> count[b]);
            if (window == null) {
                mean[cell] = Double.NaN;
                continue;
            }
            double total = 0;
            for (int b : window.buckets()) {
                total += sum[b];
            }
            mean[cell] = total / window.size();
        }
        return mean;
    }

    /** Least-squares weight and error quantiles per UTC hour of issue; null for an hour with too few pairs. */
    private static Fit[] fitHours(HourlySeries known, Variable v, int[] buckets, double[] mean, int hours) {
        int pairs = Math.max(0, buckets.length - hours);
        double[] issueAnomaly = new double[pairs];
        double[] validAnomaly = new double[pairs];
        double[] sumXY = new double[24];
        double[] sumXX = new double[24];
        int[] n = new int[24];
        for (int i = 0; i < pairs; i++) {
            double a = known.value(v, i) - mean[buckets[i]];
            double b = known.value(v, i + hours) - mean[buckets[i + hours]];
            issueAnomaly[i] = a;
            validAnomaly[i] = b;
            if (!Double.isNaN(a) && !Double.isNaN(b)) {
                int hour = buckets[i] / Climatology.DAYS;
                sumXY[hour] += a * b;
                sumXX[hour] += a * a;
                n[hour]++;
            }
        }
        double[][] errors = new double[24][];
        int[] filled = new int[24];
        for (int hour = 0; hour < 24; hour++) {
            errors[hour] = new double[n[hour]];
        }
        double[] weight = new double[24];
        for (int hour = 0; hour < 24; hour++) {
            weight[hour] = sumXX[hour] > 0 ? Math.max(0, Math.min(1, sumXY[hour] / sumXX[hour])) : 0;
        }
        for (int i = 0; i < pairs; i++) {
            if (!Double.isNaN(issueAnomaly[i]) && !Double.isNaN(validAnomaly[i])) {
                int hour = buckets[i] / Climatology.DAYS;
                errors[hour][filled[hour]++] = validAnomaly[i] - weight[hour] * issueAnomaly[i];
            }
        }
        Fit[] fits = new Fit[24];
        for (int hour = 0; hour < 24; hour++) {
            if (n[hour] < Climatology.MIN_MEMBERS) {
                continue;
            }
            double[] sorted = errors[hour];
            Arrays.sort(sorted);
            double[] quantiles = new double[MEMBERS];
            for (int j = 0; j < MEMBERS; j++) {
                quantiles[j] = sorted[(int) ((j + 0.5) / MEMBERS * sorted.length)];
            }
            fits[hour] = new Fit(weight[hour], quantiles);
        }
        return fits;
    }
}
