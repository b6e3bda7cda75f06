package io.analogcast.forecast;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.analogcast.Api.user;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A restart under another test profile (also proves the FAISS JNI library survives a new Quarkus app): another
 * default k, and both cache tiers off, so that every request is computed.
 */
@QuarkusTest
@TestProfile(ConfiguredDefaultsTest.SmallKWithoutCache.class)
class ConfiguredDefaultsTest {
    public static class SmallKWithoutCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("analogcast.forecast.default-k", "7", "analogcast.cache.local-max-entries", "0",
                    "analogcast.cache.redis.enabled", "false");
        }
    }

    @Inject
    IssuedForecastLog issued;

    @Test
    void configuredDefaultKApplies() {
        user().when().get("/forecast?horizon=6h").then().statusCode(200).body("forecasts[0].k", equalTo(7));
    }

    @Test
    void anIdenticalForecastComputedAgainIsRecordedOnce() {
        String path = "/forecast?horizon=6h,24h&vars=t2m&k=13&time=2020-02-02T02:00:00Z";
        user().get(path).then().statusCode(200);
        issued.flush();
        long once = countIssued();
        user().get(path).then().statusCode(200);
        user().get(path.replace("k=13", "k=14")).then().statusCode(200);
        issued.flush();
        assertEquals(once + 2, countIssued(), "the repeat is not recorded again, the other k (two horizons) is");

        String explicit = """
                {"horizons": ["6h"], "vars": ["t2m"], "state": {"time": "2022-06-15T06:00:00Z", "values": {
                 "t2m": [11.6, 12.9, 13.8], "d2m": [6.3, 6.1, 6.0], "msl": [1018.1, 1017.8, 1017.5],
                 "u10": [1.9, 2.2, 2.0], "v10": [-1.2, -1.1, -1.4]}}}""";
        for (int i = 0; i < 2; i++) {
            user().contentType(ContentType.JSON).body(explicit).post("/forecast").then().statusCode(200);
        }
        issued.flush();
        assertEquals(once + 4, countIssued(), "explicit states are recorded every time (they are no cache key)");
    }

    private static long countIssued() {
        return QuarkusTransaction.requiringNew().call(() -> IssuedForecast.count());
    }
}
