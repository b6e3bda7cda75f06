package io.analogcast.cache;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The shared tier. Any Redis failure (down, slow beyond the client timeout, restarted) is absorbed: the call
 * reports a miss, and Redis is skipped for a back-off period (doubling up to 5 s) before it is tried again, so
 * requests never wait on a dead server for long and the tier is back within seconds of the server.
 */
final class RedisTier {

    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final ValueCommands<String, String> values;
    private final long initialBackoffMillis;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile long skipUntilMillis;
    private volatile long backoffMillis;
    private volatile String lastError;

    RedisTier(RedisDataSource redis, long initialBackoffMillis) {
        this.values = redis.value(String.class);
        this.initialBackoffMillis = initialBackoffMillis;
        this.backoffMillis = initialBackoffMillis;
    }

    String get(String key) {
        String value = call(() -> values.get(key), null);
        (value == null ? misses : hits).incrementAndGet();
        return value;
    }

    void set(String key, String value, long ttlSeconds) {
        call(() -> {
            values.setex(key, ttlSeconds, value);
            return null;
        }, null);
    }

    /** Increments a counter shared by all pods; null when Redis is unavailable. */
    Long increment(String key) {
        return call(() -> values.incr(key), null);
    }

    Long readLong(String key) {
        String value = call(() -> values.get(key), null);
        return value == null ? null : Long.valueOf(value);
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
