package io.analogcast.verification;

import io.analogcast.SharedData;
import io.analogcast.analog.AnalogIndex;
import io.analogcast.analog.AnalogIndexBuilder;
import io.analogcast.analog.BlendAnchor;
import io.analogcast.analog.BuildSettings;
import io.analogcast.analog.Horizon;
import io.analogcast.analog.IncompleteStateException;
import io.analogcast.analog.IndexManifest;
import io.analogcast.faiss.IndexSpec;
import io.analogcast.forecast.AnalogMethod;
import io.analogcast.forecast.ForecastState;
import io.analogcast.forecast.HorizonEnsemble;
import io.analogcast.forecast.WeightedEnsemble;
import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.ObservationRecord;
import io.analogcast.observation.Station;
import io.analogcast.observation.importer.BeijingCsvImporter;
import io.analogcast.observation.importer.ImportReport;
import io.analogcast.variable.Variable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A candidate study for issue 22 on the tuning period only (Beijing, 2015-03-01 to 2016-03-01, never the test
 * year): the analog ensemble anchored on the persistence-climatology blend. Each member is moved by
 * {@code lambda x (blend mean - analog mean)} and its distance from the analog mean scaled by {@code s}:
 * lambda 0 and s 1 is today's forecast, lambda 1 keeps only the analogs' spread around the blend's centre. The
 * blend is the verification's own reference, fitted at each origin on the history before it, so nothing after an
 * issue time is used. Same protocol as docs/tune.sh: three sites, forecasts every 12 h, indices rebuilt every 92 days,
 * exact indices, the shipped state space and method. A second candidate beside it: regression-adjusted analogs.
 * A third on top of the shipped anchoring (0.5 at 6-24 h, 1 at 48 h, temperature's 48 h spread x 0.9): recent bias
 * correction, every member moved by minus the mean error of the same site's, variable's and horizon's anchored
 * forecasts verified in the {@link #BIAS_WINDOWS} days before the issue time (known then: valid at or before it).
 * Not a test and not the service: run it with the command in docs/verification.md.
 */
public final class AnchoringStudy {

    private static final List<String> SITES = List.of("dongsi", "huairou", "gucheng");
    private static final Instant FROM = Instant.parse("2015-03-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2016-03-01T00:00:00Z");
    private static final int STRIDE_HOURS = 12;
    private static final int REFIT_DAYS = 92;
    private static final int K = 30;
    private static final List<Horizon> HORIZONS = List.of(new Horizon(6), new Horizon(12), new Horizon(24),
            new Horizon(48));
    private static final List<Variable> VARIABLES = List.of(Variable.T2M, Variable.D2M, Variable.MSL, Variable.WSPD);
    private static final double[] LAMBDAS = {0, 0.25, 0.5, 0.75, 1};
    private static final double[] SPREADS = {0.8, 0.9, 1.0, 1.1};
    private static final int[] BIAS_WINDOWS = {7, 30, 90};

    /** Sums of one variable and horizon over the cases where the analogs, the blend and an observation exist. */
    private static final class Sums {
        double blend;
        double adjusted;
        double shipped;
        final double[] biasCorrected = new double[BIAS_WINDOWS.length];
        final double[] harmonic = new double[LAMBDAS.length];
        final double[][] crps = new double[LAMBDAS.length][SPREADS.length];
        final double[][] variance = new double[LAMBDAS.length][SPREADS.length];
        final double[][] squaredError = new double[LAMBDAS.length][SPREADS.length];
        long cases;
    }

    public static void main(String[] args) throws Exception {
        Map<String, List<ObservationRecord>> records = new HashMap<>();
        ImportReport report = new BeijingCsvImporter().read(SharedData.beijing(), r -> {
            if (SITES.contains(r.stationId())) {
                records.computeIfAbsent(r.stationId(), s -> new ArrayList<>()).add(r);
            }
        });
        Map<Horizon, IndexSpec> exact = new HashMap<>();
        HORIZONS.forEach(h -> exact.put(h, IndexSpec.flatIp()));
        BuildSettings build = new BuildSettings(List.of(Variable.T2M, Variable.D2M, Variable.MSL, Variable.U10,
                Variable.V10), 3, Map.of("msl", 2.0), 10.0, exact);
        AnalogMethod method = new AnalogMethod("inverse-distance", Map.of(HORIZONS.get(2), 6, HORIZONS.get(3), 6),
                Set.of(HORIZONS.get(0), HORIZONS.get(1), HORIZONS.get(2)), Set.of(Variable.T2M, Variable.D2M,
                        Variable.MSL));
        Map<String, Sums> sums = new HashMap<>();
        Map<String, List<double[]>> errors = new HashMap<>(); // per site, variable and horizon: {valid epoch, error}
        Path work = Files.createTempDirectory("analogcast-anchoring");
        for (String site : SITES) {
            Station station = report.stations().get(site);
            HourlySeries full = HourlySeries.of(site, records.get(site));
            for (Instant origin = FROM; origin.isBefore(TO); origin = origin.plusSeconds(REFIT_DAYS * 86_400L)) {
                Instant next = origin.plusSeconds(REFIT_DAYS * 86_400L);
                HourlySeries known = full.before(origin);
                Map<Horizon, DampedPersistence> blends = DampedPersistence.fit(known, VARIABLES, HORIZONS);
                Map<String, BlendAnchor> harmonics = new HashMap<>();
                for (Variable v : VARIABLES) {
                    for (Horizon h : HORIZONS) {
                        harmonics.put(v.id() + " " + h, BlendAnchor.fit(known, v, h.hours()));
                    }
                }
                for (Horizon horizon : HORIZONS) {
                    Path dir = work.resolve(site + "-" + horizon + "-" + origin.getEpochSecond());
                    IndexManifest manifest = new AnalogIndexBuilder(build).build(known, station, horizon, dir, "study",
                            "study", f -> {
                            });
                    AnalogIndexBuilder.Files3 files = AnalogIndexBuilder.Files3.in(dir, site, horizon);
                    try (AnalogIndex index = AnalogIndex.open(files.faiss(), files.sidecar(), manifest, false)) {
                        for (Instant issued = origin; issued.isBefore(next) && issued.isBefore(TO);
                                issued = issued.plusSeconds(STRIDE_HOURS * 3600L)) {
                            score(full, station, index, method, blends.get(horizon), harmonics, horizon, issued, sums,
                                    errors);
                        }
                    }
                }
                System.err.println(site + " from " + origin + " done");
            }
        }
        try (Stream<Path> paths = Files.walk(work)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        print(sums);
    }

    private static void score(HourlySeries full, Station station, AnalogIndex index, AnalogMethod method,
            DampedPersistence blend, Map<String, BlendAnchor> harmonics, Horizon horizon, Instant issued,
            Map<String, Sums> sums, Map<String, List<double[]>> errors) {
        int i = full.indexOf(issued);
        if (i < 0) {
            return;
        }
        HorizonEnsemble forecast;
        try {
            forecast = method.forecast(index, ForecastState.observed(full, i, station.longitude), K, VARIABLES);
        } catch (IncompleteStateException e) {
            return;
        }
        Instant valid = issued.plusSeconds(horizon.seconds());
        for (Variable v : VARIABLES) {
            double observed = full.value(v, i + horizon.hours());
            WeightedEnsemble analogs = forecast.ensemble(v);
            WeightedEnsemble reference = blend.forecast(v, issued, full.value(v, i), valid);
            if (Double.isNaN(observed) || analogs.size() < 2 || reference == null) {
                continue;
            }
            Sums s = sums.computeIfAbsent(v.id() + " " + horizon, x -> new Sums());
            s.cases++;
            s.blend += Scores.fairCrps(reference, observed);
            double[] adjusted = regressionAdjusted(index, forecast, v, full.value(v, i));
            s.adjusted += Scores.fairCrps(WeightedEnsemble.of(adjusted, forecast.weights()), observed);
            double[] members = forecast.members().get(v);
            double mean = analogs.mean();
            // the service's anchor (BlendAnchor), at every share of the way
            double harmonicCentre = harmonics.get(v.id() + " " + horizon).centre(issued, full.value(v, i), valid);
            for (int l = 0; l < LAMBDAS.length; l++) {
                double centre = mean + LAMBDAS[l] * (harmonicCentre - mean);
                double[] moved = new double[members.length];
                for (int m = 0; m < members.length; m++) {
                    moved[m] = Double.isNaN(members[m]) ? Double.NaN
                            : Math.max(v.min(), Math.min(v.max(), centre + members[m] - mean));
                }
                s.harmonic[l] += Scores.fairCrps(WeightedEnsemble.of(moved, forecast.weights()), observed);
            }
            // the shipped anchoring, then corrected by its own recent errors at this site
            boolean longest = horizon.hours() == 48;
            double[] shipped = anchored(members, mean, mean + (longest ? 1 : 0.5) * (harmonicCentre - mean),
                    longest && v == Variable.T2M ? 0.9 : 1, v);
            WeightedEnsemble served = WeightedEnsemble.of(shipped, forecast.weights());
            s.shipped += Scores.fairCrps(served, observed);
            List<double[]> past = errors.computeIfAbsent(station.id + " " + v.id() + " " + horizon, x -> new ArrayList<>());
            for (int w = 0; w < BIAS_WINDOWS.length; w++) {
                double bias = recentBias(past, issued, BIAS_WINDOWS[w]);
                s.biasCorrected[w] += Double.isNaN(bias) ? Scores.fairCrps(served, observed)
                        : Scores.fairCrps(WeightedEnsemble.of(anchored(shipped, served.mean(), served.mean() - bias, 1, v),
                                forecast.weights()), observed);
            }
            past.add(new double[] {valid.getEpochSecond(), served.mean() - observed});
            for (int l = 0; l < LAMBDAS.length; l++) {
                for (int p = 0; p < SPREADS.length; p++) {
                    double centre = mean + LAMBDAS[l] * (reference.mean() - mean);
                    double[] moved = new double[members.length];
                    for (int m = 0; m < members.length; m++) {
                        moved[m] = Double.isNaN(members[m]) ? Double.NaN
                                : Math.max(v.min(), Math.min(v.max(), centre + SPREADS[p] * (members[m] - mean)));
                    }
                    WeightedEnsemble candidate = WeightedEnsemble.of(moved, forecast.weights());
                    s.crps[l][p] += Scores.fairCrps(candidate, observed);
                    s.variance[l][p] += candidate.variance();
                    s.squaredError[l][p] += (candidate.mean() - observed) * (candidate.mean() - observed);
                }
            }
        }
    }

    /** Members moved so that their mean {@code mean} becomes {@code centre}, their spread around it scaled. */
    private static double[] anchored(double[] members, double mean, double centre, double spread, Variable v) {
        double[] moved = new double[members.length];
        for (int m = 0; m < members.length; m++) {
            moved[m] = Double.isNaN(members[m]) ? Double.NaN
                    : Math.max(v.min(), Math.min(v.max(), centre + spread * (members[m] - mean)));
        }
        return moved;
    }

    /** The mean error of the forecasts valid in the {@code days} before {@code issued}; NaN when there is none. */
    private static double recentBias(List<double[]> past, Instant issued, int days) {
        double from = issued.getEpochSecond() - days * 86_400.0;
        double sum = 0;
        int n = 0;
        for (int e = past.size() - 1; e >= 0 && past.get(e)[0] > from; e--) {
            if (past.get(e)[0] <= issued.getEpochSecond()) {
                sum += past.get(e)[1];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * Regression-adjusted analogs (the regression adjustment of approximate Bayesian computation): each analog's raw
     * outcome corrected by {@code beta x (current value - the analog's own value)}, {@code beta} the weighted
     * least-squares slope of the outcomes on the analogs' own values over the neighbourhood. Beta 1 is the tendency
     * member, beta 0 the raw outcome.
     */
    private static double[] regressionAdjusted(AnalogIndex index, HorizonEnsemble forecast, Variable v, double now) {
        int[] rows = forecast.analogs().rows();
        double[] weights = forecast.weights();
        double[] own = new double[rows.length];
        double[] outcome = new double[rows.length];
        double sw = 0;
        double sx = 0;
        double sy = 0;
        for (int a = 0; a < rows.length; a++) {
            own[a] = index.ownValue(rows[a], v);
            outcome[a] = index.outcome(rows[a], v);
            if (!Double.isNaN(own[a]) && !Double.isNaN(outcome[a])) {
                sw += weights[a];
                sx += weights[a] * own[a];
                sy += weights[a] * outcome[a];
            }
        }
        double beta = 0;
        if (sw > 0 && !Double.isNaN(now)) {
            double mx = sx / sw;
            double my = sy / sw;
            double sxy = 0;
            double sxx = 0;
            for (int a = 0; a < rows.length; a++) {
                if (!Double.isNaN(own[a]) && !Double.isNaN(outcome[a])) {
                    sxy += weights[a] * (own[a] - mx) * (outcome[a] - my);
                    sxx += weights[a] * (own[a] - mx) * (own[a] - mx);
                }
            }
            beta = sxx > 0 ? sxy / sxx : 0;
        }
        double[] adjusted = new double[rows.length];
        for (int a = 0; a < rows.length; a++) {
            adjusted[a] = Double.isNaN(outcome[a]) ? Double.NaN : Double.isNaN(own[a]) || Double.isNaN(now)
                    ? outcome[a] : Math.max(v.min(), Math.min(v.max(), outcome[a] + beta * (now - own[a])));
        }
        return adjusted;
    }

    private static void print(Map<String, Sums> sums) {
        System.out.println("CRPS skill against the blend (1 - CRPS / CRPS of the blend) on the tuning period; "
                + "rows: variable and horizon; columns: lambda/spread factor; spread/skill of the best in brackets");
        StringBuilder head = new StringBuilder("| cell | cases |");
        for (double lambda : LAMBDAS) {
            for (double spread : SPREADS) {
                head.append(" ").append(lambda).append("/").append(spread).append(" |");
            }
        }
        for (double lambda : LAMBDAS) {
            head.append(" harmonic ").append(lambda).append(" |");
        }
        head.append(" best | regression-adjusted | shipped anchoring |");
        for (int days : BIAS_WINDOWS) {
            head.append(" bias-corrected over ").append(days).append(" days |");
        }
        System.out.println(head);
        for (Variable v : VARIABLES) {
            for (Horizon h : HORIZONS) {
                Sums s = sums.get(v.id() + " " + h);
                if (s == null) {
                    continue;
                }
                StringBuilder row = new StringBuilder("| " + v.id() + " " + h + " | " + s.cases + " |");
                for (double harmonic : s.harmonic) {
                    row.append(String.format(" %.3f |", 1 - harmonic / s.blend));
                }
                double best = -1e9;
                String bestName = "";
                for (int l = 0; l < LAMBDAS.length; l++) {
                    for (int p = 0; p < SPREADS.length; p++) {
                        double skill = 1 - s.crps[l][p] / s.blend;
                        row.append(String.format(" %.3f |", skill));
                        if (skill > best) {
                            best = skill;
                            bestName = LAMBDAS[l] + "/" + SPREADS[p] + String.format(" (%.2f)",
                                    Math.sqrt(s.variance[l][p] * (K + 1.0) / K / s.squaredError[l][p]));
                        }
                    }
                }
                row.append(" ").append(bestName).append(" | ").append(String.format("%.3f", 1 - s.adjusted / s.blend))
                        .append(" | ").append(String.format("%.3f", 1 - s.shipped / s.blend)).append(" |");
                for (double corrected : s.biasCorrected) {
                    row.append(String.format(" %.3f |", 1 - corrected / s.blend));
                }
                System.out.println(row);
            }
        }
    }
}
