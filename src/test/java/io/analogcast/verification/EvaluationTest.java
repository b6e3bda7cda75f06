package io.analogcast.verification;

import io.analogcast.analog.BuildSettings;
import io.analogcast.analog.Horizon;
import io.analogcast.demo.SyntheticWeatherGenerator;
import io.analogcast.faiss.IndexSpec;
import io.analogcast.forecast.AnalogMethod;
import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.ObservationRecord;
import io.analogcast.variable.Variable;
import io.analogcast.verification.VerificationReport.SkillRow;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluation on a series with known gaps and a variable that never varies. */
class EvaluationTest {

    private static final Horizon H6 = new Horizon(6);

    @Test
    void missingObservationsAreCountedAndAPerfectReferenceDefinesNoSkill() {
        List<ObservationRecord> records = new SyntheticWeatherGenerator(3).generate(2020, 2);
        Instant from = Instant.parse("2021-06-01T00:00:00Z");
        for (ObservationRecord r : records) {
            r.values()[Variable.PRECIP.column()] = 0; // a desert: climatology forecasts rain perfectly
            if (r.time().isAfter(from) && r.time().isBefore(from.plusSeconds(10 * 86_400))) {
                r.values()[Variable.T2M.column()] = Float.NaN; // ten days without temperature
            }
        }
        HourlySeries series = HourlySeries.of(SyntheticWeatherGenerator.STATION_ID, records);
        BuildSettings build = new BuildSettings(List.of(Variable.D2M, Variable.MSL), 3, Map.of(), 10.0,
                Map.of(H6, IndexSpec.flatIp()));
        EvaluationSettings settings = new EvaluationSettings(from, from.plusSeconds(30 * 86_400), List.of(), List.of(H6),
                List.of(Variable.T2M, Variable.PRECIP), List.of(EventDefinition.parse("t2m>p90")), 6, 15, 20,
                new AnalogMethod("inverse-distance", Map.of(), Set.of(), Set.of()), build, 200, 1);
        VerificationReport report = new Evaluation(settings).run(List.of(SyntheticWeatherGenerator.station()),
                Map.of(SyntheticWeatherGenerator.STATION_ID, series), "synthetic", (f, label) -> { });

        assertEquals(120, report.meta().forecasts(), "30 days x 4 issue times");
        SkillRow t2m = row(report, "t2m");
        SkillRow precip = row(report, "precip");
        // valid times inside the gap (from+6h to from+234h): counted, not scored
        assertEquals(39, t2m.missingObservations());
        assertEquals(81, t2m.cases());
        assertTrue(t2m.crpssClimatology().value() > 0 && t2m.crps() > 0, t2m.toString());
        assertTrue(t2m.crpsBlend() > 0 && !Double.isNaN(t2m.crpssBlend().value()), "blend scored: " + t2m);
        assertEquals(0, t2m.climatologyFallbacks(), "a year and a half of history fills every +/-15-day window");
        assertEquals(ReportBuilder.REFERENCES, report.meta().references());
        assertEquals(120, precip.cases());
        assertEquals(0, precip.crps(), 1e-9);
        assertTrue(Double.isNaN(precip.crpssClimatology().value()), "no skill against a perfect reference: " + precip);
        assertEquals(81, java.util.Arrays.stream(report.rankHistograms().get(0).counts()).sum());
    }

    private static SkillRow row(VerificationReport report, String variable) {
        return report.summary().stream().filter(r -> r.variable().equals(variable)).findFirst().orElseThrow();
    }
}
