package io.analogcast.analog;

import io.analogcast.embedded.EmbeddedProfileTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.analogcast.Api.USER_TOKEN;
import static io.analogcast.Api.admin;
import static io.analogcast.Api.user;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stations are opened by their first request and kept in a bounded cache: boot opens none, a sweep over every station
 * under concurrent load never holds more than the bound (plus what requests in flight still hold), an evicted station
 * stays usable by a snapshot that holds it and is freed by its release, and one damaged station is refused alone.
 */
@QuarkusTest
@TestProfile(OpenStationsTest.SixStationsTwoOpen.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenStationsTest {

    static final int BOUND = 2;
    static final int STATIONS = 6;
    private static final Path ROOT = Path.of("target/test-indices-open-stations-" + ProcessHandle.current().pid());

    public static class SixStationsTwoOpen extends EmbeddedProfileTest.Embedded {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("quarkus.datasource.jdbc.url", "jdbc:h2:mem:open-stations;DB_CLOSE_DELAY=-1;MODE=PostgreSQL");
            overrides.put("analogcast.demo.years", "1");
            overrides.put("analogcast.demo.stations", String.valueOf(STATIONS));
            overrides.put("analogcast.index.max-open-stations", String.valueOf(BOUND));
            overrides.put("analogcast.index.directory", ROOT.toString());
            overrides.put("analogcast.index.poll-interval", "0");
            overrides.put("analogcast.security.rate-limit.enabled", "false");
            overrides.put("analogcast.security.tokens.operator.sha256",
                    "17d6bfe05d1b1fb7bc499f8e3f639c7b3eda4c40f321eef8887a0c04c89a99c5");
            overrides.put("analogcast.security.tokens.operator.role", "admin");
            return overrides;
        }
    }

    @Inject
    IndexLifecycle lifecycle;

    static String station(int n) {
        return n == 1 ? "adelaide-synthetic" : "synthetic-%03d".formatted(n);
    }

    @Test
    @Order(1)
    void bootOpensNoStationAndAnUnknownStationOpensNothing() {
        IndexLifecycle.StationCounts counts = lifecycle.stationCounts();
        assertEquals(STATIONS, counts.served());
        assertEquals(0, counts.opened(), "boot opened a station");
        assertEquals(0, counts.live());
        user().get("/forecast?station=nowhere&horizon=24h").then().statusCode(404)
                .body("detail", containsString("unknown station 'nowhere'"));
        assertEquals(0, lifecycle.stationCounts().opened());
        RestAssured.given().get("/health").then().statusCode(200).body("stations.served", equalTo(STATIONS))
                .body("stations.open", equalTo(0));
    }

    @Test
    @Order(2)
    void aConcurrentSweepNeverHoldsMoreThanTheBound() throws Exception {
        int threads = 4;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong mostLive = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService load = Executors.newFixedThreadPool(threads + 1);
        load.submit(() -> {
            while (running.get()) {
                mostLive.accumulateAndGet(lifecycle.stationCounts().live(), Math::max);
            }
        });
        List<java.util.concurrent.Future<Integer>> sweeps = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            sweeps.add(load.submit(() -> {
                int answered = 0;
                for (int round = 0; round < 5; round++) {
                    for (int s = 0; s < STATIONS; s++) {
                        // distinct past hours: no answer comes from the cache, every request uses its station
                        String query = "/forecast?station=" + station(1 + (s + offset) % STATIONS)
                                + "&horizon=24h&vars=t2m&time=" + Instant.parse("2018-06-01T00:00:00Z")
                                        .plusSeconds(3600L * (round * 97 + s * 13 + offset));
                        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                URI.create("http://localhost:" + RestAssured.port + query))
                                .header("Authorization", "Bearer " + USER_TOKEN).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            failures.add(response.statusCode() + " " + response.body());
                        }
                        answered++;
                    }
                }
                return answered;
            }));
        }
        int answered = 0;
        for (var sweep : sweeps) {
            answered += sweep.get(120, TimeUnit.SECONDS);
        }
        running.set(false);
        load.shutdown();
        assertTrue(load.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(List.of(), List.copyOf(failures));
        assertEquals(threads * 5 * STATIONS, answered);
        IndexLifecycle.StationCounts counts = lifecycle.stationCounts();
        // each request holds one station; the cache may pass its bound by one entry per concurrent writer until it
        // evicts
        assertTrue(mostLive.get() <= BOUND + 2L * threads, "at most " + (BOUND + 2 * threads) + " stations live, saw "
                + mostLive.get());
        assertTrue(counts.opened() >= STATIONS, "every station was opened: " + counts);
        assertTrue(counts.evicted() > 0, "the bound evicted: " + counts);
        assertTrue(counts.open() <= BOUND, "after the sweep the cache holds at most the bound: " + counts);
        assertTrue(counts.live() <= BOUND, "and nothing else is open: " + counts);
    }

    @Test
    @Order(3)
    void anEvictedStationStaysUsableWhileASnapshotHoldsItAndIsFreedByItsRelease() {
        IndexSnapshot held = lifecycle.acquire();
        AnalogIndex index = held.index(station(1), new Horizon(6)).orElseThrow();
        float[] state = new float[index.manifest().stateDimension()];
        // the cache weighs recency and frequency (W-TinyLFU): a one-off sweep does not displace a station used often,
        // other stations used more often do
        for (int round = 0; round < 50 && held.build().acquireIfOpen(station(1)).map(s -> {
            s.release();
            return true;
        }).orElse(false); round++) {
            for (int s = 2; s <= STATIONS; s++) {
                for (int again = 0; again < 3; again++) { // asked for again while open: promoted over station 1
                    user().get("/forecast?station=" + station(s) + "&horizon=6h&vars=t2m").then().statusCode(200);
                }
            }
        }
        assertTrue(held.build().acquireIfOpen(station(1)).isEmpty(), "the sweep evicted station 1");
        assertEquals(20, index.search(state, 20, Instant.now()).size(), "the holding snapshot still searches it");
        long live = lifecycle.stationCounts().live();
        held.close();
        assertEquals(live - 1, lifecycle.stationCounts().live(), "the release freed it");
        assertThrows(IllegalStateException.class, () -> index.search(state, 20, Instant.now()));
    }

    @Test
    @Order(4)
    void aDamagedStationIsRefusedAloneAndOthersKeepServing() throws Exception {
        String build = lifecycle.servedBuildId();
        // a station that is not open now, whose file is damaged after publication (an open station's files are
        // mapped: truncating one in place is a SIGBUS for the process, which no check can catch; docs/index-lifecycle.md)
        String victim;
        try (IndexSnapshot snapshot = lifecycle.acquire()) {
            victim = java.util.stream.IntStream.rangeClosed(1, STATIONS).mapToObj(OpenStationsTest::station)
                    .filter(s -> snapshot.build().acquireIfOpen(s).map(open -> {
                        open.release();
                        return false;
                    }).orElse(true)).findFirst().orElseThrow();
        }
        Path faiss = ROOT.resolve(build).resolve(victim).resolve("24h.faiss");
        byte[] bytes = Files.readAllBytes(faiss);
        Files.write(faiss, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        user().get("/forecast?station=" + victim + "&horizon=24h&vars=t2m").then().statusCode(503)
                .body("detail", containsString("station " + victim + " cannot be served"));
        // refused again without touching its files; the others answer
        user().get("/forecast?station=" + victim + "&horizon=6h&vars=t2m").then().statusCode(503);
        for (int s = 1; s <= STATIONS; s++) {
            if (!station(s).equals(victim)) {
                user().get("/forecast?station=" + station(s) + "&horizon=24h&vars=t2m").then().statusCode(200);
            }
        }
        admin().get("/admin/health").then().statusCode(200)
                .body("refused_stations." + victim, containsString("24h.faiss does not match its manifest checksum"));
        admin().get("/admin/stations?size=" + STATIONS).then().statusCode(200)
                .body("items.find { it.station == '" + victim + "' }.state", equalTo("refused"));
        RestAssured.given().get("/health").then().statusCode(200).body("stations.refused", equalTo(1));
    }

    /**
     * A station that reports an hour partly (temperature missing for the last three hours) is forecast from its newest
     * complete state, said in the answer; when that lies beyond analogcast.forecast.max-state-age, a problem names it.
     */
    @Test
    @Order(5)
    void aPartlyReportedNewestHourFallsBackToTheNewestCompleteState() {
        String station = station(5);
        List<Map<String, Object>> rows = new ArrayList<>();
        Instant start = Instant.parse("2019-01-01T00:00:00Z");
        rows.add(Map.of("station", station, "time", start.toString(), "t2m", 21.0, "d2m", 9.0, "msl", 1015.0,
                "u10", 1.0, "v10", 1.0));
        for (int h = 1; h <= 3; h++) {
            rows.add(Map.of("station", station, "time", start.plusSeconds(3600L * h).toString(), "d2m", 9.0,
                    "msl", 1015.0, "u10", 1.0, "v10", 1.0));
        }
        user().contentType("application/json").body(rows).post("/observations").then().statusCode(200)
                .body("accepted", equalTo(4));
        Instant newest = start.plusSeconds(3 * 3600L);
        user().get("/forecast?station=" + station + "&horizon=6h&vars=t2m").then().statusCode(200)
                .body("state_time", equalTo(start.plusSeconds(2 * 3600L).toString()))
                .body("state_is_newest_hour", equalTo(false))
                .body("newest_observation", equalTo(newest.toString()));
        // the station's other stations are unaffected: no flag where the newest hour is complete
        user().get("/forecast?station=" + station(2) + "&horizon=6h&vars=t2m").then().statusCode(200)
                .body("state_is_newest_hour", org.hamcrest.Matchers.nullValue());

        Instant later = start.plusSeconds(12 * 3600L);
        user().contentType("application/json").body(List.of(Map.of("station", station, "time", later.toString(),
                "d2m", 9.0, "msl", 1015.0, "u10", 1.0, "v10", 1.0))).post("/observations").then().statusCode(200);
        user().get("/forecast?station=" + station + "&horizon=6h&vars=t2m").then().statusCode(422)
                .body("type", equalTo("https://analogcast.dev/problems/stale-state"))
                .body("detail", containsString("no complete state within 6 h of its newest observation " + later))
                .body("detail", containsString("its newest complete hour is " + start.plusSeconds(2 * 3600L)));
    }
}
