package io.analogcast.cache;

import io.analogcast.config.AnalogcastConfig;
import io.vertx.mutiny.redis.client.RedisAPI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Serialized values (JSON text) in an in-process Caffeine cache per kind in front of Redis (when enabled): a hit is
 * answered with the text as stored, with no serialization, and both tiers hold the same text. Keys carry the kind and a data version shared
 * through Redis, so new observations on any pod retire every pod's entries; callers put the index build id in
 * their keys, so a new build never serves old results. Concurrent misses of one key compute it once.
 */
@ApplicationScoped
public class TwoTierCache {

    private static final String PREFIX = "analogcast:v1:";
    private static final String DATA_VERSION_KEY = PREFIX + "data-version";
    /** How long a pod trusts its copy of the shared data version. */
    private static final long VERSION_REFRESH_MILLIS = 1000;
    /** How long health checks trust the last answer about Redis's availability. */
    private static final long AVAILABILITY_CHECK_NANOS = 1_000_000_000L;

    private final Map<String, Long> ttlSeconds;
    private final int localEntries;
    private final Map<String, LocalCache<String, String>> local = new ConcurrentHashMap<>();
    private final RedisTier redis;
    private final Map<String, CompletableFuture<String>> inflight = new ConcurrentHashMap<>();
    private final AtomicLong computations = new AtomicLong();
    /** Look-ups of {@link #localOrRunning} answered from the local tier, and those that joined a computation. */
    private final LongAdder peekHits = new LongAdder();
    private final LongAdder joins = new LongAdder();
    private final AtomicLong localVersion = new AtomicLong();
    private volatile long sharedVersion;
    private volatile long versionReadAt;
    private volatile long availabilityCheckedAt = System.nanoTime() - 2 * AVAILABILITY_CHECK_NANOS;

    public TwoTierCache(AnalogcastConfig config, Instance<RedisAPI> redis,
            @ConfigProperty(name = "quarkus.redis.timeout", defaultValue = "10s") Duration timeout) {
        this.ttlSeconds = Map.copyOf(config.cache().ttlSeconds());
        this.localEntries = config.cache().localMaxEntries();
        this.redis = config.cache().redis().enabled()
                ? new RedisTier(redis.get(), timeout, config.cache().redis().retryAfterMillis()) : null;
    }

    /** The cached text of {@code key}, or {@code compute}'s (serialized) result, stored in both tiers. */
    public String get(String kind, String key, Supplier<String> compute) {
        String fullKey = fullKey(kind, dataVersion(), key);
        LocalCache<String, String> tier = localTier(kind);
        String cached = tier.get(fullKey);
        if (cached != null) {
            return cached;
        }
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> running = inflight.putIfAbsent(fullKey, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (java.util.concurrent.CompletionException e) {
                // the computing caller's failure (e.g. a client error) is this caller's too, unwrapped
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            String value = fromRedis(kind, fullKey);
            if (value == null) {
                computations.incrementAndGet();
                value = compute.get();
                remember(kind, fullKey, value);
            }
            mine.complete(value);
            return value;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inflight.remove(fullKey, mine);
        }
    }

    /**
     * A look-up of both tiers without computing: the text when either holds it, and the key to store a computed text
     * under. The key keeps the data version of the look-up, so a text computed from data that new observations
     * retired meanwhile is stored where no later look-up finds it.
     */
    public record Lookup(String kind, String fullKey, String cached) {
    }

    public Lookup find(String kind, String key) {
        String fullKey = fullKey(kind, dataVersion(), key);
        String value = localTier(kind).get(fullKey);
        return new Lookup(kind, fullKey, value != null ? value : fromRedis(kind, fullKey));
    }

    /** Stores the text the caller computed after {@link #find} missed, in both tiers. */
    public void put(Lookup lookup, String value) {
        computations.incrementAndGet();
        remember(lookup.kind(), lookup.fullKey(), value);
    }

    /** Redis's text of a full key, kept in the local tier too (null when Redis is off or has none). */
    private String fromRedis(String kind, String fullKey) {
        String value = redis == null ? null : redis.get(fullKey);
        if (value != null) {
            localTier(kind).put(fullKey, value);
        }
        return value;
    }

    private void remember(String kind, String fullKey, String value) {
        store(kind, fullKey, value);
        localTier(kind).put(fullKey, value);
    }

    /**
     * The text of {@code key} when this pod's memory holds it (a completed future) or another caller is computing
     * it (a future of that computation's text, which the caller may cancel without harming it); empty when neither,
     * or when the shared data version is more than a second old (only {@link #get} reads it again). No round trip
     * and no waiting, so an event loop may ask; after an empty answer {@link #get} looks again and counts the miss.
     */
    public Optional<CompletableFuture<String>> localOrRunning(String kind, String key) {
        if (versionOutdated()) {
            return Optional.empty();
        }
        String fullKey = fullKey(kind, knownVersion(), key);
        String cached = localTier(kind).peek(fullKey);
        if (cached != null) {
            peekHits.increment();
            return Optional.of(CompletableFuture.completedFuture(cached));
        }
        CompletableFuture<String> running = inflight.get(fullKey);
        if (running == null) {
            return Optional.empty();
        }
        joins.increment();
        return Optional.of(running.copy());
    }

    private static String fullKey(String kind, String dataVersion, String key) {
        return PREFIX + kind + ":" + dataVersion + ":" + key;
    }

    void onObservations(@jakarta.enterprise.event.Observes io.analogcast.observation.ObservationsIngested event) {
        invalidate();
    }

    /** Retires every cached entry on every pod (new observations). */
    public void invalidate() {
        Long shared = redis == null ? null : redis.increment(DATA_VERSION_KEY);
        if (shared != null) {
            sharedVersion = shared;
            versionReadAt = System.currentTimeMillis();
        } else {
            // no shared version to move: a local one retires this pod's entries (keys of pods that agree on the
            // shared version must stay equal, or the shared tier is never shared again)
            localVersion.incrementAndGet();
        }
        local.values().forEach(LocalCache::clear);
    }

    private String dataVersion() {
        if (versionOutdated()) {
            Long shared = redis.readLong(DATA_VERSION_KEY);
            if (shared != null) {
                sharedVersion = shared;
            }
            versionReadAt = System.currentTimeMillis();
        }
        return knownVersion();
    }

    private boolean versionOutdated() {
        return redis != null && System.currentTimeMillis() - versionReadAt > VERSION_REFRESH_MILLIS;
    }

    private String knownVersion() {
        return sharedVersion + "." + localVersion.get();
    }

    private void store(String kind, String key, String value) {
        if (redis != null) {
            redis.set(key, value, ttlSeconds.getOrDefault(kind, 300L));
        }
    }

    private LocalCache<String, String> localTier(String kind) {
        return local.computeIfAbsent(kind, k -> new LocalCache<>(localEntries, ttlSeconds.getOrDefault(k, 300L)));
    }

    /** Status of the tiers for health and metrics. */
    public record Status(long localEntries, long localHits, long localMisses, boolean redisEnabled,
            Boolean redisAvailable, long redisHits, long redisMisses, long redisErrors, String redisLastError,
            long computations) {
    }

    /**
     * Status with Redis's availability at most a second old (for health checks): a round trip first when the last
     * one is older, so probes and /health at any rate cost Redis one look-up a second.
     */
    public Status status() {
        long now = System.nanoTime();
        if (redis != null && now - availabilityCheckedAt > AVAILABILITY_CHECK_NANOS) {
            availabilityCheckedAt = now;
            redis.readLong(DATA_VERSION_KEY);
        }
        return counters();
    }

    /** Status from counters only (for metrics scrapes: no network). */
    public Status counters() {
        long entries = local.values().stream().mapToLong(LocalCache::size).sum();
        return new Status(entries, localHits(), localMisses(), redis != null, redis == null ? null : redis.available(),
                redis == null ? 0 : redis.hits(), redis == null ? 0 : redis.misses(),
                redis == null ? 0 : redis.errors(), redis == null ? null : redis.lastError(), computations.get());
    }

    private long localHits() {
        return local.values().stream().mapToLong(LocalCache::hits).sum() + peekHits.sum();
    }

    /** Joining a computation counts as a miss, as it does in {@link #get}. */
    private long localMisses() {
        return local.values().stream().mapToLong(LocalCache::misses).sum() + joins.sum();
    }

    /** Share of look-ups answered without computing (either tier); null before any look-up. */
    public Double hitRate() {
        long lookups = lookups();
        return lookups == 0 ? null : (double) (lookups - computations.get()) / lookups;
    }

    public long lookups() {
        return localHits() + localMisses();
    }

    public boolean degraded() {
        return redis != null && !redis.available();
    }
}
