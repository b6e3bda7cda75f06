package io.analogcast.security;

import io.analogcast.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** With analogcast.security.protect-metrics=true, metrics need a token; probes stay public. */
@QuarkusTest
@TestProfile(ProtectedMetricsTest.Protected.class)
class ProtectedMetricsTest {

    public static class Protected implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("analogcast.security.protect-metrics", "true");
        }
    }

    @Test
    void metricsNeedATokenProbesDoNot() {
        for (String path : new String[] {"/metrics", "/q/metrics"}) {
            given().get(path).then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
            given().header("Authorization", "Bearer nope").get(path).then().statusCode(401);
            Api.user().get(path).then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        }
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/health").then().statusCode(200);
    }
}
