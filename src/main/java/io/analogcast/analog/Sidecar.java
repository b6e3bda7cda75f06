package io.analogcast.analog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import io.analogcast.faiss.MappedFile;

/**
 * The analogs' times, outcomes and values at their own times, stored next to the FAISS file in the same row order
 * (row i = FAISS id i). Little-endian: magic, version, rows, column count, {@code long[rows]} epoch seconds,
 * {@code float[rows x columns]} outcomes at t + horizon, then {@code float[rows x columns]} values at t (what a
 * tendency member needs, so serving never reads the history), row-major, NaN = missing. Read by memory-mapping,
 * so none of it is on the Java heap.
 */
public final class Sidecar {

    private static final int MAGIC = 0x41435343; // "ACSC"
    private static final int VERSION = 2;
    private static final int HEADER = 16;

    private final int rows;
    private final int outcomes;
    private final LongBuffer times;
    private final FloatBuffer values;
    private final FloatBuffer ownValues;
    private final MappedFile file;
    private volatile boolean closed;

    private Sidecar(int rows, int outcomes, LongBuffer times, FloatBuffer values, FloatBuffer ownValues,
            MappedFile file) {
        this.rows = rows;
        this.outcomes = outcomes;
        this.times = times;
        this.values = values;
        this.ownValues = ownValues;
        this.file = file;
    }

    public static void write(Path file, long[] epochSeconds, float[] outcomeValues, float[] ownValues, int outcomes)
            throws IOException {
        int rows = epochSeconds.length;
        if (outcomeValues.length != (long) rows * outcomes || ownValues.length != outcomeValues.length) {
            throw new IllegalArgumentException("outcomes and own values must be rows x " + outcomes);
        }
        ByteBuffer buffer = ByteBuffer.allocate(HEADER + rows * 8 + outcomeValues.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(MAGIC).putInt(VERSION).putInt(rows).putInt(outcomes);
        buffer.asLongBuffer().put(epochSeconds);
        buffer.position(HEADER + rows * 8);
        buffer.asFloatBuffer().put(outcomeValues);
        buffer.position(HEADER + rows * 8 + outcomeValues.length * 4);
        buffer.asFloatBuffer().put(ownValues);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(buffer.array());
        }
    }

    /** Maps a sidecar; {@link #close()} unmaps it (only once nothing can read it any more). */
    public static Sidecar map(Path file) throws IOException {
        MappedFile mappedFile = MappedFile.map(file);
        try {
            ByteBuffer mapped = mappedFile.buffer();
            long size = mappedFile.length();
            if (size < HEADER || mapped.getInt(0) != MAGIC || mapped.getInt(4) != VERSION) {
                throw new IOException(file + " is not an Analogcast sidecar of version " + VERSION
                        + " (written by an older release: rebuild the indices)");
            }
            int rows = mapped.getInt(8);
            int outcomes = mapped.getInt(12);
            long expected = HEADER + rows * 8L + (long) rows * outcomes * 8;
            if (size != expected) {
                throw new IOException(file + " is truncated: " + size + " bytes, expected " + expected);
            }
            LongBuffer times = mapped.slice(HEADER, rows * 8).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
            int block = rows * outcomes * 4;
            FloatBuffer values = mapped.slice(HEADER + rows * 8, block).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            FloatBuffer own = mapped.slice(HEADER + rows * 8 + block, block).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer();
            return new Sidecar(rows, outcomes, times, values, own, mappedFile);
        } catch (IOException | RuntimeException e) {
            mappedFile.close();
            throw e;
        }
    }

    public int rows() {
        return rows;
    }

    public long epochSecond(int row) {
        open();
        return times.get(row);
    }

    public float outcome(int row, int column) {
        open();
        return values.get(row * outcomes + column);
    }

    /** The value of an outcome variable at the analog's own time (not at t + horizon). */
    public float ownValue(int row, int column) {
        open();
        return ownValues.get(row * outcomes + column);
    }

    /** A read after the unmapping would crash the process: a use after the last release fails here instead. */
    private void open() {
        if (closed) {
            throw new IllegalStateException("sidecar already unmapped (its index was freed)");
        }
    }

    /** Rows whose time is at or before {@code epochSecond} (times ascend), i.e. the exclusive id limit. */
    public int countAtOrBefore(long epochSecond) {
        open();
        int lo = 0;
        int hi = rows;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times.get(mid) <= epochSecond) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public long bytes() {
        return HEADER + rows * 8L + (long) rows * outcomes * 8;
    }

    /** Unmaps the file: for the owner of the index, once no search can read it. */
    void close() {
        closed = true;
        file.close();
    }
}
