package io.analogcast.verification;

import io.analogcast.analog.Horizon;
import io.analogcast.forecast.WeightedEnsemble;
import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.ObservationRecord;
import io.analogcast.variable.Variable;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference forecasts of the evaluation: day-of-year climatology and the persistence-climatology blend. */
class ReferencesTest {

    private static final List<Variable> T2M = List.of(Variable.T2M);

    @Test
    void climatologyUsesTheDayOfYearWindowBeforeTheIssueTimeAndWidensForAShortHistory() {
        // a station observed from 2021-03-01 for 120 days; each value is its own time in hours, to see which were used
        Instant start = Instant.parse("2021-03-01T00:00:00Z");
        HourlySeries series = series(start, 120 * 24, hour -> hour);
        Climatology climatology = new Climatology(series, T2M);

        Instant issued = Instant.parse("2021-04-20T00:00:00Z");
        Instant valid = issued.plusSeconds(6 * 3600);
        Climatology.Reference april = climatology.at(Variable.T2M, valid, issued);
        assertNotNull(april);
        assertFalse(april.fellBack(), "+/-15 days of 20 April are observed");
        double[] used = april.ensemble().values();
        long issuedHour = issued.getEpochSecond() / 3600;
        assertTrue(Arrays.stream(used).allMatch(h -> h < issuedHour), "nothing at or after the issue time");
        assertTrue(Arrays.stream(used).allMatch(h -> (long) h % 24 == 6), "the valid time's UTC hour only");
        // 5 to 19 April at 06:00, 15 values; the rest of the window (20 April to 5 May) is not known yet
        assertEquals(15, used.length);

        // January: the history has no January; within 45 days of 15 January lies only 1 March (one value), so the
        // reference widens to +/-91 days: 1 March to 16 April, 47 values
        Instant january = Instant.parse("2022-01-15T00:00:00Z");
        Climatology.Reference winter = climatology.at(Variable.T2M, january.plusSeconds(6 * 3600), january);
        assertNotNull(winter);
        assertTrue(winter.fellBack());
        assertEquals(91, winter.windowDays());
        assertEquals(47, winter.ensemble().size());

        // before the first observation nothing is known at all
        assertNull(climatology.at(Variable.T2M, start.plusSeconds(3600), start));
    }

    @Test
    void theBlendDampsTheIssueTimeAnomalyByTheFittedWeight() {
        // a seasonal and daily cycle with an AR(1) anomaly of coefficient 0.9 per hour: after 6 hours 0.9^6 = 0.53 remains
        Instant start = Instant.parse("2019-01-01T00:00:00Z");
        int hours = 3 * 365 * 24;
        double[] anomaly = new double[hours];
        SplittableRandom random = new SplittableRandom(7);
        for (int t = 1; t < hours; t++) {
            anomaly[t] = 0.9 * anomaly[t - 1] + random.nextGaussian();
        }
        long first = start.getEpochSecond() / 3600;
        LongToDoubleFunction climate = h -> 15 + 10 * Math.sin(2 * Math.PI * h / 8766.0) + 5 * Math.sin(2 * Math.PI * h / 24.0);
        HourlySeries series = series(start, hours, h -> climate.applyAsDouble(h) + anomaly[(int) (h - first)]);

        Horizon horizon = new Horizon(6);
        DampedPersistence blend = DampedPersistence.fit(series, T2M, List.of(horizon)).get(horizon);
        Instant issued = Instant.parse("2022-02-10T12:00:00Z");
        Instant valid = issued.plusSeconds(horizon.seconds());
        long issuedHour = issued.getEpochSecond() / 3600;
        double now = climate.applyAsDouble(issuedHour) + 4; // 4 degrees above normal
        WeightedEnsemble forecast = blend.forecast(Variable.T2M, issued, now, valid);

        assertEquals(DampedPersistence.MEMBERS, forecast.size());
        double expected = climate.applyAsDouble(issuedHour + 6) + Math.pow(0.9, 6) * 4;
        assertEquals(expected, forecast.quantile(0.5), 0.5, "climate at the valid time + 0.53 x the anomaly");
        // the spread is the anomaly's unexplained part after 6 hours: sqrt((1 - 0.9^12) / (1 - 0.81)) = 2.0
        double spread = Math.sqrt(forecast.variance());
        assertEquals(2.0, spread, 0.3);
        // no observation at the issue time: no blend
        assertNull(blend.forecast(Variable.T2M, issued, Double.NaN, valid));
    }

    /** An hourly series of t2m from {@code start}, the value of each hour given by its hours since the epoch. */
    private static HourlySeries series(Instant start, int hours, LongToDoubleFunction value) {
        List<ObservationRecord> records = new ArrayList<>();
        for (int i = 0; i < hours; i++) {
            Instant time = start.plusSeconds(3600L * i);
            float[] values = new float[Variable.STORED.size()];
            Arrays.fill(values, Float.NaN);
            values[Variable.T2M.column()] = (float) value.applyAsDouble(time.getEpochSecond() / 3600);
            records.add(new ObservationRecord("s", time, values));
        }
        return HourlySeries.of("s", records);
    }
}
