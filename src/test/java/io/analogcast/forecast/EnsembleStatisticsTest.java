package io.analogcast.forecast;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Every expected number here was worked out by hand (see the comments). */
class EnsembleStatisticsTest {

    private static final double EPS = 1e-9;

    @Test
    void equalWeights() {
        // values 1..4: mean 2.5, population variance 1.25; Hazen positions 0.125, 0.375, 0.625, 0.875
        EnsembleStatistics.Summary s = EnsembleStatistics.summarize(new double[] {3, 1, 4, 2},
                new double[] {1, 1, 1, 1}, List.of(2.5, 4.0));
        assertEquals(4, s.count());
        assertEquals(2.5, s.mean(), EPS);
        assertEquals(Math.sqrt(1.25), s.std(), EPS);
        assertEquals(1, s.min(), EPS);
        assertEquals(4, s.max(), EPS);
        // p05, p10 below the first position -> 1; p25 halfway 1..2; median halfway 2..3; p75 halfway 3..4;
        // p90, p95 above the last position -> 4
        assertArrayEquals(new double[] {1, 1, 1.5, 2.5, 3.5, 4, 4}, s.quantiles(), EPS);
        // P(x > 2.5) = 2/4, P(x > 4) = 0 (strictly greater)
        assertArrayEquals(new double[] {0.5, 0.0}, s.exceedance(), EPS);
    }

    @Test
    void unequalWeights() {
        // values 10, 20, 30 with weights 1, 2, 1: mean (10 + 40 + 30) / 4 = 20; variance (100 + 0 + 100) / 4 = 50
        // positions: 0.5/4 = 0.125, (1 + 1)/4 = 0.5, (3 + 0.5)/4 = 0.875
        EnsembleStatistics.Summary s = EnsembleStatistics.summarize(new double[] {30, 10, 20},
                new double[] {1, 1, 2}, List.of(15.0));
        assertEquals(20, s.mean(), EPS);
        assertEquals(Math.sqrt(50), s.std(), EPS);
        assertEquals(20, s.quantile(0.5), EPS);
        // p25: 10 + (0.25 - 0.125) / (0.5 - 0.125) * 10 = 13.333...
        assertEquals(10 + 10.0 / 3, s.quantile(0.25), EPS);
        // p75: 20 + (0.75 - 0.5) / (0.875 - 0.5) * 10 = 26.666...
        assertEquals(20 + 20.0 / 3, s.quantile(0.75), EPS);
        // P(x > 15) = (2 + 1) / 4
        assertEquals(0.75, s.exceedance()[0], EPS);
    }

    @Test
    void missingOutcomesAreLeftOutAndWeightsRenormalized() {
        EnsembleStatistics.Summary s = EnsembleStatistics.summarize(new double[] {Double.NaN, 5, 7},
                new double[] {10, 1, 1}, List.of());
        assertEquals(2, s.count());
        assertEquals(6, s.mean(), EPS);
        assertNull(EnsembleStatistics.summarize(new double[] {Double.NaN}, new double[] {1}, List.of()));
    }

    @Test
    void singleAnalog() {
        EnsembleStatistics.Summary s = EnsembleStatistics.summarize(new double[] {7}, new double[] {1}, List.of(6.0));
        assertEquals(7, s.mean(), EPS);
        assertEquals(0, s.std(), EPS);
        assertArrayEquals(new double[] {7, 7, 7, 7, 7, 7, 7}, s.quantiles(), EPS);
        assertEquals(1, s.exceedance()[0], EPS);
    }

    @Test
    void inverseDistanceWeights() {
        // mean distance 1.5, softening 5% of it = 0.075
        double[] w = EnsembleStatistics.weights(new double[] {1, 2}, "inverse-distance");
        assertArrayEquals(new double[] {1 / 1.075, 1 / 2.075}, w, EPS);
        assertArrayEquals(new double[] {1, 1}, EnsembleStatistics.weights(new double[] {1, 2}, "uniform"), EPS);
    }

    @Test
    void confidence() {
        // 8 of 10 analogs have a value; analogs twice as far as typical -> 0.8 / (1 + 4)
        assertEquals(0.16, EnsembleStatistics.confidence(8, 10, 2, 1), EPS);
        // typical analogs -> 0.5; half the typical distance -> 1 / 1.25
        assertEquals(0.5, EnsembleStatistics.confidence(10, 10, 1, 1), EPS);
        assertEquals(0.8, EnsembleStatistics.confidence(10, 10, 0.5, 1), EPS);
        assertEquals(0, EnsembleStatistics.confidence(0, 0, 1, 1), EPS);
    }
}
