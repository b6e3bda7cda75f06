package io.analogcast.forecast;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.analogcast.Api.user;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /forecast/options and GET /forecast/analogs: what the web page's charts and explorer are drawn from. */
@QuarkusTest
class AnalogExplorerTest {

    private static JsonPath get(String path) {
        return user().get(path).then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    private static Instant newest() {
        return Instant.parse(get("/forecast/options").getString("newest_observation"));
    }

    @Test
    void optionsNameTheServedHorizonsVariablesAndRisks() {
        JsonPath options = get("/forecast/options?station=adelaide-synthetic");
        assertEquals(List.of("6h", "12h", "24h", "48h"), options.getList("horizons"));
        assertEquals(List.of("t2m", "d2m", "msl", "u10", "v10"), options.getList("predictors"));
        List<String> variables = options.getList("variables.id");
        assertTrue(variables.containsAll(List.of("t2m", "wspd", "wdir", "precip")), variables.toString());
        assertEquals("degC", options.getString("variables.find { it.id == 't2m' }.unit"));
        assertEquals(30, options.getInt("default_k"));
        // configured risks, by name; each names its variable's unit
        assertEquals(List.of("heat", "rain", "strong-wind"), options.getList("risks.name"));
        assertEquals(35.0, options.getDouble("risks[0].above"));
        assertEquals("t2m", options.getString("risks[0].variable"));
        assertEquals("m/s", options.getString("risks[2].unit"));
        user().get("/forecast/options?station=nowhere").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("unknown station 'nowhere'"));
    }

    @Test
    void theExplorerShowsTheForecastsOwnAnalogsAndWhatFollowedThem() {
        Instant time = newest().minusSeconds(20 * 24 * 3600L);
        JsonPath forecast = get("/forecast?horizon=24h&vars=t2m,wspd&include=analogs&time=" + time);
        JsonPath explorer = get("/forecast/analogs?horizon=24h&vars=t2m,wspd&time=" + time);
        assertEquals(time.toString(), explorer.getString("state_time"));
        // the same search, weights and statistics as the forecast
        assertEquals(forecast.getList("forecasts[0].analogs"), explorer.getList("forecast.analogs"));
        assertEquals(forecast.getMap("forecasts[0].variables"), explorer.getMap("forecast.variables"));
        List<Map<String, Object>> analogs = explorer.getList("analogs");
        assertEquals(30, analogs.size());
        assertEquals(48, explorer.getInt("following_hours"));
        double current = explorer.getDouble("current.t2m");
        assertNotNull(explorer.get("current.msl"), "the predictors' current values too");
        // both variables are anchored half-way on the build's blend at 24 h: one shift for all members of a variable
        assertEquals(0.5, explorer.getDouble("forecast.index.anchor.weight"));
        assertEquals(java.util.Set.of("t2m", "wspd"), explorer.getMap("forecast.index.anchor.centres").keySet());
        Double t2mShift = null;
        Double wspdShift = null;
        double weightedSum = 0;
        double weightTotal = 0;
        for (int i = 0; i < analogs.size(); i++) {
            String at = "analogs[" + i + "].";
            assertEquals(forecast.getString("forecasts[0].analogs[" + i + "].time"), explorer.getString(at + "time"));
            List<Float> t2m = explorer.getList(at + "following.t2m", Float.class);
            List<Float> wspd = explorer.getList(at + "following.wspd", Float.class);
            assertEquals(49, t2m.size());
            assertEquals(explorer.getDouble(at + "state.t2m"), t2m.get(0), 1e-6, "hour 0 is the analog's state");
            // temperature at 24 h is a tendency member: the analog's 24-hour change added to the current value (then
            // the shift of the anchoring, the same for every member)
            if (t2m.get(0) != null && t2m.get(24) != null) {
                double tendency = current + t2m.get(24) - t2m.get(0);
                double shift = explorer.getDouble(at + "member.t2m") - tendency;
                t2mShift = t2mShift == null ? shift : t2mShift;
                assertEquals(t2mShift, shift, 0.03, at);
                weightedSum += explorer.getDouble(at + "weight") * tendency;
                weightTotal += explorer.getDouble(at + "weight");
            }
            // wind speed is not: the member is the analog's value 24 hours on (plus its shift)
            if (wspd.get(24) != null && explorer.getDouble(at + "member.wspd") > 0) {
                double shift = explorer.getDouble(at + "member.wspd") - wspd.get(24);
                wspdShift = wspdShift == null ? shift : wspdShift;
                assertEquals(wspdShift, shift, 0.011, at);
            }
        }
        // the shift is half of the way from the tendency members' weighted mean to the blend's centre
        assertEquals(0.5 * (explorer.getDouble("forecast.index.anchor.centres.t2m") - weightedSum / weightTotal),
                t2mShift, 0.05);
    }

    @Test
    void temperatureAt48HoursSitsOnTheBlendsCentreWithItsSpreadScaled() {
        Instant time = newest().minusSeconds(30 * 24 * 3600L);
        JsonPath explorer = get("/forecast/analogs?horizon=48h&vars=t2m,wspd&time=" + time);
        // application.properties: all the way to the centre at 48 h, temperature's spread scaled by 0.9, wind's kept
        assertEquals(1.0, explorer.getDouble("forecast.index.anchor.weight"));
        assertEquals(0.9, explorer.getDouble("forecast.index.anchor.spreads.t2m"));
        assertEquals(1.0, explorer.getDouble("forecast.index.anchor.spreads.wspd"));
        double centre = explorer.getDouble("forecast.index.anchor.centres.t2m");
        List<Map<String, Object>> analogs = explorer.getList("analogs");
        double weightedSum = 0;
        double weightTotal = 0;
        for (int i = 0; i < analogs.size(); i++) {
            Float outcome = explorer.getList("analogs[" + i + "].following.t2m", Float.class).get(48);
            if (outcome != null) {
                weightedSum += explorer.getDouble("analogs[" + i + "].weight") * outcome;
                weightTotal += explorer.getDouble("analogs[" + i + "].weight");
            }
        }
        double mean = weightedSum / weightTotal;
        for (int i = 0; i < analogs.size(); i++) {
            Float outcome = explorer.getList("analogs[" + i + "].following.t2m", Float.class).get(48);
            if (outcome != null) { // each member: the centre plus 0.9 of its outcome's distance from their mean
                assertEquals(centre + 0.9 * (outcome - mean), explorer.getDouble("analogs[" + i + "].member.t2m"),
                        0.03, "analog " + i);
            }
        }
    }

        @Test
    void nothingAfterTheStateTimeIsShown() {
        Instant time = newest().minusSeconds(40 * 24 * 3600L);
        JsonPath explorer = get("/forecast/analogs?horizon=6h&vars=t2m&k=300&time=" + time);
        List<Map<String, Object>> analogs = explorer.getList("analogs");
        int cut = 0;
        for (int i = 0; i < analogs.size(); i++) {
            Instant analog = Instant.parse(explorer.getString("analogs[" + i + "].time"));
            assertTrue(!analog.plusSeconds(6 * 3600L).isAfter(time), "outcome known at the state time: " + analog);
            List<Float> t2m = explorer.getList("analogs[" + i + "].following.t2m", Float.class);
            for (int h = 0; h < t2m.size(); h++) {
                if (analog.plusSeconds(3600L * h).isAfter(time)) {
                    assertNull(t2m.get(h), analog + " +" + h + " h lies after the state time " + time);
                    cut++;
                }
            }
        }
        // analogs from the two days before the state time are among 300: the cut above was exercised
        assertTrue(cut > 0, "no analog within 48 h of the state time among " + analogs.size());
    }

    @Test
    void theExplorerTakesExactlyOneHorizon() {
        user().get("/forecast/analogs?horizon=6h,24h&vars=t2m").then().statusCode(400)
                .contentType("application/problem+json").body("type", containsString("one-horizon"))
                .body("detail", containsString("one horizon at a time"));
        user().get("/forecast/analogs?vars=t2m").then().statusCode(400).body("detail", containsString("horizon is required"));
        user().get("/forecast/analogs?horizon=24h&vars=t2m&time=1990-01-01T00:00:00Z").then().statusCode(404)
                .body("detail", containsString("no observations"));
        user().get("/forecast/analogs?horizon=24h&vars=t2m&k=0").then().statusCode(400);
        io.restassured.RestAssured.given().get("/forecast/analogs?horizon=24h").then().statusCode(401)
                .body("status", equalTo(401));
    }
}
