package io.analogcast.it;

import io.analogcast.Api;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The packaged service as it ships (the jar in {@code ./mvnw verify}, the native executable with {@code -Pnative}),
 * run as a separate process against the real PostgreSQL (failsafe's environment in pom.xml): every path that
 * native images break first (FAISS through JNI, Jackson outside REST, Redis values, the lifecycle) is exercised.
 */
@QuarkusIntegrationTest
class PackagedServiceIT {

    private static final String TOKEN = "it-admin-token";

    private static io.restassured.specification.RequestSpecification api() {
        return RestAssured.given().header("Authorization", "Bearer " + TOKEN);
    }

    @Test
    void forecastsThroughFaissForEveryIndexType() {
        api().get("/forecast?horizon=6h,12h,24h,48h&vars=t2m,u10,v10,wdir,precip&exceed=precip:0.1&include=analogs")
                .then().statusCode(200)
                .body("data.synthetic", equalTo(true))
                .body("forecasts", hasSize(4))
                .body("forecasts.index.type", equalTo(List.of("IVFFlat", "IVFFlat", "IVFFlat", "IVFFlat")))
                .body("forecasts[2].k", equalTo(30))
                // analogs whose outcome hour lacks a temperature do not count (depends on the state's neighbours)
                .body("forecasts[2].variables.t2m.analog_count", greaterThan(20))
                .body("forecasts[3].analogs", hasSize(30))
                .body("forecasts[0].variables.precip.exceedance[0].threshold", equalTo(0.1f));
        // the same request again is a cache hit: Redis values are read back into the DTOs
        api().get("/forecast?horizon=6h,12h,24h,48h&vars=t2m,u10,v10,wdir,precip&exceed=precip:0.1&include=analogs")
                .then().statusCode(200).body("forecasts[1].variables.wdir.value", notNullValue());
        api().contentType(ContentType.JSON).body(Map.of("horizons", List.of("12h"), "vars", List.of("t2m"), "k", 20,
                "state", Map.of("time", "2019-06-15T06:00:00Z", "values", Map.of("t2m", List.of(11.6, 12.9, 13.8),
                        "d2m", List.of(6.3, 6.1, 6.0), "msl", List.of(1018.1, 1017.8, 1017.5),
                        "u10", List.of(1.9, 2.2, 2.0), "v10", List.of(-1.2, -1.1, -1.4)))))
                .post("/forecast").then().statusCode(200).body("forecasts[0].k", equalTo(20));
    }

    @Test
    void ingestsObservationsAndAppendsThemToTheLibraries() {
        // a day after the newest observation (the schema outlives a run, and a build at boot takes in what
        // earlier runs posted), so these hours are new to the library
        api().get("/forecast?horizon=6h&vars=t2m").then().statusCode(200); // opens the station
        String newest = api().get("/admin/stations").then().statusCode(200).extract()
                .path("items[0].newest_observation");
        java.time.Instant start = java.time.Instant.parse(newest).plus(java.time.Duration.ofDays(1));
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (int h = 0; h < 12; h++) {
            rows.add(Map.of("station", "adelaide-synthetic", "time", start.plusSeconds(3600L * h).toString(),
                    "t2m", 20.0, "d2m", 10.0, "msl", 1015.0, "u10", 1.0, "v10", 1.0));
        }
        api().contentType(ContentType.JSON).body(rows).post("/observations").then().statusCode(200)
                .body("accepted", equalTo(12));
        api().get("/forecast?horizon=6h&vars=t2m").then().statusCode(200)
                .body("state_time", equalTo(start.plusSeconds(3600L * 11).toString()));
        api().get("/admin/stations").then().statusCode(200).body("items[0].appended_rows", greaterThan(0));
    }

    @Test
    void healthProbesAndMetrics() throws Exception {
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
        RestAssured.given().get("/q/swagger-ui/").then().statusCode(404); // no console in a packaged service
        RestAssured.given().get("/q/openapi").then().statusCode(200);
        api().get("/forecast?horizon=24h&vars=t2m&time=2019-03-01T00:00:00Z").then().statusCode(200);
        RestAssured.given().get("/health").then().statusCode(200).body("status", equalTo("UP"))
                .body("stations.served", equalTo(1)).body("index_lifecycle.served_build_id", notNullValue());
        String scrape = Api.management().get("/metrics").then().statusCode(200)
                .body(containsString("analogcast_faiss_search_seconds")).extract().asString();
        Path out = Path.of("target/packaged-metrics-scrape.txt");
        Files.writeString(out, scrape); // .ci/run checks it with promtool
        api().post("/admin/indices/reload").then().statusCode(200).body("changed", equalTo(false));
    }

    @Test
    void errorsAreProblemsAndTokensAreChecked() {
        api().get("/forecast?horizon=36h").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("served horizons"));
        RestAssured.given().get("/forecast?horizon=24h").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"));
        RestAssured.given().header("Authorization", "Bearer wrong").get("/forecast").then().statusCode(401);
    }
}
