package io.analogcast.security;

import io.analogcast.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The default burst of 20 with a refill so slow that none arrives during the test, so the count is exact.
 * Client addresses come from X-Forwarded-For (proxy forwarding on), to tell IP limits from token limits.
 */
@QuarkusTest
@TestProfile(RateLimitTest.Burst20.class)
class RateLimitTest {

    public static class Burst20 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("analogcast.security.rate-limit.requests-per-second", "0.001",
                    "analogcast.security.rate-limit.burst", "20",
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    // buckets of this run's own in the shared Redis: an earlier run's drained ones last for hours
                    "analogcast.security.rate-limit.namespace", NAMESPACE,
                    "analogcast.security.tokens.third.sha256", THIRD_TOKEN_SHA256,
                    "analogcast.security.tokens.third.role", "user");
        }
    }

    static final String NAMESPACE = "test-" + ProcessHandle.current().pid();
    static final String THIRD_TOKEN = "third-token";
    static final String THIRD_TOKEN_SHA256 = "4805ab0624bf846ebd4ee89b43701d8e83e3912a3294b46907753515fe8d9a09";

    @jakarta.inject.Inject
    io.vertx.mutiny.redis.client.RedisAPI redis;

    private static int admitted(String token, String ip, int attempts) {
        int ok = 0;
        for (int i = 0; i < attempts; i++) {
            int status = given().header("Authorization", "Bearer " + token).header("X-Forwarded-For", ip)
                    .get("/variables").statusCode();
            if (status == 200) {
                ok++;
            }
        }
        return ok;
    }

    @Test
    void admitsExactlyTheBurstPerAddressThenAnswers429() {
        assertEquals(20, admitted(Api.USER_TOKEN, "10.0.0.1", 25));
        String retryAfter = given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN)
                .header("X-Forwarded-For", "10.0.0.1").get("/variables").then().statusCode(429)
                .contentType("application/problem+json").body("detail", containsString("burst 20"))
                .extract().header("Retry-After");
        // one token takes 1 / 0.001 s to come back; the bucket refills continuously, so a slow machine sees a
        // little less (999 after a second spent on the 25 requests)
        long seconds = Long.parseLong(retryAfter);
        org.junit.jupiter.api.Assertions.assertTrue(seconds > 950 && seconds <= 1000, "Retry-After " + retryAfter);
        // probes are never limited
        for (int i = 0; i < 30; i++) {
            given().header("X-Forwarded-For", "10.0.0.1").get("/q/health/live").then().statusCode(200);
            given().header("X-Forwarded-For", "10.0.0.1").get("/health").then().statusCode(200);
        }
        Api.management().get("/metrics").then().statusCode(200)
                .body(containsString("analogcast_ratelimit_rejections_total{key_type=\"ip\""));
    }

    @Test
    void theWebPagesFilesAreLimitedByAddressLikeEverythingElse() {
        // the page's files need no token, yet draw from the address's bucket: the burst, then 429 for the files
        String ip = "10.5.0.1";
        for (int i = 0; i < 20; i++) {
            given().header("X-Forwarded-For", ip).get(i % 2 == 0 ? "/" : "/app/analogcast.js").then().statusCode(200);
        }
        given().header("X-Forwarded-For", ip).get("/app/analogcast.css").then().statusCode(429)
                .contentType("application/problem+json");
    }

    @Test
    void oneTokenFromManyAddressesIsLimitedToo() {
        // the admin token has its own bucket: 20 requests from 20 fresh addresses, then refused anywhere
        int ok = 0;
        for (int i = 0; i < 20; i++) {
            ok += admitted(Api.ADMIN_TOKEN, "10.1.0." + (i + 1), 1);
        }
        // (the other test's admin call is refused by its address bucket before the token bucket is touched)
        assertEquals(20, ok);
        given().header("Authorization", "Bearer " + Api.ADMIN_TOKEN).header("X-Forwarded-For", "10.2.0.1")
                .get("/variables").then().statusCode(429);
        Api.management().get("/metrics").then().statusCode(200)
                .body(containsString("analogcast_ratelimit_rejections_total{key_type=\"token\""));
    }

    @Test
    void everyInstanceDrawsFromTheSameBucketsInRedis() {
        // another instance, as the service's own script run by a second client: 15 of the burst of 20 taken
        String ip = "10.4.0.1";
        String prefix = "analogcast:ratelimit:" + NAMESPACE + ":";
        for (int i = 0; i < 15; i++) {
            var answer = redis.evalAndAwait(java.util.List.of(SharedRateLimiter.SCRIPT, "2", prefix + "ip:" + ip,
                    prefix + "token:third", "0.001", "20"));
            assertEquals(0L, answer.get(0).toLong(), "the other instance's request " + i + " is admitted");
        }
        assertEquals(5, admitted(THIRD_TOKEN, ip, 10), "this instance admits only what the other left");
        var refused = redis.evalAndAwait(java.util.List.of(SharedRateLimiter.SCRIPT, "1", prefix + "ip:" + ip, "0.001",
                "20"));
        org.junit.jupiter.api.Assertions.assertTrue(refused.get(0).toLong() > 0, "and the other instance sees it");
    }
}
