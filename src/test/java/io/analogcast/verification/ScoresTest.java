package io.analogcast.verification;

import io.analogcast.forecast.WeightedEnsemble;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoresTest {

    /** Ferro's fair CRPS written out pairwise, for equal weights. */
    private static double fairCrpsByDefinition(double[] x, double y) {
        int m = x.length;
        double error = 0;
        double spread = 0;
        for (double xi : x) {
            error += Math.abs(xi - y);
            for (double xj : x) {
                spread += Math.abs(xi - xj);
            }
        }
        return error / m - spread / (2.0 * m * (m - 1));
    }

    @Test
    void equalWeightsGiveFerrosFairCrps() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 50; trial++) {
            double[] x = new double[2 + random.nextInt(40)];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextGaussian() * 3;
            }
            double y = random.nextGaussian() * 3;
            assertEquals(fairCrpsByDefinition(x, y), Scores.fairCrps(WeightedEnsemble.equallyWeighted(x), y), 1e-9);
        }
    }

    @Test
    void fairCrpsIsUnbiasedForTheTrueDistribution() {
        // members and observation from the same N(0,1): the expected fair CRPS is that of N(0,1) itself,
        // E|X - Y| - E|X - X'|/2 = 2/sqrt(pi) - 1/sqrt(pi), even with five members (the plain estimator is not)
        double expected = 1 / Math.sqrt(Math.PI);
        SplittableRandom random = new SplittableRandom(11);
        double sum = 0;
        int n = 40_000;
        for (int t = 0; t < n; t++) {
            double[] x = new double[5];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextGaussian();
            }
            sum += Scores.fairCrps(WeightedEnsemble.equallyWeighted(x), random.nextGaussian());
        }
        assertEquals(expected, sum / n, 0.01);
    }

    @Test
    void weightsCountAsRepeatedMembersInTheErrorTerm() {
        // an ensemble whose members all equal the observation scores zero; a single-value ensemble has no spread
        assertEquals(0, Scores.fairCrps(WeightedEnsemble.of(new double[] {2, 2, 2}, new double[] {1, 5, 2}), 2), 1e-12);
        assertEquals(3, Scores.pointCrps(5, 2));
        assertTrue(Double.isNaN(Scores.fairCrps(WeightedEnsemble.equallyWeighted(new double[] {1}), 1)));
        // NaN members are dropped, not read as zero
        WeightedEnsemble withGap = WeightedEnsemble.equallyWeighted(new double[] {1, Double.NaN, 3});
        assertEquals(2, withGap.size());
        assertEquals(2, withGap.mean(), 1e-12);
    }

    @Test
    void pitPlacesTheObservationInTheWeightedCdf() {
        WeightedEnsemble e = WeightedEnsemble.of(new double[] {1, 2, 3, 4}, new double[] {1, 1, 1, 1});
        assertEquals(0.0, Scores.pit(e, 0.5, 0.3));
        assertEquals(1.0, Scores.pit(e, 9, 0.3));
        assertEquals(0.5, Scores.pit(e, 2.5, 0.3));
        // a tie takes a uniform share of the tied weight (rain: many zeros)
        assertEquals(0.25 + 0.5 * 0.25, Scores.pit(e, 2, 0.5), 1e-12);
        assertEquals(0.75, e.exceedance(1.5), 1e-12);
        assertEquals(2.5, e.quantile(0.5), 1e-12);
    }

    private static final double[] LEVELS = {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95};

    @Test
    void quantileCrpsOfASingleValueIsItsAbsoluteError() {
        double[] same = {4, 4, 4, 4, 4, 4, 4};
        assertEquals(2.5, Scores.quantileCrps(LEVELS, same, 6.5), 1e-12);
        assertEquals(1.0, Scores.quantileCrps(LEVELS, same, 3.0), 1e-12);
    }

    @Test
    void quantileCrpsOfAStandardNormalIsCloseToItsExactCrps() {
        // exact CRPS of N(0,1) at y: y(2 Phi(y) - 1) + 2 phi(y) - 1/sqrt(pi); the seven levels lose a few percent
        double[] q = {-1.644854, -1.281552, -0.674490, 0, 0.674490, 1.281552, 1.644854};
        assertEquals(0.26933, Scores.quantileCrps(LEVELS, q, 0.3), 0.02);
        assertEquals(0.99442, Scores.quantileCrps(LEVELS, q, 1.5), 0.04);
        assertEquals(1.93982, Scores.quantileCrps(LEVELS, q, -2.5), 0.01);
    }

    @Test
    void quantilePitInterpolatesAndSplitsTies() {
        double[] q = {1, 2, 3, 4, 5, 6, 7};
        assertEquals(0.5, Scores.quantilePit(LEVELS, q, 0, 8, 4), 1e-12);
        assertEquals(0.375, Scores.quantilePit(LEVELS, q, 0, 8, 3.5), 1e-12);
        assertEquals(0, Scores.quantilePit(LEVELS, q, 0, 8, -1), 1e-12);
        assertEquals(1, Scores.quantilePit(LEVELS, q, 0, 8, 9), 1e-12);
        double[] dry = {0, 0, 0, 0, 0, 0.4, 1.2};
        assertEquals(0.375, Scores.quantilePit(LEVELS, dry, 0, 2, 0), 1e-12, "min and p05..p75 at zero: 0 to 0.75");
    }
}
