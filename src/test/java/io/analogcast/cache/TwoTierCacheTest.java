package io.analogcast.cache;

import io.analogcast.config.AnalogcastConfig;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.analogcast.Api.user;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two tiers against the real Redis on 127.0.0.1:6379. A second {@link TwoTierCache} built in the test plays
 * a second pod: its own local tier, the same Redis. Keys are unique per run, so earlier runs cannot interfere.
 */
@QuarkusTest
class TwoTierCacheTest {

    @Inject
    TwoTierCache pod;
    @Inject
    AnalogcastConfig config;
    @Inject
    Instance<RedisAPI> redis;
    @Inject
    RedisAPI redisClient;

    private TwoTierCache secondPod() {
        return new TwoTierCache(config, redis, java.time.Duration.ofMillis(250));
    }

    private List<String> keys(String pattern) {
        List<String> keys = new java.util.ArrayList<>();
        redisClient.keysAndAwait(pattern).forEach(k -> keys.add(k.toString()));
        return keys;
    }

    @Test
    void anotherPodIsServedFromRedisWithoutComputing() {
        String key = UUID.randomUUID().toString();
        AtomicInteger computed = new AtomicInteger();
        String first = pod.get("forecast", key, () -> {
            computed.incrementAndGet();
            return "[\"a\",\"" + key + "\"]";
        });
        String again = pod.get("forecast", key, () -> "never");
        String other = secondPod().get("forecast", key, () -> {
            computed.incrementAndGet();
            return "never";
        });
        assertEquals(1, computed.get());
        assertEquals(first, again);
        assertEquals(first, other);
        List<String> keys = keys("analogcast:v1:forecast:*" + key);
        assertEquals(1, keys.size());
        long ttl = redisClient.ttlAndAwait(keys.get(0)).toLong();
        assertTrue(ttl > 1700 && ttl <= 1800, "forecast TTL " + ttl);
    }

    @Test
    void concurrentMissesComputeOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        AtomicInteger computed = new AtomicInteger();
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return pod.get("forecast", key, () -> {
                        computed.incrementAndGet();
                        try {
                            Thread.sleep(300);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return key;
                    });
                }));
            }
            start.countDown();
            for (Future<String> result : results) {
                assertEquals(key, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, computed.get());
    }

    @Test
    void waitersSeeTheComputingCallersFailureUnwrapped() throws Exception {
        String key = UUID.randomUUID().toString();
        CountDownLatch computing = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> first = pool.submit(() -> pod.get("forecast", key, () -> {
                computing.countDown();
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalArgumentException("bad request " + key);
            }));
            computing.await();
            IllegalArgumentException seen = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> pod.get("forecast", key, () -> "unused"));
            assertEquals("bad request " + key, seen.getMessage());
            org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class, first::get);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void localOrRunningAnswersFromMemoryOrJoinsARunningComputationWithoutWaiting() throws Exception {
        String key = UUID.randomUUID().toString();
        pod.invalidate(); // the shared version just read: localOrRunning trusts it for the next second
        assertTrue(pod.localOrRunning("forecast", key).isEmpty(), "nothing cached or running");
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> first = pool.submit(() -> pod.get("forecast", key, () -> {
                computing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "[\"" + key + "\"]";
            }));
            computing.await();
            long missesBefore = pod.counters().localMisses();
            var joined = pod.localOrRunning("forecast", key).orElseThrow();
            var abandoned = pod.localOrRunning("forecast", key).orElseThrow();
            assertFalse(joined.isDone(), "the computation is still running");
            abandoned.cancel(false); // a client that went away must not cancel the computation for the others
            release.countDown();
            assertEquals("[\"" + key + "\"]", joined.get(5, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("[\"" + key + "\"]", first.get());
            assertEquals(missesBefore + 2, pod.counters().localMisses(), "a join counts as a miss");
        } finally {
            pool.shutdownNow();
        }
        long hitsBefore = pod.counters().localHits();
        var cached = pod.localOrRunning("forecast", key).orElseThrow();
        assertTrue(cached.isDone());
        assertEquals("[\"" + key + "\"]", cached.get());
        assertEquals(hitsBefore + 1, pod.counters().localHits());
    }

    @Test
    void localOrRunningDoesNotTrustTheSharedVersionLongerThanASecond() throws InterruptedException {
        String key = UUID.randomUUID().toString();
        pod.invalidate(); // the shared version just read: localOrRunning trusts it for the next second
        pod.get("forecast", key, () -> "old");
        assertEquals("old", pod.localOrRunning("forecast", key).orElseThrow().join());
        secondPod().invalidate();
        Thread.sleep(1100);
        // the local tier still holds "old" under the version this pod knew; only get() reads the version again
        assertTrue(pod.localOrRunning("forecast", key).isEmpty(), "a version older than a second is not trusted");
        assertEquals("new", pod.get("forecast", key, () -> "new"));
        assertEquals("new", pod.localOrRunning("forecast", key).orElseThrow().join());
    }

    @Test
    void invalidationOnOnePodRetiresEntriesOnAll() throws InterruptedException {
        String key = UUID.randomUUID().toString();
        AtomicInteger computed = new AtomicInteger();
        pod.get("forecast", key, () -> String.valueOf(computed.incrementAndGet()));
        TwoTierCache other = secondPod();
        other.invalidate();
        Thread.sleep(1100); // pods re-read the shared data version once a second
        String after = pod.get("forecast", key, () -> String.valueOf(computed.incrementAndGet()));
        assertEquals("2", after);
    }

    @Test
    void forecastsAreCachedPerBuildAndRecomputedAfterNewObservations() {
        String threshold = String.valueOf(Math.random() * 10 + 5);
        String query = "/forecast?horizon=12h&vars=t2m&exceed=t2m:" + threshold;
        long before = pod.counters().computations();
        user().get(query).then().statusCode(200);
        user().get(query).then().statusCode(200);
        assertEquals(before + 1, pod.counters().computations(), "second request served from cache");
        String buildId = user().get(query).then().extract().path("forecasts[0].index.build_id");
        String method = io.analogcast.forecast.AnalogMethod.from(config.forecast()).fingerprint();
        assertTrue(keys("analogcast:v1:forecast:*" + buildId + "*~" + method + "*" + threshold + "*").size() >= 1,
                "the Redis key carries the build id and the forecasting method's settings");
        user().contentType("application/json").body(java.util.Map.of("station", "cache-probe-site", "time",
                "2020-01-01T00:00:00Z", "t2m", 1)).post("/observations").then().statusCode(200);
        user().get(query).then().statusCode(200).body("forecasts[0].horizon", equalTo("12h"));
        assertEquals(before + 2, pod.counters().computations(), "new observations invalidate");
    }
}
