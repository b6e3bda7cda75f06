package io.analogcast.performance;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.analogcast.Api.user;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.isOneOf;
import static org.hamcrest.Matchers.notNullValue;

/** The SLO report, with targets no real request can meet so that it must recommend something. */
@QuarkusTest
@TestProfile(PerformanceReportTest.ImpossibleTargets.class)
class PerformanceReportTest {

    public static class ImpossibleTargets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("analogcast.slo.p95-target-ms.\"/forecast\"", "0.0001");
        }
    }

    @Test
    void reportsPercentilesGradesTargetsAndRecommendations() {
        for (int i = 0; i < 5; i++) {
            user().when().get("/forecast?horizon=6h&k=" + (10 + i)).then().statusCode(200);
            user().when().get("/health").then().statusCode(200);
        }
        user().when().get("/q/health/ready").then().statusCode(200);
        io.analogcast.Api.admin().when().get("/admin/performance").then().statusCode(200)
                .body("window_seconds", equalTo(300))
                .body("endpoints.find { it.endpoint == '/forecast' }.requests", greaterThanOrEqualTo(5))
                .body("endpoints.find { it.endpoint == '/forecast' }.p95_target_ms", equalTo(1.0E-4f))
                .body("endpoints.find { it.endpoint == '/forecast' }.meets_target", equalTo(false))
                .body("endpoints.find { it.endpoint == '/forecast' }.grade", isOneOf("A", "B", "C", "D", "F"))
                .body("endpoints.find { it.endpoint == '/health' }.p95_target_ms", equalTo(100.0f))
                .body("endpoints.find { it.endpoint == '/health' }.p99_ms", notNullValue())
                .body("endpoints.endpoint", hasItem("/q/health"))
                .body("cache.target", equalTo(0.85f))
                .body("cache.hits", greaterThanOrEqualTo(0))
                .body("recommendations[0]", containsString("/forecast p95 is"));
    }
}
