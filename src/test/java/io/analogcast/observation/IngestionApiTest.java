package io.analogcast.observation;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.analogcast.Api.user;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** POST/GET /observations and GET /stations on the embedded database. */
@QuarkusTest
class IngestionApiTest {

    private static List<Map<String, Object>> hours(String station, int day) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int h = 0; h < 6; h++) {
            rows.add(Map.of("station", station, "time", "2021-01-%02dT%02d:00:00Z".formatted(day, h), "t2m", 20.0 + h,
                    "d2m", 10.0, "msl", 1012.5, "u10", 1.5, "v10", -2.0, "precip", 0));
        }
        return rows;
    }

    @Test
    void jsonRowsAreUpsertedReportedAndBecomeTheCurrentState() {
        List<Map<String, Object>> rows = new ArrayList<>(hours("adelaide-synthetic", 1));
        rows.add(Map.of("station", "adelaide-synthetic", "time", "2021-01-01T06:00:00", "t2m", 1));
        rows.add(Map.of("station", "adelaide-synthetic", "time", "2020-12-31T12:00:00Z", "t2m", 99.9, "msl", 1010));
        rows.add(Map.of("station", "adelaide-synthetic", "time", "2020-12-31T13:00:00Z", "temperature", 1));
        user().contentType(ContentType.JSON).body(rows).post("/observations").then().statusCode(200)
                .body("rows", equalTo(9)).body("accepted", equalTo(7)).body("rejected", equalTo(2))
                .body("values_rejected", equalTo(1))
                .body("problems.line", equalTo(List.of(7, 8, 9)))
                .body("problems[0].message", containsString("offset"))
                .body("problems[1].variable", equalTo("t2m"))
                .body("problems[2].message", containsString("unknown column 'temperature'"));
        user().get("/forecast?horizon=6h&vars=t2m").then().statusCode(200)
                .body("state_time", equalTo("2021-01-01T05:00:00Z"));
    }

    @Test
    void anEmptyOrMalformedContentTypeIsA415ProblemNotA500() throws Exception {
        // sent raw: a test client would refuse to send these itself
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        for (String contentType : new String[] {"", ";;;", "text/", "/json"}) {
            java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + "/observations"))
                    .header("Authorization", "Bearer " + io.analogcast.Api.USER_TOKEN).header("Content-Type", contentType)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("station,time\n")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            org.junit.jupiter.api.Assertions.assertEquals(415, response.statusCode(), contentType + ": " + response.body());
            org.junit.jupiter.api.Assertions.assertEquals("application/problem+json",
                    response.headers().firstValue("Content-Type").orElse(""));
            org.junit.jupiter.api.Assertions.assertTrue(response.body().contains("is not a media type"), response.body());
        }
    }

    @Test
    void upsertIsIdempotent() {
        List<Map<String, Object>> rows = hours("idempotent-site", 3);
        for (int i = 0; i < 2; i++) {
            user().contentType(ContentType.JSON).body(rows).post("/observations").then().statusCode(200)
                    .body("accepted", equalTo(6));
        }
        user().get("/observations?station=idempotent-site").then().statusCode(200)
                .body("total", equalTo(6)).body("items", hasSize(6))
                .body("items[5].values.t2m", equalTo(25.0f)).body("items[0].time", equalTo("2021-01-03T00:00:00Z"));
        Map<String, Object> changed = Map.of("station", "idempotent-site", "time", "2021-01-03T05:00:00Z", "t2m", 7.5);
        user().contentType(ContentType.JSON).body(changed).post("/observations").then().statusCode(200);
        user().get("/observations?station=idempotent-site&from=2021-01-03T05:00:00Z").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].values.t2m", equalTo(7.5f))
                .body("items[0].values.msl", nullValue());
    }

    @Test
    void theLastOfTwoRowsForOneStationAndTimeWins() {
        List<Map<String, Object>> rows = List.of(
                Map.of("station", "twice-site", "time", "2021-02-01T00:00:00Z", "t2m", 1.0),
                Map.of("station", "twice-site", "time", "2021-02-01T00:00:00Z", "t2m", 2.0));
        user().contentType(ContentType.JSON).body(rows).post("/observations").then().statusCode(200)
                .body("accepted", equalTo(2));
        user().get("/observations?station=twice-site").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].values.t2m", equalTo(2.0f));
    }

    @Test
    void csvUploadCreatesStations() {
        String csv = """
                station,time,t2m,msl,station_name,latitude,longitude
                csv-site,2022-05-01T00:00:00Z,11.5,1020.1,CSV Site,-31.9,115.9
                csv-site,2022-05-01T01:00:00Z,NA,1020.3,CSV Site,-31.9,115.9
                csv-site,2022-05-01T02:00:00+08:00,12.5,1020.0,CSV Site,-31.9,115.9
                """;
        user().contentType("text/csv").body(csv).post("/observations").then().statusCode(200)
                .body("accepted", equalTo(3)).body("values_missing", equalTo(1));
        user().get("/stations?size=1000").then().statusCode(200).body("items.id", hasItem("csv-site"));
        user().get("/observations?station=csv-site").then().statusCode(200).body("total", equalTo(3))
                .body("items[0].time", equalTo("2022-04-30T18:00:00Z"));
    }

    @Test
    void pagesHaveBoundsAndLinks() {
        user().get("/observations?station=adelaide-synthetic&size=1000").then().statusCode(200)
                .body("items", hasSize(1000)).body("page", equalTo(0)).body("size", equalTo(1000))
                .body("prev", nullValue())
                .body("next", equalTo("/observations?station=adelaide-synthetic&page=1&size=1000"));
        user().get("/observations?station=adelaide-synthetic&page=1&size=1000").then().statusCode(200)
                .body("prev", equalTo("/observations?station=adelaide-synthetic&page=0&size=1000"));
        user().get("/observations?station=adelaide-synthetic").then().statusCode(200).body("items", hasSize(100));
        user().get("/stations").then().statusCode(200).body("size", equalTo(100)).body("next", nullValue());
        for (String bad : new String[] {"size=1001", "size=0", "page=-1", "page=abc", "size=1.5",
                "from=2021-01-02T00:00:00Z&to=2021-01-01T00:00:00Z", "from=yesterday"}) {
            user().get("/observations?station=adelaide-synthetic&" + bad).then().statusCode(400)
                    .contentType("application/problem+json");
        }
        user().get("/stations?size=5000").then().statusCode(400).contentType("application/problem+json");
        user().get("/observations").then().statusCode(400).body("detail", containsString("station is required"));
        user().get("/observations?station=atlantis").then().statusCode(404);
    }

    @Test
    void nothingValidIsA422AndEmptyIsA400() {
        user().contentType(ContentType.JSON).body(List.of(Map.of("station", "x", "time", "never"), 5)).post("/observations")
                .then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("none of the 2 rows")).body("errors", hasSize(2));
        user().contentType(ContentType.JSON).body("[]").post("/observations").then().statusCode(400);
        user().contentType(ContentType.JSON).body("\"text\"").post("/observations").then().statusCode(400);
        user().contentType("text/csv").body("time,t2m\n2020-01-01T00:00:00Z,1\n").post("/observations").then()
                .statusCode(400).body("detail", containsString("'station' and 'time'"));
    }
}
