package io.analogcast.demo;

import io.analogcast.observation.ObservationRecord;
import io.analogcast.variable.Variable;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticWeatherGeneratorTest {

    private static final List<ObservationRecord> TWO_YEARS = new SyntheticWeatherGenerator(11).generate(2020, 2);

    @Test
    void sameSeedSameSeriesOtherSeedOtherSeries() {
        List<ObservationRecord> again = new SyntheticWeatherGenerator(11).generate(2020, 2);
        assertEquals(TWO_YEARS.size(), again.size());
        for (int i = 0; i < again.size(); i += 97) {
            assertEquals(TWO_YEARS.get(i).time(), again.get(i).time());
            assertArrayEquals(TWO_YEARS.get(i).values(), again.get(i).values());
        }
        List<ObservationRecord> other = new SyntheticWeatherGenerator(12).generate(2020, 2);
        assertFalse(java.util.Arrays.equals(TWO_YEARS.get(500).values(), other.get(500).values()));
        assertEquals(366 * 24 + 365 * 24, TWO_YEARS.size());
    }

    @Test
    void theFirstSiteIsTheSingleStationAndEveryOtherHasWeatherOfItsOwn() {
        List<ObservationRecord> first = SyntheticWeatherGenerator.forSite(1, 11).generate(2020, 2);
        List<ObservationRecord> second = SyntheticWeatherGenerator.forSite(2, 11).generate(2020, 2);
        assertEquals(SyntheticWeatherGenerator.STATION_ID, first.get(0).stationId());
        assertArrayEquals(TWO_YEARS.get(500).values(), first.get(500).values());
        assertEquals("synthetic-002", second.get(0).stationId());
        assertEquals(SyntheticWeatherGenerator.site(2).id, second.get(0).stationId());
        assertEquals(TWO_YEARS.get(500).time(), second.get(500).time());
        assertFalse(java.util.Arrays.equals(TWO_YEARS.get(500).values(), second.get(500).values()));
        assertThrows(IllegalArgumentException.class, () -> SyntheticWeatherGenerator.site(0));
    }

    @Test
    void everyValueIsInsideItsValidRange() {
        for (ObservationRecord r : TWO_YEARS) {
            for (Variable v : List.of(Variable.T2M, Variable.D2M, Variable.RH, Variable.MSL, Variable.U10,
                    Variable.V10, Variable.WSPD, Variable.PRECIP)) {
                assertTrue(v.isValid(r.value(v)), v.id() + "=" + r.value(v) + " at " + r.time());
            }
            assertTrue(r.value(Variable.D2M) <= r.value(Variable.T2M) + 1e-6, "dew point above temperature");
        }
    }

    private static double mean(Variable v, Predicate<ObservationRecord> which) {
        return TWO_YEARS.stream().filter(which).mapToDouble(r -> r.value(v)).average().orElseThrow();
    }

    @Test
    void southernSeasonsAndAfternoonPeak() {
        double january = mean(Variable.T2M, r -> r.time().atOffset(ZoneOffset.UTC).getMonthValue() == 1);
        double july = mean(Variable.T2M, r -> r.time().atOffset(ZoneOffset.UTC).getMonthValue() == 7);
        assertTrue(january - july > 6, "January " + january + " vs July " + july);
        // 05 UTC is about 14:15 local solar time at 138.6 E; 19 UTC about 04:15
        double afternoon = mean(Variable.T2M, r -> r.time().atOffset(ZoneOffset.UTC).getHour() == 5);
        double night = mean(Variable.T2M, r -> r.time().atOffset(ZoneOffset.UTC).getHour() == 19);
        assertTrue(afternoon - night > 5, "afternoon " + afternoon + " vs night " + night);
    }

    @Test
    void synopticSystemsCouplePressureWindTemperatureAndRain() {
        double meanPressure = mean(Variable.MSL, r -> true);
        double rainyPressure = mean(Variable.MSL, r -> r.value(Variable.PRECIP) > 0.5);
        assertTrue(meanPressure - rainyPressure > 2, "rain comes with low pressure: " + rainyPressure + " vs " + meanPressure);
        long rainyHours = TWO_YEARS.stream().filter(r -> r.value(Variable.PRECIP) > 0).count();
        double rainyFraction = rainyHours / (double) TWO_YEARS.size();
        assertTrue(rainyFraction > 0.03 && rainyFraction < 0.3, "rainy hours " + rainyFraction);
        // northerlies (v < -2) are warm and dry, southerlies (v > 2) cool
        double northerly = mean(Variable.T2M, r -> r.value(Variable.V10) < -2);
        double southerly = mean(Variable.T2M, r -> r.value(Variable.V10) > 2);
        assertTrue(northerly > southerly + 1, "northerly " + northerly + " vs southerly " + southerly);
        // pressure varies on synoptic scales: several hPa of standard deviation
        double variance = TWO_YEARS.stream().mapToDouble(r -> Math.pow(r.value(Variable.MSL) - meanPressure, 2))
                .average().orElseThrow();
        assertTrue(Math.sqrt(variance) > 3, "pressure std " + Math.sqrt(variance));
    }
}
