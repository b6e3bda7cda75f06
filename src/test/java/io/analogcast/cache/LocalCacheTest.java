package io.analogcast.cache;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LocalCacheTest {

    @Test
    void expiresAfterTtlAndEvictsLeastRecentlyUsed() {
        AtomicLong now = new AtomicLong();
        LocalCache<String, Integer> cache = new LocalCache<>(2, 10, now::get);
        cache.put("a", 1);
        cache.put("b", 2);
        assertEquals(1, cache.get("a"));
        cache.put("c", 3); // b is least recently used
        assertNull(cache.get("b"));
        assertEquals(3, cache.get("c"));
        now.addAndGet(10_000_000_000L);
        assertNull(cache.get("a"), "expired after 10 s");
        assertEquals(2, cache.hits());
        assertEquals(2, cache.misses());
        assertEquals(1, cache.size());
    }
}
