package io.analogcast.verification;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The result of an evaluation as served by {@code GET /verification} and written as JSON (snake_case). */
public record VerificationReport(Meta meta, List<SkillRow> summary, List<SkillRow> stations,
        List<RankHistogram> rankHistograms, List<Reliability> reliability, FanChart fanChart,
        List<TargetCheck> targets) {

    public record Meta(Instant generatedAt, String dataSource, List<String> stations, Instant from, Instant to,
            int strideHours, int refitDays, int k, String weighting, Map<String, Integer> separationHours,
            List<String> tendencyHorizons, List<String> tendencyVariables, List<String> indexTypes, List<String> predictors,
            int windowHours, int bootstrapSamples, long forecasts, double runtimeSeconds, String method,
            Map<String, String> references, Map<String, List<String>> stationPredictors,
            Map<String, Double> anchorWeights, Map<String, Map<String, Double>> anchorSpreads, List<String> anchorVariables) {
    }

    /** A value with its bootstrap 95% interval (resampling whole days, all stations together). */
    public record Interval(double value, double low, double high) {
    }

    /**
     * Scores of one variable and horizon, for one station or (station null) pooled over all stations;
     * {@code climatologyFallbacks} counts the cases whose climatology needed a wider window than the reference one.
     */
    public record SkillRow(String station, String variable, String horizon, long cases, long missingObservations,
            long noForecast, double mae, double rmse, double bias, double crps, double crpsClimatology,
            double crpsPersistence, double crpsDiurnalPersistence, double crpsBlend, Interval crpssClimatology,
            Interval crpssPersistence, Interval crpssDiurnalPersistence, Interval crpssBlend,
            long climatologyFallbacks, double spreadSkill) {
    }

    /** Probability integral transform of the observations in ten equal bins (flat when calibrated). */
    public record RankHistogram(String variable, String horizon, long[] counts) {
    }

    public record Reliability(String event, String horizon, long cases, double baseRate, double brier,
            double brierClimatology, Interval brierSkill, double[] forecastProbability, double[] observedFrequency,
            long[] counts) {
    }

    public record FanChart(String station, String variable, String unit, String horizon, List<FanPoint> points) {
    }

    public record FanPoint(Instant validTime, double p05, double p25, double p50, double p75, double p95,
            double observed) {
    }

    /** One acceptance criterion: met when {@code low} (or the value, for ratios) is inside the target. */
    public record TargetCheck(String variable, String horizon, String criterion, double value, double low,
            boolean met, String shortfall) {
    }
}
