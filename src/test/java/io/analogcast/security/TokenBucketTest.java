package io.analogcast.security;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void admitsTheBurstThenTheRate() {
        TokenBucket bucket = new TokenBucket(10, 20, 0);
        for (int i = 0; i < 20; i++) {
            assertEquals(0, bucket.tryAcquire(0), "request " + i + " of the burst");
        }
        // empty: the next permit comes after 1/10 s
        assertEquals(SECOND / 10, bucket.tryAcquire(0));
        assertEquals(0, bucket.tryAcquire(SECOND / 10));
        assertTrue(bucket.tryAcquire(SECOND / 10) > 0);
        // a long pause refills to the burst, not beyond
        long later = 100 * SECOND;
        assertTrue(bucket.isFull(later));
        for (int i = 0; i < 20; i++) {
            assertEquals(0, bucket.tryAcquire(later));
        }
        assertTrue(bucket.tryAcquire(later) > 0);
    }

    @Test
    void givenBackPermitIsUsableAgain() {
        TokenBucket bucket = new TokenBucket(0, 1, 0);
        assertEquals(0, bucket.tryAcquire(0));
        assertEquals(Long.MAX_VALUE, bucket.tryAcquire(0));
        bucket.giveBack();
        assertEquals(0, bucket.tryAcquire(0));
    }
}
