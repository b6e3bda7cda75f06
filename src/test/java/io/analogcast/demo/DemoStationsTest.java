package io.analogcast.demo;

import io.analogcast.embedded.EmbeddedProfileTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
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

    public static class ThreeStations extends EmbeddedProfileTest.Embedded {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            // a database of its own: the embedded one outlives a test's application in this JVM
            overrides.put("quarkus.datasource.jdbc.url", "jdbc:h2:mem:demo-stations;DB_CLOSE_DELAY=-1;MODE=PostgreSQL");
            overrides.put("analogcast.demo.years", "2");
            overrides.put("analogcast.demo.stations", "3");
            return overrides;
        }
    }

    @Test
    void everyStationIsIndexedAndForecastWithWeatherOfItsOwn() {
        user().get("/stations").then().statusCode(200).body("total", equalTo(3))
                .body("items.id", equalTo(List.of("adelaide-synthetic", "synthetic-002", "synthetic-003")));
        given().get("/health").then().statusCode(200).body("stations.served", equalTo(3));
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
