package io.analogcast.forecast;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.analogcast.Api.user;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forecast API contract on the embedded defaults (synthetic data, in-memory database). */
@QuarkusTest
class ForecastResourceTest {

    private static JsonPath get(String query) {
        return user().when().get("/forecast?" + query).then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath();
    }

    @Test
    void forecastHasEveryStatisticInOrder() {
        JsonPath json = get("horizon=24h&vars=t2m,u10,v10");
        assertEquals("adelaide-synthetic", json.getString("station.id"));
        assertEquals(true, json.getBoolean("data.synthetic"));
        assertEquals("synthetic", json.getString("data.source"));
        Instant state = Instant.parse(json.getString("state_time"));
        assertEquals(1, json.getList("forecasts").size());
        assertEquals("24h", json.getString("forecasts[0].horizon"));
        assertEquals(state.plusSeconds(24 * 3600), Instant.parse(json.getString("forecasts[0].valid_time")));
        assertEquals("IVFFlat", json.getString("forecasts[0].index.type"));
        assertTrue(json.getString("forecasts[0].index.build_id").length() > 8);
        assertEquals(30, json.getInt("forecasts[0].k"));
        assertTrue(json.getDouble("latency_ms") >= 0);
        for (String v : List.of("t2m", "u10", "v10")) {
            Map<String, Object> f = json.getMap("forecasts[0].variables." + v);
            double[] ordered = {num(f, "min"), num(f, "p05"), num(f, "p10"), num(f, "p25"), num(f, "median"),
                    num(f, "p75"), num(f, "p90"), num(f, "p95"), num(f, "max")};
            for (int i = 1; i < ordered.length; i++) {
                assertTrue(ordered[i - 1] <= ordered[i], v + " statistics out of order: " + f);
            }
            assertTrue(num(f, "min") <= num(f, "value") && num(f, "value") <= num(f, "max"));
            assertTrue(num(f, "std") >= 0);
            assertEquals(30, ((Number) f.get("analog_count")).intValue());
            assertTrue(num(f, "confidence") > 0 && num(f, "confidence") <= 1);
        }
        assertEquals("degC", json.getString("forecasts[0].variables.t2m.unit"));
    }

    private static double num(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }

    @Test
    void severalHorizonsDerivedWindAndExceedance() {
        JsonPath json = get("horizon=6h,48h,12h&vars=t2m,wspd,wdir,tp6h&k=40&exceed=t2m:-80,t2m:80,wspd:0");
        assertEquals(List.of("6h", "48h", "12h"), json.getList("forecasts.horizon"));
        assertEquals(List.of("IVFFlat", "IVFFlat", "IVFFlat"), json.getList("forecasts.index.type"));
        assertEquals(40, json.getInt("forecasts[0].k"));
        List<Map<String, Object>> exceed = json.getList("forecasts[0].variables.t2m.exceedance");
        assertEquals(-80.0, ((Number) exceed.get(0).get("threshold")).doubleValue());
        assertEquals(1.0, ((Number) exceed.get(0).get("probability")).doubleValue());
        assertEquals(0.0, ((Number) exceed.get(1).get("probability")).doubleValue());
        double wdir = json.getDouble("forecasts[0].variables.wdir.value");
        assertTrue(wdir >= 0 && wdir < 360);
        assertTrue(json.getDouble("forecasts[0].variables.wspd.min") >= 0);
        assertEquals("mm", json.getString("forecasts[0].variables.tp6h.unit"));
    }

    @Test
    void pastStateNeverUsesAnalogsFromAfterStateTimeMinusHorizon() {
        String time = "2018-03-10T05:00:00Z";
        JsonPath json = get("horizon=6h,24h,48h&vars=t2m&include=analogs&k=50&time=" + time);
        assertEquals(time, json.getString("state_time"));
        Instant state = Instant.parse(time);
        for (int h = 0; h < 3; h++) {
            int hours = Integer.parseInt(json.getString("forecasts[" + h + "].horizon").replace("h", ""));
            List<String> times = json.getList("forecasts[" + h + "].analogs.time");
            assertEquals(50, times.size());
            for (String t : times) {
                assertTrue(!Instant.parse(t).isAfter(state.minusSeconds(hours * 3600L)), "analog " + t + " for " + hours + "h");
            }
            List<Float> distances = json.getList("forecasts[" + h + "].analogs.distance", Float.class);
            for (int i = 1; i < distances.size(); i++) {
                assertTrue(distances.get(i - 1) <= distances.get(i) + 1e-4, "nearest first");
            }
            double weightSum = json.getList("forecasts[" + h + "].analogs.weight", Float.class).stream()
                    .mapToDouble(Float::doubleValue).sum();
            assertEquals(1.0, weightSum, 1e-3);
        }
    }

    @Test
    void postWithExplicitStateAndBatch() {
        Map<String, Object> state = Map.of("time", "2020-06-15T06:00:00Z", "values", Map.of(
                "t2m", List.of(11.6, 12.9, 13.8),
                "d2m", List.of(6.3, 6.1, 6.0),
                "msl", List.of(1018.1, 1017.8, 1017.5),
                "u10", List.of(1.9, 2.2, 2.0),
                "v10", List.of(-1.2, -1.1, -1.4)));
        Map<String, Object> request = Map.of("horizons", List.of("12h", "24h"), "vars", List.of("t2m", "msl"),
                "k", 20, "state", state, "include_analogs", true, "exceed", Map.of("t2m", List.of(15.0)));
        JsonPath json = user().contentType(ContentType.JSON).body(request).when().post("/forecast").then()
                .statusCode(200).extract().jsonPath();
        assertEquals("2020-06-15T06:00:00Z", json.getString("state_time"));
        assertEquals(2, json.getList("forecasts").size());
        assertEquals(20, json.getList("forecasts[1].analogs").size());
        double winterNoon = json.getDouble("forecasts[1].variables.t2m.value");
        assertTrue(winterNoon > 0 && winterNoon < 25, "a June state's analogs are winter-like: " + winterNoon);

        Map<String, Object> stored = Map.of("horizons", List.of("6h"), "vars", List.of("t2m"), "time", "2019-01-01T00:00:00Z");
        user().contentType(ContentType.JSON).body(Map.of("requests", List.of(request, stored))).when()
                .post("/forecast/batch").then().statusCode(200)
                .body("results", hasSize(2))
                .body("results[1].state_time", equalTo("2019-01-01T00:00:00Z"))
                .body("latency_ms", greaterThan(0f));
    }

    @Test
    void aBatchForecastsWhatEachRequestForecastsAlone() {
        // thresholds of this run only: neither the batch nor the single requests can be answered from the cache
        double batchThreshold = 10 + Math.random();
        double aloneThreshold = 12 + Math.random();
        // the demo's first days (few analogs allowed), a repeated request, and its last hours
        List<String> times = List.of("2018-01-03T00:00:00Z", "2018-03-01T00:00:00Z", "2019-07-15T12:00:00Z",
                "2020-01-10T06:00:00Z", "2020-01-10T06:00:00Z", "2020-12-31T03:00:00Z");
        List<Map<String, Object>> requests = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            requests.add(Map.of("horizons", List.of("24h", "6h"), "vars", List.of("t2m", "u10"), "time", times.get(i),
                    "k", 20 + i, "include_analogs", true, "exceed", Map.of("t2m", List.of(batchThreshold))));
        }
        JsonPath batch = user().contentType(ContentType.JSON).body(Map.of("requests", requests)).when()
                .post("/forecast/batch").then().statusCode(200).extract().jsonPath();
        for (int i = 0; i < times.size(); i++) {
            JsonPath alone = get("horizon=24h,6h&vars=t2m,u10&include=analogs&k=" + (20 + i) + "&time=" + times.get(i)
                    + "&exceed=t2m:" + aloneThreshold);
            for (int h = 0; h < 2; h++) {
                String forecast = "forecasts[" + h + "]";
                String inBatch = "results[" + i + "]." + forecast;
                assertEquals(alone.getList(forecast + ".analogs"), batch.getList(inBatch + ".analogs"), inBatch);
                assertEquals(alone.getDouble(forecast + ".variables.t2m.value"),
                        batch.getDouble(inBatch + ".variables.t2m.value"), inBatch);
            }
        }
    }

    @Test
    void aBatchNamesTheRequestThatFailed() {
        Map<String, Object> fine = Map.of("horizons", List.of("6h"), "vars", List.of("t2m"), "time", "2019-01-01T00:00:00Z");
        Map<String, Object> beforeTheData = Map.of("horizons", List.of("6h"), "vars", List.of("t2m"), "time",
                "1990-01-01T00:00:00Z");
        problem(user().contentType(ContentType.JSON).body(Map.of("requests", List.of(fine, beforeTheData))).when()
                .post("/forecast/batch").then(), 404, "requests[1]: no observations");
    }

    @Test
    void variablesAndOpenApiAreServed() {
        user().when().get("/variables").then().statusCode(200).body("id", org.hamcrest.Matchers.hasItems("t2m", "pm25", "tp6h"));
        user().when().get("/q/openapi").then().statusCode(200).body(containsString("/forecast/batch"));
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String detailPart) {
        return response.statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("title", not(emptyOrNullString()))
                .body("type", containsString("/problems/"))
                .body("detail", containsString(detailPart));
    }

    @ParameterizedTest(name = "GET /forecast?{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "vars=t2m | 400 | horizon is required",
            "horizon=36h | 400 | 36h is not served",
            "horizon=tomorrow | 400 | not a horizon",
            "horizon=24h,,6h | 400 | empty item",
            "horizon=24h&vars=temperature | 400 | unknown variable 'temperature'",
            "horizon=24h&vars=pm25 | 422 | no pm25 data",
            "horizon=24h&k=0 | 400 | between 1 and 500",
            "horizon=24h&k=501 | 400 | between 1 and 500",
            "horizon=24h&k=ten | 400 | not a whole number",
            "horizon=24h&time=yesterday | 400 | not an ISO-8601 time",
            "horizon=24h&time=2019-01-01T00:00:00 | 400 | not an ISO-8601 time",
            "horizon=24h&time=1990-01-01T00:00:00Z | 404 | no observations",
            "horizon=24h&station=atlantis | 404 | unknown station 'atlantis'",
            "horizon=24h&exceed=t2m | 400 | variable:threshold",
            "horizon=24h&exceed=t2m:hot | 400 | not a finite number",
            "horizon=24h&exceed=t2m:NaN | 400 | not a finite number",
            "horizon=24h&include=everything | 400 | include accepts only 'analogs'",
            "horizon=48h&time=2018-01-01T10:00:00Z | 404 | no analogs",
    })
    void getErrors(String query, int status, String detail) {
        problem(user().when().get("/forecast?" + query).then(), status, detail);
    }

    private static Map<String, Object> stateWith(Object t2m) {
        List<Object> three = new ArrayList<>(List.of(1.0, 1.0, 1.0));
        return Map.of("time", "2020-01-01T00:00:00Z", "values", Map.of("t2m", t2m, "d2m", three,
                "msl", List.of(1010, 1010, 1010), "u10", three, "v10", three));
    }

    @ParameterizedTest(name = "POST /forecast {0}")
    @CsvSource(delimiter = '|', value = {
            "nan | 422 | t2m[2] is NaN",
            "short | 422 | t2m has 2 values, needs 3",
            "null | 422 | t2m[0] is null",
            "range | 422 | outside -90.0..60.0",
    })
    void invalidStates(String kind, int status, String detail) {
        Object t2m = switch (kind) {
            case "nan" -> List.of(1.0, 1.0, "NaN");
            case "short" -> List.of(1.0, 2.0);
            case "null" -> java.util.Arrays.asList(null, 1.0, 1.0);
            default -> List.of(1.0, 1.0, 200.0);
        };
        problem(user().contentType(ContentType.JSON).body(Map.of("horizons", List.of("6h"), "state", stateWith(t2m)))
                .when().post("/forecast").then(), status, detail);
    }

    @Test
    void malformedBodiesAreProblems() {
        problem(user().contentType(ContentType.JSON).body("{\"horizons\": [\"6h\"").when().post("/forecast").then(),
                400, "not valid JSON");
        problem(user().contentType(ContentType.JSON).body("{\"horizons\": [\"6h\"], \"colour\": 1}").when()
                .post("/forecast").then(), 400, "unknown field 'colour'");
        problem(user().contentType(ContentType.JSON).body("{\"horizons\": [\"6h\"], \"k\": \"many\"}").when()
                .post("/forecast").then(), 400, "'k'");
        problem(user().contentType(ContentType.JSON).body("{\"horizons\": [\"6h\"], \"state\": {\"values\": {}}}")
                .when().post("/forecast").then(), 422, "state.time is required");
        problem(user().contentType(ContentType.TEXT).body("horizon=6h").when().post("/forecast").then(), 415,
                "application/json");
        problem(user().when().delete("/forecast").then(), 405, "not allowed");
        problem(user().when().get("/nowhere").then(), 404, "no resource");
    }

    @Test
    void batchErrors() {
        problem(user().contentType(ContentType.JSON).body("{\"requests\": []}").when().post("/forecast/batch").then(),
                400, "1 to 100");
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(Map.of("horizons", List.of("6h")));
        }
        problem(user().contentType(ContentType.JSON).body(Map.of("requests", many)).when().post("/forecast/batch")
                .then(), 400, "at most 100");
        problem(user().contentType(ContentType.JSON).body(Map.of("requests", List.of(Map.of("horizons", List.of("6h")),
                Map.of("horizons", List.of("5h")), Map.of("horizons", List.of("6h"), "k", -1)))).when()
                .post("/forecast/batch").then(), 422, "2 of 3 requests are invalid")
                .body("errors", hasSize(2))
                .body("errors[0]", containsString("requests[1]"));
    }
}
