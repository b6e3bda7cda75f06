package io.analogcast.security;

import io.analogcast.Api;
import io.restassured.RestAssured;
import io.restassured.config.DecoderConfig;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Authentication, size limits, headers, compression and CORS on every kind of endpoint. */
@QuarkusTest
class SecurityTest {

    private static final String FORECAST_BODY = "{\"horizons\": [\"6h\"]}";
    private static final String BATCH_BODY = "{\"requests\": [{\"horizons\": [\"6h\"]}]}";

    /** Every non-public endpoint, called with a given request. */
    private static final List<Function<RequestSpecification, io.restassured.response.Response>> PROTECTED = List.of(
            r -> r.get("/forecast?horizon=6h"),
            r -> r.contentType("application/json").body(FORECAST_BODY).post("/forecast"),
            r -> r.contentType("application/json").body(BATCH_BODY).post("/forecast/batch"),
            r -> r.get("/variables"),
            r -> r.get("/health/faiss"),
            r -> r.get("/admin/performance"),
            r -> r.contentType("application/json").body("{\"station\": \"s\", \"time\": \"2020-01-01T00:00:00Z\"}")
                    .post("/observations"),
            r -> r.contentType("text/csv").body("station,time\ns,2020-01-01T00:00:00Z\n").post("/observations"),
            r -> r.get("/observations?station=adelaide-synthetic"),
            r -> r.get("/stations"),
            r -> r.get("/forecast/nowhere"));

    private static void unauthorized(ValidatableResponse response, String detail) {
        response.statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer realm=\"analogcast\""))
                .body("status", equalTo(401)).body("detail", containsString(detail));
    }

    @Test
    void everyProtectedEndpointRejectsMissingMalformedAndWrongTokens() {
        for (var call : PROTECTED) {
            unauthorized(call.apply(given()).then(), "needs 'Authorization: Bearer <token>'");
            for (String malformed : new String[] {"Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", "Bearer tok en",
                    "test-user-token", "Bearer <script>"}) {
                unauthorized(call.apply(given().header("Authorization", malformed)).then(), "malformed");
            }
            unauthorized(call.apply(given().header("Authorization", "Bearer wrong-token")).then(), "not valid");
            unauthorized(call.apply(given().header("Authorization", "Bearer " + Api.USER_TOKEN + "x")).then(),
                    "not valid");
        }
    }

    @Test
    void adminEndpointsNeedAnAdminToken() {
        Api.user().get("/admin/performance").then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("admin token"));
        Api.admin().get("/admin/performance").then().statusCode(200);
        Api.admin().get("/forecast?horizon=6h").then().statusCode(200);
    }

    @Test
    void publicEndpointsNeedNoToken() {
        for (String path : new String[] {"/health", "/q/health/live", "/q/health/ready", "/q/health/started",
                "/q/openapi"}) {
            given().get(path).then().statusCode(200);
        }
    }

    @Test
    void oversizedRequestsAreRefusedWithProblems() {
        String bigBody = "{\"horizons\": [\"6h\"], \"vars\": [\"" + "t".repeat(1_100_000) + "\"]}";
        Api.user().contentType("application/json").body(bigBody).post("/forecast").then().statusCode(413)
                .contentType("application/problem+json").body("detail", containsString("exceeds the limit"));
        Api.user().get("/forecast?horizon=6h&vars=" + "t2m,".repeat(1200) + "t2m").then().statusCode(414)
                .contentType("application/problem+json").body("detail", containsString("longer than 4096"));
    }

    @Test
    void securityHeadersAndHtmlPolicy() {
        Api.user().get("/forecast?horizon=6h").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer").header("Content-Security-Policy", nullValue());
        Api.user().get("/verification/live?format=html").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("X-Frame-Options", "DENY");
        Api.user().get("/forecast?horizon=48h").then().statusCode(200).header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void gzipOnlyAbove500Bytes() {
        var noDecoding = RestAssured.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders());
        Api.user().config(noDecoding).header("Accept-Encoding", "gzip")
                .get("/forecast?horizon=6h,12h,24h&vars=t2m,u10,v10,msl").then().statusCode(200)
                .header("Content-Encoding", "gzip");
        given().config(noDecoding).header("Accept-Encoding", "gzip").get("/q/health/live").then().statusCode(200)
                .header("Content-Encoding", not("gzip"));
        Api.user().config(noDecoding).get("/forecast?horizon=6h,12h,24h").then().statusCode(200)
                .header("Content-Encoding", not("gzip"));
    }

    @Test
    void corsAllowsOnlyConfiguredOrigins() {
        given().header("Origin", "https://app.example").header("Access-Control-Request-Method", "GET")
                .options("/forecast").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://app.example");
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .options("/forecast").then().header("Access-Control-Allow-Origin", nullValue());
    }
}
