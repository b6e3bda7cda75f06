package io.analogcast.analog;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Something whose resources are freed by the last of its users, as in Lucene's {@code ReferenceManager}: it starts
 * with one reference (its owner's); every other user must {@link #tryRetain()} before and {@link #release()} after
 * using it. No timer guesses when a resource is free.
 */
public abstract class RefCounted implements AutoCloseable {

    private final AtomicInteger references = new AtomicInteger(1);

    /** Takes a reference unless the resource is already freed (or being freed). */
    public final boolean tryRetain() {
        for (;;) {
            int n = references.get();
            if (n <= 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one frees the resource. */
    public final void release() {
        int n = references.decrementAndGet();
        if (n == 0) {
            free();
        } else if (n < 0) {
            throw new IllegalStateException(this + " released more often than retained");
        }
    }

    public final int references() {
        return Math.max(0, references.get());
    }

    /** Called once, by whoever gave back the last reference. */
    protected abstract void free();

    @Override
    public final void close() {
        release();
    }
}
