package io.analogcast.forecast;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.analogcast.Api.user;
import static org.hamcrest.Matchers.equalTo;

/** A restart under another test profile: also proves the FAISS JNI library survives a new Quarkus app. */
@QuarkusTest
@TestProfile(ConfiguredDefaultsTest.SmallK.class)
class ConfiguredDefaultsTest {
    public static class SmallK implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("analogcast.forecast.default-k", "7");
        }
    }

    @Test
    void configuredDefaultKApplies() {
        user().when().get("/forecast?horizon=6h").then().statusCode(200).body("forecasts[0].k", equalTo(7));
    }
}
