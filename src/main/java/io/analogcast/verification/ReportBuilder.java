package io.analogcast.verification;

import io.analogcast.analog.Horizon;
import io.analogcast.observation.Station;
import io.analogcast.variable.Variable;
import io.analogcast.verification.Evaluation.Case;
import io.analogcast.verification.Evaluation.CaseLog;
import io.analogcast.verification.Evaluation.EventCase;
import io.analogcast.verification.Evaluation.EventKey;
import io.analogcast.verification.Evaluation.Key;
import io.analogcast.verification.VerificationReport.FanChart;
import io.analogcast.verification.VerificationReport.FanPoint;
import io.analogcast.verification.VerificationReport.Interval;
import io.analogcast.verification.VerificationReport.Meta;
import io.analogcast.verification.VerificationReport.RankHistogram;
import io.analogcast.verification.VerificationReport.Reliability;
import io.analogcast.verification.VerificationReport.SkillRow;
import io.analogcast.verification.VerificationReport.TargetCheck;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/** Turns scored cases into the report: pooled and per-station scores, bootstrap intervals, diagrams, targets. */
final class ReportBuilder {

    static final int PIT_BINS = 10;
    static final int RELIABILITY_BINS = 10;
    /** Variables with a skill target (issue: temperature, pressure, dew point and wind speed at every horizon). */
    static final List<Variable> TARGET_VARIABLES = List.of(Variable.T2M, Variable.MSL, Variable.D2M, Variable.WSPD);
    static final double SPREAD_SKILL_LOW = 0.8;
    static final double SPREAD_SKILL_HIGH = 1.2;
    /** Mean reference score per day below which a skill score is undefined. */
    static final double NEGLIGIBLE_REFERENCE = 1e-9;

    private final EvaluationSettings settings;
    private final SplittableRandom random;

    ReportBuilder(EvaluationSettings settings, SplittableRandom random) {
        this.settings = settings;
        this.random = random;
    }

    VerificationReport build(Map<Key, CaseLog> logs, Map<EventKey, List<EventCase>> events, String fanStation,
            List<FanPoint> fan, List<Station> stations, String dataSource, long forecasts, double seconds,
            Map<String, List<String>> stationPredictors) {
        List<SkillRow> summary = new ArrayList<>();
        List<SkillRow> perStation = new ArrayList<>();
        List<RankHistogram> histograms = new ArrayList<>();
        List<TargetCheck> targets = new ArrayList<>();
        for (Variable v : settings.variables()) {
            for (Horizon h : settings.horizons()) {
                CaseLog pooled = new CaseLog();
                for (Station station : stations) {
                    CaseLog log = logs.get(new Key(station.id, v, h));
                    if (log == null) {
                        continue;
                    }
                    pooled.cases.addAll(log.cases);
                    pooled.missingObservations += log.missingObservations;
                    pooled.noForecast += log.noForecast;
                    if (!log.cases.isEmpty()) {
                        perStation.add(row(station.id, v, h, log));
                    }
                }
                if (pooled.cases.isEmpty()) {
                    continue;
                }
                SkillRow row = row(null, v, h, pooled);
                summary.add(row);
                histograms.add(new RankHistogram(v.id(), h.toString(), pitHistogram(pooled.cases)));
                if (TARGET_VARIABLES.contains(v)) {
                    targets.addAll(targets(row));
                }
            }
        }
        List<Reliability> reliability = new ArrayList<>();
        for (EventDefinition event : settings.events()) {
            for (Horizon h : settings.horizons()) {
                List<EventCase> pooled = new ArrayList<>();
                stations.forEach(s -> pooled.addAll(events.getOrDefault(new EventKey(s.id, event, h), List.of())));
                if (!pooled.isEmpty()) {
                    reliability.add(reliability(event, h, pooled));
                }
            }
        }
        FanChart fanChart = fan.isEmpty() ? null : new FanChart(fanStation, settings.variables().get(0).id(),
                settings.variables().get(0).unit(), "24h", fan);
        Meta meta = new Meta(Instant.now(), dataSource, stations.stream().map(s -> s.id).toList(), settings.from(),
                settings.to(), settings.strideHours(), settings.refitDays(), settings.k(), settings.method().weighting(),
                settings.horizons().stream().collect(java.util.stream.Collectors.toMap(Horizon::toString,
                        h -> settings.method().separation(h), (a, b) -> a, java.util.TreeMap::new)),
                settings.method().tendencyHorizons().stream().sorted().map(Horizon::toString).toList(),
                settings.method().tendencyVariables().stream().map(Variable::id).sorted().toList(),
                settings.horizons().stream().map(h -> h + " " + settings.build().spec(h).describe()).toList(),
                settings.build().predictors().stream().map(Variable::id).toList(), settings.build().windowHours(),
                settings.bootstrapSamples(), forecasts, Math.round(seconds * 10) / 10.0, METHOD, REFERENCES,
                stationPredictors, byHorizon(settings.method().anchorWeights()),
                settings.method().anchorSpreads().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                        e -> e.getKey().id(), e -> byHorizon(e.getValue()), (a, b) -> a, java.util.TreeMap::new)),
                settings.build().anchorVariables().stream().map(Variable::id).toList());
        return new VerificationReport(meta, summary, perStation, histograms, reliability, fanChart, targets);
    }

    static final String METHOD = "Rolling origin: indices rebuilt every refit_days from the data strictly before each "
            + "origin; a forecast issued at T uses only analogs whose outcome time is at or before T. Scores pool all "
            + "stations. CRPS: fair estimator for weighted ensembles; the references are in meta.references. Skill = 1 "
            + "- mean CRPS / mean reference CRPS over the cases where both exist; 95% intervals from a bootstrap over "
            + "days (all stations of a day together). Spread/skill = sqrt(mean ensemble variance x (m+1)/m) / RMSE of "
            + "the ensemble mean. Missing observations are counted and not scored.";

    /** What each skill score is measured against. */
    static final Map<String, String> REFERENCES = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(
            "climatology", Climatology.DESCRIPTION,
            "persistence", "the value observed at the issue time (a point forecast)",
            "diurnal_persistence", "the latest value at the valid time's hour of day: yesterday's for 6h/12h, the "
                    + "issue-time value for 24h/48h (a point forecast)",
            "persistence_climatology_blend", DampedPersistence.DESCRIPTION)));

    private SkillRow row(String station, Variable v, Horizon h, CaseLog log) {
        List<Case> cases = log.cases;
        double n = cases.size();
        double absError = 0;
        double squaredError = 0;
        double bias = 0;
        double variance = 0;
        double members = 0;
        for (Case c : cases) {
            absError += Math.abs(c.error());
            squaredError += c.error() * c.error();
            bias += c.error();
            variance += c.variance();
            members += c.members();
        }
        double m = members / n;
        double rmse = Math.sqrt(squaredError / n);
        double spreadSkill = Math.sqrt(variance / n * (m + 1) / m) / rmse;
        return new SkillRow(station, v.id(), h.toString(), cases.size(), log.missingObservations, log.noForecast,
                round(absError / n), round(rmse), round(bias / n), round(meanOf(cases, Case::crps)),
                round(meanOf(cases, Case::crpsClimatology)), round(meanOf(cases, Case::crpsPersistence)),
                round(meanOf(cases, Case::crpsDiurnal)), round(meanOf(cases, Case::crpsBlend)),
                skill(cases, Case::day, Case::crps, Case::crpsClimatology),
                skill(cases, Case::day, Case::crps, Case::crpsPersistence),
                skill(cases, Case::day, Case::crps, Case::crpsDiurnal),
                skill(cases, Case::day, Case::crps, Case::crpsBlend),
                cases.stream().filter(Case::climatologyFellBack).count(), round(spreadSkill));
    }

    /** 1 - sum(score) / sum(reference) over cases where both exist, with a bootstrap over days. */
    private <T> Interval skill(List<T> cases, ToIntFunction<T> day, ToDoubleFunction<T> score,
            ToDoubleFunction<T> reference) {
        TreeMap<Integer, double[]> byDay = new TreeMap<>();
        for (T c : cases) {
            double s = score.applyAsDouble(c);
            double r = reference.applyAsDouble(c);
            if (!Double.isNaN(s) && !Double.isNaN(r)) {
                double[] sums = byDay.computeIfAbsent(day.applyAsInt(c), d -> new double[2]);
                sums[0] += s;
                sums[1] += r;
            }
        }
        if (byDay.isEmpty()) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        double[][] days = byDay.values().toArray(new double[0][]);
        double value = skillOf(days, null);
        double[] samples = new double[settings.bootstrapSamples()];
        int[] pick = new int[days.length];
        for (int b = 0; b < samples.length; b++) {
            for (int d = 0; d < pick.length; d++) {
                pick[d] = random.nextInt(days.length);
            }
            samples[b] = skillOf(days, pick);
        }
        Arrays.sort(samples);
        return new Interval(round(value), round(percentile(samples, 0.025)), round(percentile(samples, 0.975)));
    }

    private static double skillOf(double[][] days, int[] pick) {
        double s = 0;
        double r = 0;
        int n = pick == null ? days.length : pick.length;
        for (int i = 0; i < n; i++) {
            double[] d = days[pick == null ? i : pick[i]];
            s += d[0];
            r += d[1];
        }
        // a reference that is (numerically) perfect, e.g. climatology of a month without rain, defines no skill
        return r <= NEGLIGIBLE_REFERENCE * n ? Double.NaN : 1 - s / r;
    }

    private static long[] pitHistogram(List<Case> cases) {
        long[] counts = new long[PIT_BINS];
        for (Case c : cases) {
            counts[Math.min(PIT_BINS - 1, (int) (c.pit() * PIT_BINS))]++;
        }
        return counts;
    }

    private Reliability reliability(EventDefinition event, Horizon h, List<EventCase> cases) {
        double[] probability = new double[RELIABILITY_BINS];
        double[] observed = new double[RELIABILITY_BINS];
        long[] counts = new long[RELIABILITY_BINS];
        double occurred = 0;
        double brier = 0;
        double brierClimate = 0;
        for (EventCase c : cases) {
            double o = c.occurred() ? 1 : 0;
            int bin = Math.min(RELIABILITY_BINS - 1, (int) (c.probability() * RELIABILITY_BINS));
            probability[bin] += c.probability();
            observed[bin] += o;
            counts[bin]++;
            occurred += o;
            brier += (c.probability() - o) * (c.probability() - o);
            if (!Double.isNaN(c.climatologyProbability())) {
                brierClimate += (c.climatologyProbability() - o) * (c.climatologyProbability() - o);
            }
        }
        for (int b = 0; b < RELIABILITY_BINS; b++) {
            probability[b] = counts[b] == 0 ? Double.NaN : round(probability[b] / counts[b]);
            observed[b] = counts[b] == 0 ? Double.NaN : round(observed[b] / counts[b]);
        }
        int n = cases.size();
        Interval skill = skill(cases, EventCase::day, c -> square(c.probability() - (c.occurred() ? 1 : 0)),
                c -> square(c.climatologyProbability() - (c.occurred() ? 1 : 0)));
        return new Reliability(event.label(), h.toString(), n, round(occurred / n), round(brier / n),
                round(brierClimate / n), skill, probability, observed, counts);
    }

    private static List<TargetCheck> targets(SkillRow row) {
        List<TargetCheck> checks = new ArrayList<>();
        checks.add(positive(row, "CRPSS vs climatology > 0 (95% CI)", row.crpssClimatology()));
        checks.add(positive(row, "CRPSS vs persistence > 0 (95% CI)", row.crpssPersistence()));
        if (Horizon.parse(row.horizon()).hours() >= 24) {
            checks.add(positive(row, "CRPSS vs same-hour persistence > 0 (95% CI)", row.crpssDiurnalPersistence()));
        }
        checks.add(positive(row, "CRPSS vs persistence-climatology blend > 0 (95% CI)", row.crpssBlend()));
        double ratio = row.spreadSkill();
        boolean inside = ratio >= SPREAD_SKILL_LOW && ratio <= SPREAD_SKILL_HIGH;
        String miss = inside ? null : ratio < SPREAD_SKILL_LOW ? "under-dispersive by " + round(SPREAD_SKILL_LOW - ratio)
                : "over-dispersive by " + round(ratio - SPREAD_SKILL_HIGH);
        checks.add(new TargetCheck(row.variable(), row.horizon(), "spread/skill in [0.8, 1.2]", ratio, ratio, inside, miss));
        return checks;
    }

    private static TargetCheck positive(SkillRow row, String criterion, Interval interval) {
        boolean met = interval.low() > 0;
        String miss = met ? null : "lower bound " + interval.low() + (interval.value() > 0 ? " (point estimate positive)"
                : ", short by " + round(-interval.value()));
        return new TargetCheck(row.variable(), row.horizon(), criterion, interval.value(), interval.low(), met, miss);
    }

    private static double meanOf(List<Case> cases, ToDoubleFunction<Case> f) {
        return cases.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).average().orElse(Double.NaN);
    }

    private static double percentile(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int lo = (int) Math.floor(position);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double square(double x) {
        return x * x;
    }

    static double round(double x) {
        return Double.isNaN(x) ? x : Math.round(x * 10_000) / 10_000.0;
    }

    private static Map<String, Double> byHorizon(Map<Horizon, Double> values) {
        return values.entrySet().stream().collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(),
                Map.Entry::getValue, (a, b) -> a, java.util.TreeMap::new));
    }
}
