package io.analogcast.verification;

import io.analogcast.Api;
import io.analogcast.forecast.IssuedForecastLog;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.analogcast.Api.user;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issued forecasts scored once their valid time is observed, on the real PostgreSQL. */
@QuarkusTest
class LiveVerificationTest {

    @Inject
    LiveVerification live;
    @Inject
    IssuedForecastLog issued;

    @Test
    void issuedForecastsAreScoredOnceObservedAndReportedWithSkill() {
        Instant first = Instant.parse("2020-05-01T00:00:00Z");
        for (int day = 0; day < 30; day++) {
            user().get("/forecast?horizon=6h,24h&vars=t2m,msl,precip,wdir&time=" + first.plusSeconds(86_400L * day))
                    .then().statusCode(200);
        }
        issued.flush();
        assertTrue(live.scoreNow() >= 60, "every forecast of the 30 days is scorable");
        assertEquals(0, live.scoreNow(), "a scored forecast is not scored again");

        JsonPath report = user().get("/verification/live?days=7").then().statusCode(200)
                .body("days", equalTo(7)).extract().jsonPath();
        Map<String, Object> t2m6h = row(report, "t2m", "6h");
        int cases = (Integer) t2m6h.get("cases");
        assertTrue(cases >= 30, "cases " + cases);
        List<Integer> pit = report.getList("rows.find { it.variable == 't2m' && it.horizon == '6h' }.pit_histogram");
        assertEquals(cases, pit.stream().mapToInt(Integer::intValue).sum());
        assertNotNull(t2m6h.get("crpss_persistence"));
        assertTrue(((Number) t2m6h.get("crpss_climatology")).doubleValue() > 0,
                "6 h temperature beats the month-and-hour climatology: " + t2m6h);
        assertTrue(report.getList("rows.variable").stream().noneMatch("wdir"::equals), "no quantiles for wdir");

        user().get("/verification/live?station=adelaide-synthetic&days=30").then().statusCode(200)
                .body("station", equalTo("adelaide-synthetic"))
                .body("rows.find { it.variable == 't2m' && it.horizon == '6h' }.cases", equalTo(cases));
        user().get("/verification/live?format=html").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("<svg"));
        user().urlEncodingEnabled(false).get("/verification/live?station=%00").then().statusCode(404)
                .contentType("application/problem+json"); // found by the fuzz test: it answered 500
        user().get("/verification/live?days=9").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("7 or 30"));
        Api.management().get("/metrics").then().statusCode(200)
                .body(containsString("analogcast_verification_live_crpss{horizon=\"6h\",reference=\"climatology\",variable=\"t2m\""));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> row(JsonPath report, String variable, String horizon) {
        return (Map<String, Object>) report.getList("rows", Map.class).stream()
                .filter(r -> variable.equals(r.get("variable")) && horizon.equals(r.get("horizon")))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + variable + " " + horizon));
    }

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    @Test
    void issuedForecastsOlderThanTheRetentionAreDeletedWithTheirScores() throws java.sql.SQLException {
        user().get("/forecast?horizon=6h&vars=t2m&time=2020-06-01T00:00:00Z").then().statusCode(200);
        issued.flush();
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            // one forecast issued 91 days ago (the default retention is 90), with a score
            statement.executeUpdate("update issued_forecast set issued_at = now() - interval '91 days' where id = "
                    + "(select max(id) from issued_forecast)");
            long old = count(statement, "select count(*) from issued_forecast where issued_at < now() - interval '90 days'");
            long recent = count(statement, "select count(*) from issued_forecast where issued_at >= now() - interval '90 days'");
            assertTrue(old >= 1);
            assertEquals(old, live.prune(), "every forecast past the retention, and only those");
            assertEquals(0, count(statement, "select count(*) from issued_forecast where issued_at < now() - interval '90 days'"));
            assertEquals(recent, count(statement, "select count(*) from issued_forecast"));
            assertEquals(0, count(statement, "select count(*) from forecast_score s where not exists "
                    + "(select 1 from issued_forecast f where f.id = s.issued_forecast_id)"), "scores go with them");
        }
    }

    private static long count(java.sql.Statement statement, String sql) throws java.sql.SQLException {
        try (var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
