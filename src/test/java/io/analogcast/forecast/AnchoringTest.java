package io.analogcast.forecast;

import io.analogcast.variable.Variable;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Anchoring moves an ensemble's weighted mean a share of the way to the blend's centre and scales its spread by the
 * given factor (1 keeps it).
 */
class AnchoringTest {

    @Test
    void movesTheWeightedMeanTheGivenShareOfTheWay() {
        double[] members = {1, 2, 3};
        // weighted mean (1 + 2 + 2 x 3) / 4 = 2.25; half of the way to 4.25 is a shift of 1
        AnalogMethod.anchor(members, new double[] {1, 1, 2}, 4.25, 0.5, 1.0, Variable.T2M);
        assertArrayEquals(new double[] {2, 3, 4}, members, 1e-12);
        double[] all = {1, 2, 3};
        AnalogMethod.anchor(all, new double[] {1, 1, 1}, 10, 1.0, 1.0, Variable.T2M);
        assertArrayEquals(new double[] {9, 10, 11}, all, 1e-12, "all the way: the mean is the centre");
    }

    @Test
    void scalesTheSpreadAroundTheMovedMean() {
        double[] members = {1, 2, 3};
        // weighted mean 2.25 moves to 3.25; distances -1.25, -0.25, 0.75 scaled by 0.8: -1, -0.2, 0.6
        AnalogMethod.anchor(members, new double[] {1, 1, 2}, 4.25, 0.5, 0.8, Variable.T2M);
        assertArrayEquals(new double[] {2.25, 3.05, 3.85}, members, 1e-12);
        double weightedMean = (members[0] + members[1] + 2 * members[2]) / 4;
        assertEquals(3.25, weightedMean, 1e-12, "the mean is where the share puts it, whatever the spread");
    }

    @Test
    void missingMembersStayMissingAndTheRangeHolds() {
        double[] members = {Double.NaN, 0.5, 1.5};
        // wind speed cannot go below 0: the mean 1 moves to 0 (a shift of -1), the lowest member stops at 0
        AnalogMethod.anchor(members, new double[] {5, 1, 1}, 0, 1.0, 1.0, Variable.WSPD);
        assertArrayEquals(new double[] {Double.NaN, 0, 0.5}, members, 1e-12);
        double[] unchanged = {1, 2};
        AnalogMethod.anchor(unchanged, new double[] {1, 1}, Double.NaN, 0.5, 1.0, Variable.T2M);
        assertArrayEquals(new double[] {1, 2}, unchanged, 1e-12, "no centre: not anchored");
    }
}
