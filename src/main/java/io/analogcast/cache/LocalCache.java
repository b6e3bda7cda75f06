package io.analogcast.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The in-process tier: a Caffeine cache (size-bounded, entries expire a fixed time after they were written), so a hit
 * takes no global lock. A capacity of 0 turns the tier off (every look-up is a miss), as benchmarks of the uncached
 * path need.
 */
public final class LocalCache<K, V> {

    private final Cache<K, V> entries;

    public LocalCache(int capacity, long ttlSeconds) {
        this(capacity, ttlSeconds, System::nanoTime);
    }

    LocalCache(int capacity, long ttlSeconds, LongSupplier clock) {
        this.entries = Caffeine.newBuilder()
                .maximumSize(capacity)
                .expireAfterWrite(Duration.ofSeconds(ttlSeconds))
                .ticker(clock::getAsLong)
                // evictions run on the writing thread: sizes are exact when read and no pool thread is needed
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    public V get(K key) {
        return entries.getIfPresent(key);
    }

    /** The value of {@code key} or null, not counted in {@link #hits} or {@link #misses} (its caller counts). */
    public V peek(K key) {
        return entries.asMap().get(key);
    }

    public void put(K key, V value) {
        entries.put(key, value);
    }

    public void clear() {
        entries.invalidateAll();
    }

    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    public long hits() {
        return entries.stats().hitCount();
    }

    public long misses() {
        return entries.stats().missCount();
    }
}
