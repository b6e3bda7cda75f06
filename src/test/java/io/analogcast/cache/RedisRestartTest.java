package io.analogcast.cache;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.analogcast.Api.user;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second redis-server that the test starts, stops and starts again: requests succeed throughout, and the shared
 * tier is used again once the server is back.
 */
@QuarkusTest
@TestProfile(RedisRestartTest.OwnRedis.class)
class RedisRestartTest {

    static final int PORT = 6391;
    private static Process redis = start();

    public static class OwnRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + PORT,
                    "analogcast.cache.redis.retry-after-millis", "200");
        }
    }

    @Inject
    TwoTierCache cache;

    static Process start() {
        try {
            Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(PORT), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int i = 0; i < 100 && !listening(); i++) {
                Thread.sleep(50);
            }
            if (!listening()) {
                throw new IllegalStateException("redis-server did not start on port " + PORT);
            }
            return process;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot start redis-server for the test: " + e.getMessage(), e);
        }
    }

    static boolean listening() {
        try (Socket ignored = new Socket("127.0.0.1", PORT)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void stop() throws InterruptedException {
        redis.destroy();
        redis.waitFor(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void cleanUp() throws InterruptedException {
        stop();
    }

    private static void forecasts(int fromK, int toK) {
        for (int k = fromK; k < toK; k++) {
            user().get("/forecast?horizon=6h&k=" + k).then().statusCode(200);
        }
    }

    @Test
    void requestsSurviveARedisRestartAndTheTierRecovers() throws InterruptedException {
        forecasts(3, 8);
        long redisMissesUp = cache.counters().redisMisses();
        assertTrue(redisMissesUp >= 5, "Redis consulted while up");

        stop();
        forecasts(8, 20);
        assertTrue(cache.counters().redisErrors() > 0, "the outage was noticed");

        redis = start();
        Thread.sleep(1000); // past the short back-off this profile configures
        long before = cache.counters().redisMisses() + cache.counters().redisHits();
        for (int attempt = 0; attempt < 40 && cache.counters().redisMisses() + cache.counters().redisHits() == before; attempt++) {
            forecasts(100 + attempt, 101 + attempt);
            Thread.sleep(250);
        }
        assertTrue(cache.counters().redisMisses() + cache.counters().redisHits() > before, "Redis used again after restart");
    }
}
