package io.analogcast.forecast;

import io.analogcast.variable.Variable;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Anchoring moves an ensemble's weighted mean a share of the way to the blend's centre and keeps its spread. */
class AnchoringTest {

    @Test
    void movesTheWeightedMeanTheGivenShareOfTheWay() {
        double[] members = {1, 2, 3};
        // weighted mean (1 + 2 + 2 x 3) / 4 = 2.25; half of the way to 4.25 is a shift of 1
        AnalogMethod.anchor(members, new double[] {1, 1, 2}, 4.25, 0.5, Variable.T2M);
        assertArrayEquals(new double[] {2, 3, 4}, members, 1e-12);
        double[] all = {1, 2, 3};
        AnalogMethod.anchor(all, new double[] {1, 1, 1}, 10, 1.0, Variable.T2M);
        assertArrayEquals(new double[] {9, 10, 11}, all, 1e-12, "all the way: the mean is the centre");
    }

    @Test
    void missingMembersStayMissingAndTheRangeHolds() {
        double[] members = {Double.NaN, 0.5, 1.5};
        // wind speed cannot go below 0: the mean 1 moves to 0 (a shift of -1), the lowest member stops at 0
        AnalogMethod.anchor(members, new double[] {5, 1, 1}, 0, 1.0, Variable.WSPD);
        assertArrayEquals(new double[] {Double.NaN, 0, 0.5}, members, 1e-12);
        double[] unchanged = {1, 2};
        AnalogMethod.anchor(unchanged, new double[] {1, 1}, Double.NaN, 0.5, Variable.T2M);
        assertArrayEquals(new double[] {1, 2}, unchanged, 1e-12, "no centre: not anchored");
    }
}
