package io.analogcast.security;

/**
 * A token bucket: holds up to {@code burst} permits, refilled at {@code ratePerSecond}. Thread-safe.
 */
final class TokenBucket {

    private final double ratePerNano;
    private final double capacity;
    private double permits;
    private long lastNanos;

    TokenBucket(double ratePerSecond, int burst, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.capacity = burst;
        this.permits = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes a permit if one is there; otherwise returns the nanoseconds until one will be. */
    synchronized long tryAcquire(long nowNanos) {
        refill(nowNanos);
        if (permits >= 1) {
            permits -= 1;
            return 0;
        }
        return ratePerNano <= 0 ? Long.MAX_VALUE : (long) Math.ceil((1 - permits) / ratePerNano);
    }

    /** Returns a permit taken by {@link #tryAcquire} when a second bucket refused the request. */
    synchronized void giveBack() {
        permits = Math.min(capacity, permits + 1);
    }

    synchronized boolean isFull(long nowNanos) {
        refill(nowNanos);
        return permits >= capacity;
    }

    private void refill(long nowNanos) {
        permits = Math.min(capacity, permits + (nowNanos - lastNanos) * ratePerNano);
        lastNanos = nowNanos;
    }
}
