package io.analogcast.security;

import io.analogcast.config.AnalogcastConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per API token and per client IP: a request needs a permit from both, so neither many tokens from
 * one address nor one token from many addresses escapes the limit. Rejections are counted in metrics.
 */
@ApplicationScoped
public class RateLimiter {

    /** Idle (full) buckets are dropped once this many exist, bounding memory under address churn. */
    static final int MAX_BUCKETS = 50_000;

    private final double rate;
    private final int burst;
    private final LongSupplier clock;
    private final MeterRegistry meters;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(AnalogcastConfig config, MeterRegistry meters) {
        this.rate = config.security().rateLimit().requestsPerSecond();
        this.burst = config.security().rateLimit().burst();
        this.clock = System::nanoTime;
        this.meters = meters;
    }

    /** Zero when admitted, else the seconds a client should wait (for Retry-After). */
    public long admit(String tokenName, String clientIp) {
        long now = clock.getAsLong();
        TokenBucket byIp = bucket("ip:" + clientIp, now);
        long wait = byIp.tryAcquire(now);
        if (wait > 0) {
            return reject("ip", wait);
        }
        if (tokenName != null) {
            long tokenWait = bucket("token:" + tokenName, now).tryAcquire(now);
            if (tokenWait > 0) {
                byIp.giveBack();
                return reject("token", tokenWait);
            }
        }
        return 0;
    }

    /** Counts a refusal by the bucket that refused ("ip" or "token"); returns the whole seconds to wait. */
    long reject(String keyType, long waitNanos) {
        meters.counter("analogcast.ratelimit.rejections", "key_type", keyType).increment();
        return Math.max(1, (long) Math.ceil(waitNanos / 1e9));
    }

    private TokenBucket bucket(String key, long now) {
        if (buckets.size() > MAX_BUCKETS) {
            buckets.values().removeIf(b -> b.isFull(now));
        }
        return buckets.computeIfAbsent(key, k -> new TokenBucket(rate, burst, now));
    }
}
