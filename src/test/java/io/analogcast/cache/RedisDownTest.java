package io.analogcast.cache;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.analogcast.Api.user;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

/** Redis configured but unreachable (a closed port): every request still succeeds, health says degraded. */
@QuarkusTest
@TestProfile(RedisDownTest.ClosedPort.class)
class RedisDownTest {

    public static class ClosedPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1");
        }
    }

    @Test
    void requestsSucceedAndHealthIsDegradedButReady() {
        for (int k = 5; k < 45; k++) {
            user().get("/forecast?horizon=6h,24h&k=" + k).then().statusCode(200);
            user().get("/forecast?horizon=6h,24h&k=" + k).then().statusCode(200);
        }
        given().get("/health").then().statusCode(200).body("status", equalTo("DEGRADED"))
                .body("cache.redis_available", equalTo(false)).body("cache.redis_errors", greaterThan(0))
                .body("cache.local_hits", greaterThan(0));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
