package io.analogcast.analog;

import io.analogcast.Api;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.analogcast.Api.ADMIN_TOKEN;
import static io.analogcast.Api.USER_TOKEN;
import static io.analogcast.Api.admin;
import static io.analogcast.Api.user;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The index lifecycle on the real PostgreSQL and Redis, in an index directory of its own: hot reload and rollback
 * under concurrent load, refusal of damaged builds, snapshots that outlive a swap, and observations that become
 * analogs without a restart.
 */
@QuarkusTest
@TestProfile(IndexLifecycleTest.OwnDirectory.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IndexLifecycleTest {

    public static class OwnDirectory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("analogcast.index.directory", ROOT.toString(),
                    "analogcast.index.poll-interval", "0");
        }
    }

    private static final String STATION = "adelaide-synthetic";
    /** A directory of this run's own: the test publishes, damages and rolls back builds in it. */
    private static final Path ROOT = Path.of("target/test-indices-lifecycle-" + ProcessHandle.current().pid());

    @Inject
    IndexLifecycle lifecycle;
    @Inject
    IndexBuilder builder;
    @Inject
    ObjectMapper json;

    @Test
    @Order(1)
    void reloadsAndRollbacksUnderConcurrentLoadFailNoRequestAndNeverMixBuilds() throws Exception {
        String first = lifecycle.servedBuildId();
        String second = builder.build((fraction, label) -> {
        });
        assertNotEquals(first, second);
        assertEquals(first, lifecycle.servedBuildId(), "building publishes; serving waits for a reload");

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Set<String> buildsSeen = ConcurrentHashMap.newKeySet();
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            SplittableRandom random = new SplittableRandom(t);
            load.submit(() -> {
                while (running.get()) {
                    // distinct past states: mostly cache misses, so every request searches the indices
                    Instant time = Instant.parse("2019-01-01T00:00:00Z").plusSeconds(3600L * random.nextInt(17_000));
                    String query = "/forecast?horizon=6h,24h&vars=t2m,msl&k=20&time=" + time;
                    try {
                        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                URI.create("http://localhost:" + RestAssured.port + query))
                                .header("Authorization", "Bearer " + USER_TOKEN).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            failures.add(response.statusCode() + " " + response.body());
                            continue;
                        }
                        JsonNode forecasts = json.readTree(response.body()).get("forecasts");
                        String a = forecasts.get(0).get("index").get("build_id").asText();
                        String b = forecasts.get(1).get("index").get("build_id").asText();
                        if (!a.equals(b)) {
                            failures.add("one response mixes builds " + a + " and " + b);
                        }
                        buildsSeen.add(a);
                        answered.incrementAndGet();
                    } catch (IOException | RuntimeException e) {
                        failures.add(e.toString());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        try {
            for (int round = 0; round < 3; round++) {
                Thread.sleep(400);
                admin().post("/admin/indices/reload").then().statusCode(200)
                        .body("served_build_id", equalTo(second)).body("changed", equalTo(true));
                Thread.sleep(400);
                admin().post("/admin/indices/rollback").then().statusCode(200)
                        .body("served_build_id", equalTo(first)).body("previous_build_id", equalTo(second));
                lifecycle.directory().publish(second);
            }
            Thread.sleep(400);
        } finally {
            running.set(false);
            load.shutdown();
            assertTrue(load.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), List.copyOf(failures));
        assertTrue(answered.get() > 50, "too few requests ran through the swaps: " + answered.get());
        assertEquals(Set.of(first, second), buildsSeen);
        admin().post("/admin/indices/reload").then().statusCode(200).body("served_build_id", equalTo(second));
    }

    @Test
    @Order(2)
    void aDamagedStationIsRefusedAtItsFirstRequestAndAnUnreadableCatalogRefusesTheBuild() throws Exception {
        String served = lifecycle.servedBuildId();
        Map<String, String> expectations = new java.util.LinkedHashMap<>();
        expectations.put("checksum", "does not match its manifest checksum");
        expectations.put("sidecar-truncated", "truncated");
        expectations.put("faiss-truncated", "24h.faiss does not match its manifest checksum");
        expectations.put("faiss-unreadable", "6h.faiss cannot be read by FAISS");
        expectations.put("missing-file", "is missing");
        expectations.put("under-gate", "recall gate");
        for (Map.Entry<String, String> damage : expectations.entrySet()) {
            String id = "zz-" + damage.getKey();
            Path copy = copyBuild(served, id);
            damage(copy, damage.getKey());
            lifecycle.directory().publish(id);
            // the catalog is whole: the build is served, and its damaged station refused when first asked for
            admin().post("/admin/indices/reload").then().statusCode(200).body("served_build_id", equalTo(id));
            user().get("/forecast?horizon=24h,48h&vars=t2m").then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://analogcast.dev/problems/station-unavailable"))
                    .body("detail", containsString("station " + STATION + " cannot be served from index build " + id))
                    .body("detail", org.hamcrest.Matchers.not(containsString(ROOT.toString())));
            admin().get("/admin/health").then().statusCode(200)
                    .body("refused_stations." + STATION, containsString(damage.getValue()));
            RestAssured.given().get("/health").then().statusCode(200).body("stations.refused", equalTo(1))
                    .body(org.hamcrest.Matchers.not(containsString(ROOT.toAbsolutePath().toString())));
        }
        Api.management().get("/metrics").then().statusCode(200)
                .body(containsString("analogcast_index_stations_refused 1.0"));
        // a catalog that cannot be read: the build is refused at reload, and the one served before stays
        Path copy = copyBuild(served, "zz-catalog");
        Files.writeString(copy.resolve(BuildCatalog.FILE), "{ not json");
        lifecycle.directory().publish("zz-catalog");
        admin().post("/admin/indices/reload").then().statusCode(200)
                .body("served_build_id", equalTo("zz-under-gate")).body("changed", equalTo(false))
                .body("rejected_reason", containsString(BuildCatalog.FILE));
        admin().get("/admin/health").then().statusCode(200)
                .body("rejected_builds.build_id", org.hamcrest.Matchers.hasItem("zz-catalog"));
        RestAssured.given().get("/health").then().statusCode(200)
                .body("index_lifecycle.current_pointer", equalTo("zz-catalog"))
                .body("index_lifecycle.rejected_builds", greaterThanOrEqualTo(1));
        Api.management().get("/metrics").then().statusCode(200)
                .body(containsString("analogcast_index_build_rejections_total"));
        lifecycle.directory().publish(served);
        admin().post("/admin/indices/reload").then().statusCode(200).body("served_build_id", equalTo(served));
        user().get("/forecast?horizon=24h&vars=t2m").then().statusCode(200)
                .body("forecasts[0].index.build_id", equalTo(served));
    }

    /** A copy of a build under another id (its catalog names the copy). */
    private Path copyBuild(String buildId, String copyId) throws IOException {
        Path source = ROOT.resolve(buildId);
        Path target = ROOT.resolve(copyId);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Files.copy(p, target.resolve(source.relativize(p).toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        rewriteManifest(target.resolve(BuildCatalog.FILE), catalog -> catalog.put("build_id", copyId));
        return target;
    }

    private void damage(Path build, String kind) throws IOException {
        Path station = build.resolve(STATION);
        switch (kind) {
            case "checksum" -> {
                byte[] bytes = Files.readAllBytes(station.resolve("6h.faiss"));
                bytes[bytes.length / 2] ^= 0x5a;
                Files.write(station.resolve("6h.faiss"), bytes);
            }
            case "sidecar-truncated" -> truncateKeepingChecksum(station, "12h.sidecar", "sidecar_crc32c");
            case "faiss-truncated" -> {
                byte[] bytes = Files.readAllBytes(station.resolve("24h.faiss"));
                Files.write(station.resolve("24h.faiss"), java.util.Arrays.copyOf(bytes, bytes.length - 4096));
            }
            case "faiss-unreadable" -> truncateKeepingChecksum(station, "6h.faiss", "faiss_crc32c");
            case "missing-file" -> Files.delete(station.resolve("12h.sidecar"));
            case "under-gate" -> rewriteManifest(station.resolve("24h.json"), m -> m.put("recall_at_k", 0.5));
            default -> throw new IllegalArgumentException(kind);
        }
    }

    /** A truncated file whose manifest checksum is updated: only the format checks can catch it. */
    private void truncateKeepingChecksum(Path station, String file, String checksumField) throws IOException {
        Path path = station.resolve(file);
        byte[] bytes = Files.readAllBytes(path);
        Files.write(path, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        String manifest = file.substring(0, file.indexOf('.')) + ".json";
        String crc = AnalogIndexBuilder.crc32c(path);
        rewriteManifest(station.resolve(manifest), m -> m.put(checksumField, crc));
    }

    private void rewriteManifest(Path manifest, java.util.function.Consumer<ObjectNode> change) throws IOException {
        ObjectNode node = (ObjectNode) json.readTree(manifest.toFile());
        change.accept(node);
        json.writeValue(manifest.toFile(), node);
    }

    @Test
    @Order(3)
    void aSnapshotInUseKeepsItsIndicesAliveAcrossASwapAndFreesThemWhenReleased() throws IOException {
        IndexSnapshot held = lifecycle.acquire();
        ServedBuild build = held.build();
        AnalogIndex index = held.index(STATION, new Horizon(6)).orElseThrow();
        float[] state = new float[index.manifest().stateDimension()];
        String other = lifecycle.rollback().servedBuildId();
        assertNotEquals(held.buildId(), other);
        assertEquals(1, build.references(), "only the held snapshot still uses the replaced build");
        assertEquals(20, index.search(state, 20, Instant.now()).size(), "a held snapshot still searches");
        String heldId = held.buildId();
        held.close();
        assertEquals(0, build.references());
        assertThrows(IllegalStateException.class, () -> index.search(state, 20, Instant.now()),
                "the last release freed the native index");
        lifecycle.directory().publish(heldId); // the build rolled back to is a damaged copy of test 2
        lifecycle.reload();
    }

    @Test
    @Order(4)
    void observationsPostedAfterTheBuildBecomeAnalogsWithoutARestart() {
        IndexManifest manifest;
        try (IndexSnapshot snapshot = lifecycle.acquire()) {
            manifest = snapshot.index(STATION, new Horizon(6)).orElseThrow().manifest();
        }
        // two days of an unusual, perfectly steady state, long after the build's history ends
        List<Map<String, Object>> rows = new ArrayList<>();
        Instant start = Instant.parse("2021-03-01T00:00:00Z");
        for (int h = 0; h < 48; h++) {
            rows.add(Map.of("station", STATION, "time", start.plusSeconds(3600L * h).toString(), "t2m", 18.0, "d2m", 9.0,
                    "msl", 1016.0, "u10", 2.0, "v10", -1.0, "precip", 0.0));
        }
        user().contentType(ContentType.JSON).body(rows).post("/observations").then().statusCode(200)
                .body("accepted", equalTo(48));

        Instant last = start.plusSeconds(3600L * 47);
        Instant notAfter = last.minusSeconds(6 * 3600);
        var response = user().get("/forecast?horizon=6h&vars=t2m&k=30&include=analogs").then().statusCode(200)
                .body("state_time", equalTo(last.toString()))
                .body("forecasts[0].index.build_id", equalTo(manifest.buildId()))
                .body("forecasts[0].index.vectors", equalTo((int) manifest.rows() + 40))
                .extract().jsonPath();
        List<String> times = response.getList("forecasts[0].analogs.time");
        List<Instant> analogTimes = times.stream().map(Instant::parse).toList();
        assertTrue(analogTimes.stream().anyMatch(t -> t.isAfter(manifest.lastAnalogTime())),
                "an appended row is among the analogs: " + times);
        assertEquals(start.plusSeconds(3600L * 23), analogTimes.get(0), "the same hour a day earlier is nearest");
        assertFalse(analogTimes.stream().anyMatch(t -> t.isAfter(notAfter)), "no look-ahead: " + times);

        admin().get("/admin/stations").then().statusCode(200)
                .body("items[0].station", equalTo(STATION))
                .body("items[0].state", equalTo("open"))
                .body("items[0].newest_observation", equalTo(last.toString()))
                .body("items[0].newest_analog", equalTo(notAfter.toString()))
                .body("items[0].appended_rows", greaterThan(40))
                .body("items[0].observations_not_in_library", equalTo(6));
    }

    @Test
    @Order(5)
    void reloadAndRollbackNeedAnAdminToken() {
        user().post("/admin/indices/reload").then().statusCode(403);
        RestAssured.given().post("/admin/indices/rollback").then().statusCode(401);
        RestAssured.given().header("Authorization", "Bearer " + ADMIN_TOKEN).post("/admin/indices/reload").then()
                .statusCode(200).body("changed", equalTo(false));
    }

    @Test
    @Order(6)
    void shardsBuiltApartMergeIntoTheBuildOneMachineMakes() throws IOException {
        IndexBuilder.BuildListener quiet = (fraction, label) -> {
        };
        String single = builder.build(quiet);
        String run = "test-run-" + ProcessHandle.current().pid();
        int shards = 3; // more shards than stations with data: empty shares are fine
        assertThrows(IllegalArgumentException.class, () -> builder.buildShard(run, 3, shards, quiet));
        assertTrue(builder.buildShard(run, 2, shards, quiet).isEmpty(), "shard 2 waits for the others");
        assertTrue(builder.buildShard(run, 0, shards, quiet).isEmpty(), "shard 0 waits for shard 1");
        assertEquals(single, lifecycle.directory().current().orElseThrow(), "nothing published before the merge");
        String merged = builder.buildShard(run, 1, shards, quiet).orElseThrow(() -> new AssertionError(
                "the shard that completes the run publishes"));

        assertNotEquals(single, merged);
        assertEquals(merged, lifecycle.directory().current().orElseThrow());
        assertEquals(single.substring(single.indexOf('-')), merged.substring(merged.indexOf('-')),
                "the same data fingerprint as one machine's build");
        assertEquals(comparable(lifecycle.directory().manifests(single)),
                comparable(lifecycle.directory().manifests(merged)), "the same indices as one machine's build");
        assertFalse(Files.exists(ROOT.resolve(".runs").resolve(run)), "a merged run leaves nothing behind");
        lifecycle.reload();
        assertEquals(merged, lifecycle.servedBuildId());
    }

    /** What two builds of the same data must share, per index: rows, analog span, fingerprint, sidecar bytes. */
    private static Map<String, String> comparable(List<IndexManifest> manifests) {
        Map<String, String> view = new java.util.TreeMap<>();
        for (IndexManifest m : manifests) {
            view.put(m.stationId() + "/" + m.horizon(), m.rows() + " " + m.firstAnalogTime() + " " + m.lastAnalogTime()
                    + " " + m.dataFingerprint() + " " + m.sidecarCrc32c());
        }
        assertFalse(view.isEmpty());
        return view;
    }
}
