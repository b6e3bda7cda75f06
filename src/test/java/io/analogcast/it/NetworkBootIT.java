package io.analogcast.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A serving instance boots on a published build without opening any station's files: the packaged service (the jar,
 * or the native executable after {@code -Pnative}) is started on a build of several stations, two of which were
 * damaged after publication (a file gone, a file cut short). It becomes ready, answers for the sound stations, answers
 * a problem for the damaged ones only, and reports them.
 */
class NetworkBootIT {

    private static final String TOKEN = "network-admin-token";
    private static final String TOKEN_SHA256 = "4392bb066ae664664f04ae905eacf310d41e22f4f1a8df9bf1b4c3062ea524a2";
    private static final String SCHEMA = "analogcast_network_it";
    private static final List<String> STATIONS = List.of("adelaide-synthetic", "synthetic-002", "synthetic-003",
            "synthetic-004");

    private final ServiceClient client = new ServiceClient(TOKEN);

    @Test
    void bootsReadyWithoutOpeningStationsAndRefusesOnlyTheDamagedOnes(@TempDir Path dir) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
            db.createStatement().execute("drop schema if exists " + SCHEMA + " cascade");
        }
        Path indices = dir.resolve("indices");
        Map<String, String> environment = new HashMap<>();
        environment.put("ANALOGCAST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        environment.put("ANALOGCAST_DB_USER", "postgres");
        environment.put("ANALOGCAST_DB_SCHEMA", SCHEMA);
        environment.put("ANALOGCAST_DATA_SOURCE", "demo");
        environment.put("ANALOGCAST_DEMO_YEARS", "1");
        environment.put("ANALOGCAST_DEMO_STATIONS", String.valueOf(STATIONS.size()));
        environment.put("ANALOGCAST_INDEX_DIRECTORY", indices.toString());
        environment.put("ANALOGCAST_CACHE_REDIS_ENABLED", "false");

        // the index Job: the command's start seeds the empty schema with the demo stations, then builds and publishes
        Process build = PackagedArtifact.start(environment, dir.resolve("build.log"), List.of(), "build-index");
        assertTrue(build.waitFor(600, TimeUnit.SECONDS), Files.readString(dir.resolve("build.log")));
        assertEquals(0, build.exitValue(), Files.readString(dir.resolve("build.log")));
        String buildId = Files.readString(indices.resolve("CURRENT")).trim();

        // damaged after publication: one station's file gone, another's cut short
        Files.delete(indices.resolve(buildId).resolve("synthetic-003").resolve("6h.faiss"));
        Path sidecar = indices.resolve(buildId).resolve("synthetic-004").resolve("24h.sidecar");
        byte[] bytes = Files.readAllBytes(sidecar);
        Files.write(sidecar, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        int port = freePort();
        int managementPort = freePort();
        Map<String, String> serving = new HashMap<>(environment);
        serving.put("ANALOGCAST_DATA_SOURCE", "none");
        serving.put("ANALOGCAST_INDEX_BUILD_ON_BOOT", "false");
        serving.put("QUARKUS_FLYWAY_MIGRATE_AT_START", "false"); // build-index migrated; serving only checks
        serving.put("ANALOGCAST_INDEX_MAX_OPEN_STATIONS", "2");
        serving.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        serving.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        serving.put("ANALOGCAST_SECURITY_TOKENS_NET_SHA256", TOKEN_SHA256);
        serving.put("ANALOGCAST_SECURITY_TOKENS_NET_ROLE", "admin");
        serving.put("ANALOGCAST_SECURITY_RATE_LIMIT_ENABLED", "false");
        Path log = dir.resolve("service.log");
        Process service = PackagedArtifact.start(serving, log);
        String base = "http://localhost:" + port;
        try {
            client.awaitReady(base, service, log, Duration.ofSeconds(120));
            JsonNode health = json(client.get(base + "/health", false));
            assertEquals(STATIONS.size(), health.path("stations").path("served").asInt(), health.toString());
            assertEquals(0, health.path("stations").path("opened").asInt(), "boot opened a station: " + health);

            for (String station : List.of("adelaide-synthetic", "synthetic-002")) {
                assertEquals(200, client.get(base + "/forecast?station=" + station + "&horizon=6h,24h&vars=t2m",
                        true).statusCode(), station);
            }
            HttpResponse<String> gone = client.get(base + "/forecast?station=synthetic-003&horizon=24h&vars=t2m",
                    true);
            assertEquals(503, gone.statusCode(), gone.body());
            assertTrue(gone.body().contains("station synthetic-003 cannot be served"), gone.body());
            assertTrue(!gone.body().contains(indices.toString()), "no path for clients: " + gone.body());
            HttpResponse<String> cut = client.get(base + "/forecast?station=synthetic-004&horizon=6h&vars=t2m", true);
            assertEquals(503, cut.statusCode(), cut.body());
            assertEquals(404, client.get(base + "/forecast?station=nowhere&horizon=6h", true).statusCode());

            JsonNode detail = json(client.get(base + "/admin/health", true));
            assertTrue(detail.path("refused_stations").path("synthetic-003").asText().contains("6h.faiss is missing"),
                    detail.toString());
            assertTrue(detail.path("refused_stations").path("synthetic-004").asText().contains("truncated"),
                    detail.toString());
            health = json(client.get(base + "/health", false));
            assertEquals(2, health.path("stations").path("refused").asInt(), health.toString());
            assertTrue(health.path("stations").path("open").asInt() <= 2, health.toString());
            assertTrue(client.get("http://localhost:" + managementPort + "/metrics", false).body()
                    .contains("analogcast_index_stations_refused 2.0"));
        } finally {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return new ObjectMapper().readTree(response.body());
    }
}
