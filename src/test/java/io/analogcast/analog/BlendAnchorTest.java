package io.analogcast.analog;

import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.ObservationRecord;
import io.analogcast.variable.Variable;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The blend a build fits: a known climate and a known damping recovered from a series made of them. */
class BlendAnchorTest {

    private static final Instant START = Instant.parse("2015-01-01T00:00:00Z");
    private static final double PHI = 0.95;

    /** 10 + 8 cos(annual) + 5 cos(diurnal) degC, plus an hourly AR(1) anomaly with coefficient PHI. */
    private static HourlySeries series(int days) {
        Random random = new Random(42);
        List<ObservationRecord> records = new ArrayList<>();
        double anomaly = 0;
        for (int h = 0; h < days * 24; h++) {
            Instant t = START.plusSeconds(3600L * h);
            double[] f = BlendAnchor.features(t);
            anomaly = PHI * anomaly + random.nextGaussian();
            float[] values = ObservationRecord.emptyValues();
            values[Variable.T2M.column()] = (float) (10 + 8 * f[1] + 5 * f[3] + anomaly);
            records.add(new ObservationRecord("s", t, values));
        }
        return HourlySeries.of("s", records);
    }

    @Test
    void recoversTheClimateAndTheDampingOfTheAnomaly() {
        HourlySeries history = series(3 * 365);
        for (int hours : new int[] {6, 24}) {
            BlendAnchor anchor = BlendAnchor.fit(history, Variable.T2M, hours);
            assertEquals(10, anchor.coefficients()[0], 0.3, "mean");
            assertEquals(8, anchor.coefficients()[1], 0.3, "annual amplitude");
            assertEquals(5, anchor.coefficients()[3], 0.3, "diurnal amplitude");
            for (int hour = 0; hour < 24; hour++) {
                assertEquals(Math.pow(PHI, hours), anchor.weights()[hour], 0.08, hours + " h, issued at " + hour + " UTC");
            }
        }
    }

    @Test
    void theCentreIsTheClimateAtTheValidTimePlusTheDampedAnomalyNow() {
        BlendAnchor anchor = BlendAnchor.fit(series(3 * 365), Variable.T2M, 24);
        Instant issued = Instant.parse("2018-07-01T06:00:00Z");
        Instant valid = issued.plusSeconds(24 * 3600L);
        double now = anchor.climate(issued) + 4;
        assertEquals(anchor.climate(valid) + anchor.weights()[6] * 4, anchor.centre(issued, now, valid), 1e-9);
    }

    @Test
    void aShortHistoryFitsNothing() {
        assertNull(BlendAnchor.fit(series(200), Variable.T2M, 24));
        assertNull(BlendAnchor.fit(series(400), Variable.D2M, 24), "a variable the station does not observe");
    }

    @Test
    void aFitSeesOnlyTheHistoryItIsGiven() {
        // what follows the end of the history cannot change the fit: the series before T, and the same series
        // continued with other values, give one anchor
        HourlySeries history = series(3 * 365);
        Instant cut = START.plusSeconds(2 * 365 * 86_400L);
        BlendAnchor before = BlendAnchor.fit(history.before(cut), Variable.T2M, 24);
        BlendAnchor all = BlendAnchor.fit(history, Variable.T2M, 24);
        BlendAnchor twoYears = BlendAnchor.fit(series(2 * 365), Variable.T2M, 24);
        assertArrayEquals(twoYears.coefficients(), before.coefficients(), 1e-9);
        assertArrayEquals(twoYears.weights(), before.weights(), 1e-9);
        assertNotEquals(before.coefficients()[0], all.coefficients()[0], "the third year does change a fit that has it");
    }
}
