package io.analogcast.security;

import io.analogcast.config.AnalogcastConfig;
import io.quarkus.logging.Log;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.List;
import java.util.Locale;

/**
 * The rate limit shared by every pod: the per-token and per-IP token buckets live in Redis and are checked and
 * taken in one script run (atomic, on Redis's own clock), so N pods together admit the configured rate, not N
 * times it. When Redis does not answer, each pod falls back to its own buckets ({@link RateLimiter}) and tries
 * Redis again a second later.
 */
@ApplicationScoped
public class SharedRateLimiter {

    private static final long RETRY_AFTER_FAILURE_MILLIS = 1_000;

    /**
     * KEYS: the buckets a request needs a permit from; ARGV: permits per second, burst. Returns {0, 0} when every
     * bucket had a permit (one is taken from each), else {the microseconds until all will have one, the position
     * of the bucket that waits longest} (none taken).
     */
    static final String SCRIPT = """
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local clock = redis.call('TIME')
            local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
            local permits = {}
            local wait = 0
            local limiting = 0
            for i, key in ipairs(KEYS) do
              local state = redis.call('HMGET', key, 'permits', 'at')
              local p = tonumber(state[1]) or burst
              local at = tonumber(state[2]) or now
              p = math.min(burst, p + (now - at) * rate / 1000000)
              permits[i] = p
              local needs = p < 1 and math.ceil((1 - p) * 1000000 / rate) or 0
              if needs > wait then
                wait = needs
                limiting = i
              end
            end
            if wait == 0 then
              for i, key in ipairs(KEYS) do
                permits[i] = permits[i] - 1
              end
            end
            local ttl = math.ceil(burst / rate * 1000) + 1000
            for i, key in ipairs(KEYS) do
              redis.call('HSET', key, 'permits', string.format('%.6f', permits[i]), 'at', string.format('%d', now))
              redis.call('PEXPIRE', key, ttl)
            end
            return {wait, limiting}
            """;

    private final boolean enabled;
    private final String prefix;
    private final String rate;
    private final String burst;
    private final RedisAPI redis;
    private final RateLimiter local;
    private volatile long skipUntilMillis;

    public SharedRateLimiter(AnalogcastConfig config, Instance<RedisAPI> redis, RateLimiter local) {
        AnalogcastConfig.Security.RateLimit limit = config.security().rateLimit();
        this.enabled = limit.shared() && config.cache().redis().enabled();
        this.prefix = "analogcast:ratelimit:" + limit.namespace() + ":";
        this.rate = String.format(Locale.ROOT, "%.6f", limit.requestsPerSecond());
        this.burst = Integer.toString(limit.burst());
        this.redis = enabled ? redis.get() : null;
        this.local = local;
    }

    /** Zero when admitted, else the seconds a client should wait (for Retry-After). */
    public Uni<Long> admit(String tokenName, String clientIp) {
        if (!enabled || System.currentTimeMillis() < skipUntilMillis) {
            return Uni.createFrom().item(() -> local.admit(tokenName, clientIp));
        }
        List<String> arguments = tokenName == null
                ? List.of(SCRIPT, "1", prefix + "ip:" + clientIp, rate, burst)
                : List.of(SCRIPT, "2", prefix + "ip:" + clientIp, prefix + "token:" + tokenName, rate, burst);
        return redis.eval(arguments)
                .map(response -> {
                    long waitMicros = response.get(0).toLong();
                    return waitMicros <= 0 ? 0L
                            : local.reject(response.get(1).toInteger() == 1 ? "ip" : "token", waitMicros * 1_000);
                })
                .onFailure().recoverWithItem(failure -> {
                    if (System.currentTimeMillis() >= skipUntilMillis) {
                        Log.warnf("shared rate limit: Redis unavailable (%s); this pod limits on its own for now",
                                failure.getClass().getSimpleName());
                    }
                    skipUntilMillis = System.currentTimeMillis() + RETRY_AFTER_FAILURE_MILLIS;
                    return local.admit(tokenName, clientIp);
                });
    }
}
