package io.analogcast.cache;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LocalCacheTest {

    @Test
    void boundedInSizeExpiresAfterItsTtlAndCounts() {
        AtomicLong now = new AtomicLong();
        LocalCache<String, Integer> cache = new LocalCache<>(2, 10, now::get);
        cache.put("a", 1);
        cache.put("b", 2);
        assertEquals(1, cache.get("a"));
        assertEquals(1, cache.get("a"));
        cache.put("c", 3);
        assertEquals(2, cache.size(), "one of three entries evicted at capacity 2");
        assertEquals(1, cache.get("a"), "the entry read twice is the one kept (frequency, not only recency)");
        now.addAndGet(9_999_999_999L);
        assertEquals(1, cache.get("a"), "still fresh just before 10 s");
        now.addAndGet(1);
        assertNull(cache.get("a"), "expired 10 s after it was written");
        assertEquals(4, cache.hits());
        assertEquals(1, cache.misses());
        assertEquals(0, cache.size());
    }

    @Test
    void capacityZeroKeepsNothing() {
        LocalCache<String, Integer> cache = new LocalCache<>(0, 10);
        cache.put("a", 1);
        assertNull(cache.get("a"));
        assertEquals(0, cache.size());
    }
}
