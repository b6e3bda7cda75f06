package io.analogcast.embedded;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.analogcast.Api.user;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;

/**
 * The README's profile, exactly as shipped (in-memory H2, no Redis, synthetic data): only what a test run needs
 * differs (a free port, known tokens, a shorter history in the tests' index directory).
 */
@QuarkusTest
@TestProfile(EmbeddedProfileTest.Embedded.class)
public class EmbeddedProfileTest {

    public static class Embedded implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "embedded";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", "0",
                    "analogcast.index.directory", "target/test-indices",
                    "analogcast.demo.years", "3",
                    "analogcast.security.tokens.tester.sha256",
                    "19bbb7d9c45e18a41bced9a036616e2ed096ec57adf02379c46b98edf356b156",
                    "analogcast.security.tokens.tester.role", "user");
        }
    }

    @Test
    void runsOnTheEmbeddedDatabaseWithoutRedis() {
        given().get("/health").then().statusCode(200).body("status", equalTo("UP"))
                .body("database.product", equalTo("H2"))
                .body("cache.redis_enabled", equalTo(false))
                .body("stations.served", equalTo(1));
        user().get("/forecast?horizon=24h&vars=t2m,u10,v10").then().statusCode(200)
                .body("station.id", equalTo("adelaide-synthetic"))
                .body("data.synthetic", equalTo(true))
                .body("forecasts[0].variables.t2m.analog_count", greaterThan(0));
    }

    @Test
    void ingestsIntoTheEmbeddedDatabase() {
        String body = """
                {"station": "adelaide-synthetic", "time": "2030-01-01T00:00:00Z", "t2m": 21.5}""";
        for (int i = 0; i < 2; i++) {
            user().contentType("application/json").body(body).post("/observations").then().statusCode(200)
                    .body("accepted", equalTo(1));
        }
        user().get("/observations?station=adelaide-synthetic&from=2030-01-01T00:00:00Z&to=2030-01-02T00:00:00Z")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].values.t2m", equalTo(21.5f));
    }
}
