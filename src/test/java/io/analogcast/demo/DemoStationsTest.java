package io.analogcast.demo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.analogcast.Api.user;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The embedded demo with several synthetic stations (what the growth study serves): each is indexed and forecast. */
@QuarkusTest
@TestProfile(DemoStationsTest.ThreeStations.class)
class DemoStationsTest {

    public static class ThreeStations implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "embedded";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", "0",
                    // a database of its own: the embedded one outlives a test's application in this JVM
                    "quarkus.datasource.jdbc.url", "jdbc:h2:mem:demo-stations;DB_CLOSE_DELAY=-1;MODE=PostgreSQL",
                    "analogcast.index.directory", "target/test-indices",
                    "analogcast.demo.years", "2",
                    "analogcast.demo.stations", "3",
                    "analogcast.security.tokens.tester.sha256",
                    "19bbb7d9c45e18a41bced9a036616e2ed096ec57adf02379c46b98edf356b156",
                    "analogcast.security.tokens.tester.role", "user");
        }
    }

    @Test
    void everyStationIsIndexedAndForecastWithWeatherOfItsOwn() {
        user().get("/stations").then().statusCode(200).body("total", equalTo(3))
                .body("items.id", equalTo(List.of("adelaide-synthetic", "synthetic-002", "synthetic-003")));
        given().get("/health").then().statusCode(200).body("indices", hasSize(12));
        float first = forecastT2m("adelaide-synthetic");
        float third = forecastT2m("synthetic-003");
        assertNotEquals(first, third, "the stations' weather differs");
    }

    private static float forecastT2m(String station) {
        return user().get("/forecast?station=" + station + "&horizon=6h&vars=t2m").then().statusCode(200)
                .body("station.id", equalTo(station))
                .body("forecasts[0].variables.t2m.analog_count", greaterThan(0))
                .extract().path("forecasts[0].variables.t2m.value");
    }
}
