package io.analogcast.verification;

import io.analogcast.verification.VerificationReport.FanChart;
import io.analogcast.verification.VerificationReport.FanPoint;
import io.analogcast.verification.VerificationReport.Interval;
import io.analogcast.verification.VerificationReport.Meta;
import io.analogcast.verification.VerificationReport.RankHistogram;
import io.analogcast.verification.VerificationReport.Reliability;
import io.analogcast.verification.VerificationReport.SkillRow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Short or odd evaluations (a dry month, a flat series, no cases) still give a small, complete page. */
class HtmlReportTest {

    @Test
    void degenerateScoresRenderQuickly() {
        Interval dryMonth = new Interval(-2500.0, -90_000.0, -3.0); // climatology CRPS of a dry month is ~0
        Interval none = new Interval(Double.NaN, Double.NaN, Double.NaN);
        List<SkillRow> rows = List.of(new SkillRow(null, "precip", "6h", 31, 0, 0, 0.1, 0.2, 0.0, 0.05, 0.00002,
                0.05, 0.05, 0.05, dryMonth, none, none, none, 31, Double.NaN));
        Instant t = Instant.parse("2016-03-02T00:00:00Z");
        List<FanPoint> flat = List.of(new FanPoint(t, 5, 5, 5, 5, 5, 5), new FanPoint(t.plusSeconds(86_400), 5, 5, 5, 5, 5, 5));
        VerificationReport report = new VerificationReport(
                new Meta(t, "test", List.of("s"), t, t.plusSeconds(86_400 * 31), 24, 31, 30, "uniform", Map.of(),
                        List.of(), List.of(), List.of(), List.of(), 3, 10, 124, 1.0, "method",
                        ReportBuilder.REFERENCES, Map.of("s", List.of("t2m")), Map.of(), Map.of(), List.of()),
                rows, rows, List.of(new RankHistogram("precip", "6h", new long[10])),
                List.of(new Reliability("precip > 0.1 mm", "6h", 0, 0, 0, 0, none, new double[10], new double[10],
                        new long[10])),
                new FanChart("s", "precip", "mm", "24h", flat), List.of());
        String html = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> HtmlReport.render(report));
        assertTrue(html.length() < 100_000, html.length() + " characters");
        assertTrue(html.endsWith("</body></html>"));
        assertFalse(html.contains("Infinity"), "no infinite coordinates");
    }
}
