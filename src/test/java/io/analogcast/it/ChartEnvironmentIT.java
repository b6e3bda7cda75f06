package io.analogcast.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the chart configures is what the service reads: the ConfigMap and the Secret rendered by helm are the whole
 * environment of the packaged service (the jar, or the native executable after {@code -Pnative}), started as a pod
 * would start it, and each setting is observed through the API. A misspelt variable name in a template fails here.
 */
class ChartEnvironmentIT {

    private static final String TOKEN = "chart-admin-token";
    private static final String TOKEN_SHA256 = "eae3798b57cabff1e7584828733c7c3f8c852054162087d85cdeeb2b3cc31834";
    private static final String SCHEMA = "analogcast_chart_it";

    private final ServiceClient client = new ServiceClient(TOKEN);

    @Test
    void theServiceRunsOnTheChartsSettingsAlone(@TempDir Path indices) throws Exception {
        assertEquals(TOKEN_SHA256, sha256(TOKEN));
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
            db.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
        }
        String manifests = new Helm(Path.of("helm/analogcast")).template().withName("it").withNamespace("it")
                .set("database.url", "jdbc:postgresql://127.0.0.1:5432/test")
                .set("database.user", "postgres")
                .set("database.schema", SCHEMA)
                .set("redis.url", "redis://127.0.0.1:6379")
                .set("config.dataSource", "demo")
                .set("config.extra.ANALOGCAST_DEMO_YEARS", "1")
                .set("config.rateLimit.requestsPerSecond", 1)
                .set("config.rateLimit.burst", 5)
                .set("config.corsOrigins", "https://app.example.org")
                .set("config.shutdownTimeout", "10s")
                .set("indices.persistence.enabled", false)
                .set("tokens.chartit.sha256", TOKEN_SHA256)
                .set("tokens.chartit.role", "admin")
                .call();
        Map<String, String> environment = new HashMap<>();
        for (JsonNode object : new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).<JsonNode>readValues(manifests)
                .readAll()) {
            if (object != null && object.path("kind").asText().equals("ConfigMap")) {
                object.path("data").fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
            } else if (object != null && object.path("kind").asText().equals("Secret")) {
                object.path("stringData").fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
            }
        }
        assertEquals("true", environment.get("ANALOGCAST_INDEX_BUILD_ON_BOOT"),
                "without a shared volume each pod builds at boot");
        // the two things a pod has and this machine does not: the /work/indices volume and port 8080 to itself
        environment.put("ANALOGCAST_INDEX_DIRECTORY", indices.toString());
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));

        Process service = PackagedArtifact.start(environment, indices.resolve("service.log"));
        try {
            String base = "http://127.0.0.1:" + port;
            client.awaitReady(base, service, indices.resolve("service.log"), Duration.ofSeconds(180));

            assertEquals(200, client.get(base + "/forecast?horizon=24h&vars=t2m", true).statusCode(), "the Secret's token");
            assertEquals(401, client.get(base + "/forecast?horizon=24h&vars=t2m", false).statusCode());
            HttpResponse<String> reload = client.send(client.request(base + "/admin/indices/reload", true)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, reload.statusCode(), "the Secret's role: " + reload.body());
            JsonNode health = new ObjectMapper().readTree(client.get(base + "/health", false).body());
            assertEquals("PostgreSQL", health.path("database").path("product").asText(), "the ConfigMap's database");
            assertTrue(health.path("database").path("up").asBoolean());
            assertTrue(health.path("cache").path("redis_enabled").asBoolean(), "redis.enabled and redis.url");
            assertEquals(1, health.path("stations").path("served").asInt(),
                    "config.dataSource=demo seeded the empty schema: " + health);
            HttpResponse<String> preflight = client.send(client.request(base + "/forecast", false)
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://app.example.org").header("Access-Control-Request-Method", "GET"));
            assertEquals("https://app.example.org", preflight.headers().firstValue("Access-Control-Allow-Origin")
                    .orElse(null), "config.corsOrigins");
            int limited = 0;
            for (int i = 0; i < 12; i++) {
                limited += client.get(base + "/forecast?horizon=6h&vars=t2m", true).statusCode() == 429 ? 1 : 0;
            }
            assertTrue(limited > 0, "config.rateLimit (1/s, burst 5) admits no 12 requests in a row");
        } finally {
            service.destroy(); // SIGTERM, as the kubelet sends it
            boolean exited = service.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                service.destroyForcibly();
            }
            assertTrue(exited, "stopped within config.shutdownTimeout and a margin");
            assertEquals(0, service.exitValue(), "a graceful stop exits 0");
        }
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
