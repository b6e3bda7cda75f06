package io.analogcast.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static io.analogcast.Api.ADMIN_TOKEN;
import static io.analogcast.Api.USER_TOKEN;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random and malformed requests over every endpoint, method, parameter, header and body shape, from a fixed seed:
 * no answer may be a 5xx, every 4xx must be an application/problem+json body with a detail, and the heap must not
 * grow with the number of requests. {@code -Dfuzz.cases=N -Dfuzz.seed=S} runs a longer or different series
 * (docs/reliability.md).
 */
@QuarkusTest
@TestProfile(FuzzTest.OwnData.class)
class FuzzTest {

    /** A data set of its own: fuzzed posts store observations, which must not reach other tests. */
    public static class OwnData implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("analogcast.index.directory", "target/test-indices-fuzz", "analogcast.demo.years", "2");
        }
    }

    private static final int CASES = Integer.getInteger("fuzz.cases", 10_000);
    private static final long SEED = Long.getLong("fuzz.seed", 20261201L);

    private static final String[] PATHS = {"/forecast", "/forecast/batch", "/observations", "/stations",
            "/stations/adelaide-synthetic", "/variables", "/health", "/health/faiss", "/verification/live",
            "/verification", "/admin/indices/reload", "/admin/indices/rollback", "/admin/performance", "/metrics",
            "/q/health/ready", "/q/health/live", "/q/openapi", "/", "/forecast/", "/forecast//batch",
            "/forecast/../admin/indices/reload", "/%2e%2e/admin", "/forecast%00", "/observations;jsessionid=x",
            "/FORECAST", "/forecast/batch/extra", "/nope", "/forecast.json", "/forecast/options", "/forecast/analogs",
            "/app/analogcast.js", "/app/../admin/performance", "/index.html"};
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH",
            "OPTIONS", "HEAD", "TRACE", "PROPFIND"};
    private static final String[] PARAMETERS = {"horizon", "vars", "station", "time", "k", "exceed", "include",
            "from", "to", "page", "size", "days", "format", "unknown", "horizon[]", ""};
    private static final String[] VALUES = {"", "24h", "6h,12h,24h,48h", "36h", "0h", "-6h", "24", "h", "t2m",
            "t2m,u10,v10", "t2m,t2m", "T2M", "nope", "adelaide-synthetic", "2019-06-15T06:00:00Z", "2019-06-15",
            "1560578400", "2019-13-45T99:00:00Z", "9999-12-31T23:59:59Z", "30", "0", "-1", "1e309", "NaN", "Infinity",
            "-Infinity", "99999999999999999999", "2147483648", "0x1F", "1.5", "t2m:30,precip:0.1", "t2m:", ":",
            "t2m:NaN", "analogs", "json", "html", "7", "30", "\u00e9t\u00e9", "\ud83c\udf27\ufe0f", "\u0000",
            "'; drop table observation; --", "<script>alert(1)</script>", "../../../etc/passwd", "%00", "%",
            "a".repeat(5000), ",,,,", " 24h ", "24h;48h"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
            "text/csv", "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data",
            "application/", "json", ";;;", "application/json; charset=nope", "*/*", "text/csv; header=absent"};
    private static final String[] ACCEPTS = {"application/json", "*/*", "text/html", "application/xml",
            "application/problem+json", "text/csv", "nonsense", "application/json;q=abc"};

    @TestHTTPResource("/")
    URL base;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void noRequestGetsA5xxAndEveryRefusalIsAProblem() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        SplittableRandom random = new SplittableRandom(SEED);
        long heapBefore = heapAfterGc();
        long started = System.nanoTime();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CASES && failures.size() < 20; i++) {
            String method = pick(random, METHODS);
            String target = pick(random, PATHS) + query(random);
            String body = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                    || method.equals("TRACE") ? (random.nextInt(10) == 0 ? body(random) : null) : body(random);
            HttpRequest.Builder request;
            try {
                request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + target))
                        .timeout(Duration.ofSeconds(20))
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body));
            } catch (IllegalArgumentException e) {
                continue; // a target the client itself refuses to send: not a request the server sees
            }
            authorization(random, request);
            if (body != null || random.nextInt(4) == 0) {
                String contentType = pick(random, CONTENT_TYPES);
                if (random.nextInt(8) != 0) {
                    request.header("Content-Type", contentType);
                }
            }
            if (random.nextInt(3) == 0) {
                request.header("Accept", pick(random, ACCEPTS));
            }
            if (random.nextInt(20) == 0) {
                request.header("X-Forwarded-For", pick(random, new String[] {"1.2.3.4", "garbage", "", "::1, 10.0.0.1"}));
            }
            HttpResponse<String> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                failures.add("no answer (" + e + ")  <- case " + i + ": " + method + " " + abbreviate(target)
                        + " body " + abbreviate(String.valueOf(body)));
                continue;
            }
            statuses.merge(response.statusCode(), 1, Integer::sum);
            String failure = check(method, target, response);
            if (failure != null) {
                failures.add(failure + "  <- case " + i + ": " + method + " " + abbreviate(target) + " body "
                        + abbreviate(String.valueOf(body)));
            }
        }
        assertTrue(failures.isEmpty(), "statuses " + statuses + "; failures:\n" + String.join("\n", failures));
        long grown = heapAfterGc() - heapBefore;
        System.out.printf("fuzz: %d cases, seed %d, in %.1f s; statuses %s; heap %+d MiB%n", CASES, SEED,
                (System.nanoTime() - started) / 1e9, statuses, grown >> 20);
        assertTrue(grown < 128L << 20, "heap grew by " + (grown >> 20) + " MiB over " + CASES + " requests");
        assertTrue(statuses.keySet().stream().anyMatch(s -> s == 200) && statuses.keySet().stream()
                .anyMatch(s -> s >= 400), "the series reaches both answers and refusals: " + statuses);
    }

    private String check(String method, String target, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return status + " " + abbreviate(response.body());
        }
        if (status < 400 || method.equals("HEAD")) {
            return null;
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return status + " with Content-Type '" + type + "', not a problem: " + abbreviate(response.body());
        }
        try {
            JsonNode problem = json.readTree(response.body());
            if (problem.path("status").asInt() != status || problem.path("detail").asText().isBlank()
                    || problem.path("title").asText().isBlank()) {
                return status + " problem without status, title or detail: " + abbreviate(response.body());
            }
        } catch (Exception e) {
            return status + " problem body is not JSON: " + abbreviate(response.body());
        }
        return null;
    }

    private static String query(SplittableRandom random) {
        int count = random.nextInt(5);
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < count; i++) {
            query.append(i == 0 ? '?' : '&');
            String name = pick(random, PARAMETERS);
            String value = pick(random, VALUES);
            // mostly encoded as a client would, sometimes raw or duplicated
            query.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=');
            query.append(random.nextInt(6) == 0 ? value.replaceAll("[^A-Za-z0-9:,.%_-]", "")
                    : URLEncoder.encode(value, StandardCharsets.UTF_8));
            if (random.nextInt(10) == 0) {
                query.append('&').append(name).append('=').append(URLEncoder.encode(pick(random, VALUES),
                        StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }

    private static String body(SplittableRandom random) {
        return switch (random.nextInt(14)) {
            case 0 -> "";
            case 1 -> "{";
            case 2 -> "null";
            case 3 -> "[]";
            case 4 -> "{\"horizons\": [\"24h\"], \"vars\": [\"t2m\"], \"k\": " + pick(random, VALUES.clone()) + "}";
            case 5 -> "{\"horizons\": " + pick(random, new String[] {"\"24h\"", "[1]", "[null]", "[\"36h\"]", "{}"})
                    + ", \"state\": {\"time\": \"2019-06-15T06:00:00Z\", \"values\": {\"t2m\": [NaN, 1e999, -1]}}}";
            case 6 -> "{\"requests\": [" + "{\"horizons\": [\"6h\"], \"time\": \"2019-01-01T00:00:00Z\"},"
                    .repeat(random.nextInt(3)) + "{\"horizons\": [\"6h\"]}]}";
            case 7 -> "{\"requests\": " + "[".repeat(200) + "]".repeat(200) + "}";
            case 8 -> "{\"station\": \"" + pick(random, new String[] {"fuzz-station", "", "UPPER", "\u00e9", "a".repeat(80)})
                    + "\", \"time\": \"" + pick(random, VALUES) + "\", \"t2m\": " + pick(random,
                    new String[] {"21.5", "\"21.5\"", "NaN", "1e309", "-273.2", "null", "true", "[]"}) + "}";
            case 9 -> "station,time,t2m\nfuzz-station," + pick(random, VALUES).replace(",", "") + ",21.5\n";
            case 10 -> "station,time,t2m\n\"fuzz,station\",2020-01-01T00:00:00Z,\"21.5\nbroken";
            case 11 -> "\ufeff" + "x".repeat(random.nextInt(2000));
            case 12 -> "[" + "{\"station\":\"fuzz-station\",\"time\":\"2020-01-01T00:00:00Z\",\"t2m\":1},"
                    .repeat(random.nextInt(50)) + "{}]";
            default -> "{\"a\":\"" + "z".repeat(1_100_000) + "\"}"; // over the 1 MiB body limit
        };
    }

    private static void authorization(SplittableRandom random, HttpRequest.Builder request) {
        switch (random.nextInt(8)) {
            case 0, 1, 2 -> request.header("Authorization", "Bearer " + USER_TOKEN);
            case 3 -> request.header("Authorization", "Bearer " + ADMIN_TOKEN);
            case 4 -> request.header("Authorization", pick(random, new String[] {"Bearer", "Bearer ", "Basic dXNlcjpw",
                    "Bearer " + "x".repeat(3000), "bearer " + USER_TOKEN, "Bearer \u00e9t\u00e9", "Token abc"}));
            default -> {
                // none
            }
        }
    }

    private static String pick(SplittableRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...(" + text.length() + " chars)";
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
