package io.analogcast.security;

import io.analogcast.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** Metrics are on the management interface's port only; the API port keeps the probes and the public summary. */
@QuarkusTest
class ManagementInterfaceTest {

    @Test
    void metricsAnswerOnTheManagementPortOnly() {
        for (String path : new String[] {"/metrics", "/q/metrics"}) {
            Api.management().get(path).then().statusCode(200)
                    .body(containsString("jvm_memory_used_bytes"));
            given().get(path).then().statusCode(401); // on the API port an unknown path, behind the token
            Api.admin().get(path).then().statusCode(404);
        }
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/health").then().statusCode(200);
        Api.management().get("/forecast?horizon=6h").then().statusCode(404); // and no API on the management port
    }
}
