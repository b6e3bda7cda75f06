package io.analogcast.cache;

import io.analogcast.config.AnalogcastConfig;
import io.quarkus.redis.datasource.RedisDataSource;
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
    Instance<RedisDataSource> redis;
    @Inject
    RedisDataSource redisClient;
    private TwoTierCache secondPod() {
        return new TwoTierCache(config, redis);
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
        List<String> keys = redisClient.key().keys("analogcast:v1:forecast:*" + key);
        assertEquals(1, keys.size());
        long ttl = redisClient.key().ttl(keys.get(0));
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
        assertTrue(redisClient.key().keys("analogcast:v1:forecast:*" + buildId + "*" + threshold + "*").size() >= 1,
                "the Redis key carries the build id");
        user().contentType("application/json").body(java.util.Map.of("station", "cache-probe-site", "time",
                "2020-01-01T00:00:00Z", "t2m", 1)).post("/observations").then().statusCode(200);
        user().get(query).then().statusCode(200).body("forecasts[0].horizon", equalTo("12h"));
        assertEquals(before + 2, pod.counters().computations(), "new observations invalidate");
    }
}
