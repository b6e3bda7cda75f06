package io.analogcast.faiss;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file mapped read-only into memory and unmapped by {@link #close()}, at a moment its owner chooses (the last
 * release of a station), instead of whenever a garbage collector frees a {@code MappedByteBuffer}: a pod that opens
 * and evicts thousands of stations keeps only the open ones mapped. The buffer must not be used after close.
 */
public final class MappedFile implements AutoCloseable {

    private Pointer address;
    private final long length;
    private final ByteBuffer buffer;

    private MappedFile(Pointer address, long length) {
        this.address = address;
        this.length = length;
        this.buffer = new BytePointer(address).capacity(length).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    public static MappedFile map(Path file) throws IOException {
        long length = Files.size(file);
        if (length == 0 || length > Integer.MAX_VALUE) {
            throw new IOException(file + " cannot be mapped: " + length + " bytes");
        }
        Pointer address = FaissNative.map_read_only(file.toString(), length);
        if (address == null || address.isNull()) {
            throw new IOException(file + " cannot be mapped");
        }
        return new MappedFile(address, length);
    }

    /** Little-endian view of the whole file. */
    public ByteBuffer buffer() {
        return buffer;
    }

    public long length() {
        return length;
    }

    @Override
    public synchronized void close() {
        if (address != null) {
            FaissNative.unmap(address, length);
            address = null;
        }
    }
}
