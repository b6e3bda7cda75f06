package io.analogcast.analog;

import io.analogcast.observation.HourlySeries;
import io.analogcast.variable.Variable;

import java.time.Instant;

/**
 * A persistence-climatology blend of one variable and horizon, fitted on an index build's history and kept in its
 * manifest: a forecast's analog ensemble is anchored on its centre (docs/verification.md, "Beating the blend").
 * The climatological mean is a least-squares fit of annual and diurnal harmonics and their interaction
 * ({@link #FEATURES} coefficients); the anomaly at issue time persists with a weight in [0, 1] fitted per UTC hour of
 * issue. A few dozen numbers, so that a manifest carries it; fitted on the history it is given and nothing else.
 *
 * @param coefficients of the climatological mean, in the order of {@link #features}
 * @param weights      damping of the issue-time anomaly per UTC hour of issue
 */
public record BlendAnchor(double[] coefficients, double[] weights) {

    public static final int FEATURES = 21;
    private static final double YEAR_DAYS = 365.2425;
    /** Fewer observed hours than this (300 days) fit no annual cycle worth anchoring on: the station is not anchored. */
    static final int MIN_HOURS = 24 * 300;

    /** The centre of the blend issued at {@code issued} with value {@code now}, valid at {@code valid}. */
    public double centre(Instant issued, double now, Instant valid) {
        return climate(valid) + weights[hourOfDay(issued)] * (now - climate(issued));
    }

    /** The climatological mean at {@code time}. */
    public double climate(Instant time) {
        double[] f = features(time);
        double sum = 0;
        for (int j = 0; j < FEATURES; j++) {
            sum += coefficients[j] * f[j];
        }
        return sum;
    }

    /**
     * The blend of {@code v} at {@code hours} ahead, fitted on {@code history}; null when it has too few values of
     * {@code v} for a climatology.
     */
    public static BlendAnchor fit(HourlySeries history, Variable v, int hours) {
        Climatology climatology = climatology(history, v);
        return climatology == null ? null : damped(climatology, hours);
    }

    /**
     * {@code v}'s climatological mean fitted on {@code history} and the history's anomalies from it: the same for every
     * horizon, so a build fits it once per station. Null when the history has too few values of {@code v}.
     */
    public static Climatology climatology(HourlySeries history, Variable v) {
        double[][] normal = new double[FEATURES][FEATURES + 1];
        double[] f = new double[FEATURES];
        int observed = 0;
        for (int i = 0; i < history.length(); i++) {
            double y = history.value(v, i);
            if (Double.isNaN(y)) {
                continue;
            }
            observed++;
            features(history.time(i), f);
            for (int r = 0; r < FEATURES; r++) {
                for (int c = r; c < FEATURES; c++) {
                    normal[r][c] += f[r] * f[c];
                }
                normal[r][FEATURES] += f[r] * y;
            }
        }
        if (observed < MIN_HOURS) {
            return null;
        }
        for (int r = 0; r < FEATURES; r++) {
            for (int c = 0; c < r; c++) {
                normal[r][c] = normal[c][r];
            }
        }
        BlendAnchor climate = new BlendAnchor(solve(normal), new double[24]);
        double[] anomalies = new double[history.length()];
        int[] issueHours = new int[history.length()];
        for (int i = 0; i < anomalies.length; i++) {
            anomalies[i] = history.value(v, i) - climate.climate(history.time(i)); // NaN where unobserved
            issueHours[i] = hourOfDay(history.time(i));
        }
        return new Climatology(climate.coefficients(), anomalies, issueHours);
    }

    /**
     * A fitted climatological mean and a history's anomalies from it, hour by hour.
     *
     * @param issueHours each hour's UTC hour of day
     */
    public record Climatology(double[] coefficients, double[] anomalies, int[] issueHours) {
    }

    /**
     * The blend at {@code hours} ahead on a fitted {@link #climatology}: the issue-time anomaly's damping per UTC hour
     * of issue, fitted on the climatology's history.
     */
    public static BlendAnchor damped(Climatology climatology, int hours) {
        double[] anomaly = climatology.anomalies();
        double[] xy = new double[24];
        double[] xx = new double[24];
        for (int i = 0; i + hours < anomaly.length; i++) {
            if (!Double.isNaN(anomaly[i]) && !Double.isNaN(anomaly[i + hours])) {
                int hour = climatology.issueHours()[i];
                xy[hour] += anomaly[i] * anomaly[i + hours];
                xx[hour] += anomaly[i] * anomaly[i];
            }
        }
        double[] weights = new double[24];
        for (int h = 0; h < 24; h++) {
            weights[h] = xx[h] > 0 ? Math.max(0, Math.min(1, xy[h] / xx[h])) : 0;
        }
        return new BlendAnchor(climatology.coefficients(), weights);
    }

    /** 1, three annual and three diurnal harmonics, and the first annual harmonic times the first two diurnal ones. */
    static double[] features(Instant time) {
        double[] f = new double[FEATURES];
        features(time, f);
        return f;
    }

    private static void features(Instant time, double[] f) {
        long seconds = time.getEpochSecond();
        double annual = 2 * Math.PI * ((seconds / 86_400.0) % YEAR_DAYS) / YEAR_DAYS;
        double diurnal = 2 * Math.PI * Math.floorMod(seconds, 86_400L) / 86_400.0;
        int n = 0;
        f[n++] = 1;
        for (int k = 1; k <= 3; k++) {
            f[n++] = Math.cos(k * annual);
            f[n++] = Math.sin(k * annual);
            f[n++] = Math.cos(k * diurnal);
            f[n++] = Math.sin(k * diurnal);
        }
        for (int j = 1; j <= 2; j++) {
            f[n++] = Math.cos(annual) * Math.cos(j * diurnal);
            f[n++] = Math.cos(annual) * Math.sin(j * diurnal);
            f[n++] = Math.sin(annual) * Math.cos(j * diurnal);
            f[n++] = Math.sin(annual) * Math.sin(j * diurnal);
        }
    }

    private static int hourOfDay(Instant time) {
        return (int) (Math.floorMod(time.getEpochSecond(), 86_400L) / 3600);
    }

    /** Gaussian elimination with partial pivoting of an augmented matrix (the normal equations; small and dense). */
    private static double[] solve(double[][] m) {
        int n = m.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            for (int r = col + 1; r < n; r++) {
                double factor = m[r][col] / m[col][col];
                for (int c = col; c <= n; c++) {
                    m[r][c] -= factor * m[col][c];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double sum = m[r][n];
            for (int c = r + 1; c < n; c++) {
                sum -= m[r][c] * x[c];
            }
            x[r] = sum / m[r][r];
        }
        return x;
    }
}
