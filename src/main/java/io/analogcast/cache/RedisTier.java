package io.analogcast.cache;

import io.quarkus.logging.Log;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The shared tier. Any Redis failure (down, slow beyond the client timeout, restarted) is absorbed: the call
 * reports a miss, and Redis is skipped for a back-off period (doubling up to 5 s) before it is tried again, so
 * requests never wait on a dead server for long and the tier is back within seconds of the server.
 *
 * <p>It talks to Redis through the client API ({@code RedisAPI}), not a Quarkus data source: an application that
 * injects a data source gets its Redis client created twice by Quarkus 3.34 (once for the data source, once for the
 * client), the second a leaked pool whose metrics collide with the first's ("Gauge already registered ...
 * redis.pool.queue.size" at every start).
 */
final class RedisTier {

    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final RedisAPI redis;
    private final Duration timeout;
    private final long initialBackoffMillis;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile long skipUntilMillis;
    private volatile long backoffMillis;
    private volatile String lastError;

    RedisTier(RedisAPI redis, Duration timeout, long initialBackoffMillis) {
        this.redis = redis;
        this.timeout = timeout;
        this.initialBackoffMillis = initialBackoffMillis;
        this.backoffMillis = initialBackoffMillis;
    }

    String get(String key) {
        String value = call(() -> text(redis.get(key).await().atMost(timeout)), null);
        (value == null ? misses : hits).incrementAndGet();
        return value;
    }

    void set(String key, String value, long ttlSeconds) {
        call(() -> redis.setex(key, Long.toString(ttlSeconds), value).await().atMost(timeout), null);
    }

    /** Increments a counter shared by all pods; null when Redis is unavailable. */
    Long increment(String key) {
        return call(() -> redis.incr(key).await().atMost(timeout).toLong(), null);
    }

    Long readLong(String key) {
        String value = call(() -> text(redis.get(key).await().atMost(timeout)), null);
        return value == null ? null : Long.valueOf(value);
    }

    private static String text(Response response) {
        return response == null ? null : response.toString();
    }

    boolean available() {
        return System.currentTimeMillis() >= skipUntilMillis;
    }

    long hits() {
        return hits.get();
    }

    long misses() {
        return misses.get();
    }

    long errors() {
        return errors.get();
    }

    String lastError() {
        return lastError;
    }

    private <T> T call(Supplier<T> operation, T fallback) {
        if (!available()) {
            return fallback;
        }
        try {
            T result = operation.get();
            if (backoffMillis != initialBackoffMillis) {
                Log.info("Redis is reachable again; the shared cache tier is back");
                backoffMillis = initialBackoffMillis;
            }
            return result;
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            lastError = e.getClass().getSimpleName();
            skipUntilMillis = System.currentTimeMillis() + backoffMillis;
            if (backoffMillis == initialBackoffMillis) {
                Log.warnf("Redis unavailable (%s); serving from the local tier", lastError);
            }
            backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
            return fallback;
        }
    }
}
