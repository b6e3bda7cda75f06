package io.analogcast.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A small in-process LRU cache with a time-to-live per entry. Thread-safe; entries past their TTL are treated as
 * absent and dropped when met.
 */
public final class LocalCache<K, V> {

    private record Timed<V>(V value, long expiresAtNanos) {
    }

    private final int capacity;
    private final long ttlNanos;
    private final LongSupplier clock;
    private final LinkedHashMap<K, Timed<V>> entries;
    private long hits;
    private long misses;

    public LocalCache(int capacity, long ttlSeconds) {
        this(capacity, ttlSeconds, System::nanoTime);
    }

    LocalCache(int capacity, long ttlSeconds, LongSupplier clock) {
        this.capacity = capacity;
        this.ttlNanos = ttlSeconds * 1_000_000_000L;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Timed<V>> eldest) {
                return size() > LocalCache.this.capacity;
            }
        };
    }

    public synchronized V get(K key) {
        Timed<V> entry = entries.get(key);
        if (entry == null || entry.expiresAtNanos() - clock.getAsLong() <= 0) {
            if (entry != null) {
                entries.remove(key);
            }
            misses++;
            return null;
        }
        hits++;
        return entry.value();
    }

    public synchronized void put(K key, V value) {
        entries.put(key, new Timed<>(value, clock.getAsLong() + ttlNanos));
    }

    public synchronized void clear() {
        entries.clear();
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }
}
