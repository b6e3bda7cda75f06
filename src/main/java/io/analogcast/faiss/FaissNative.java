package io.analogcast.faiss;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.MemberGetter;
import org.bytedeco.javacpp.annotation.MemberSetter;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * Our JavaCPP mapping of Debian's static {@code libfaiss.a} (1.7.3). The JNI library is compiled by the
 * javacpp Maven plugin at {@code process-classes}.
 *
 * <p>Link order matters: JavaCPP passes {@code link} entries to the linker in reverse and Debian links with
 * {@code --as-needed}, so BLAS/LAPACK/OpenMP must come first here to end up after {@code libfaiss.a}.
 * The versioned names make JavaCPP preload {@code libblas.so.3}, i.e. the BLAS the system alternative selects
 * (OpenBLAS with OpenMP), not the unversioned reference BLAS.
 */
@Platform(
        value = "linux-x86_64",
        include = {"faiss/Index.h", "faiss/IndexFlat.h", "faiss/IndexIVF.h", "faiss/IndexIVFPQ.h", "faiss/IndexIVFFlat.h",
                "faiss/IndexHNSW.h", "faiss/impl/HNSW.h", "faiss/impl/IDSelector.h", "faiss/index_io.h",
                "faiss/invlists/OnDiskInvertedLists.h",
                "analogcast_faiss.h"},
        link = {"blas@.3#", "lapack@.3#", "gomp@.1#", "faiss#"})
public class FaissNative {
    static {
        Loader.load();
        bindToThisClassLoader();
    }

    public static final int METRIC_INNER_PRODUCT = 0;
    public static final int METRIC_L2 = 1;
    /** {@code faiss::IO_FLAG_MMAP}: IVF inverted lists are memory-mapped instead of read into RAM. */
    public static final int IO_FLAG_MMAP = 8 | 0x646f0000;
    public static final int IO_FLAG_READ_ONLY = 2;

    private FaissNative() {
    }

    /** Makes sure the JNI library is bound to this class's loader (for the mapped classes' static blocks). */
    static void load() {
        // calling a static method initializes FaissNative, whose static block does the work once
    }

    /**
     * The JVM binds a library file to the first class loader that loads it, and JavaCPP remembers a library as loaded
     * for the whole JVM. Dev mode gives every restart of the application a new class loader for our classes, whose
     * native methods would then find no library: it gets a private copy of the library, bound to it alone.
     */
    private static void bindToThisClassLoader() {
        try {
            omp_threads();
            return;
        } catch (UnsatisfiedLinkError notBound) {
            String loaded = Loader.getLoadedLibraries().get("jniFaissNative");
            if (loaded == null) {
                throw notBound;
            }
            try {
                Path copy = Files.createTempFile("jniFaissNative-", ".so");
                copy.toFile().deleteOnExit();
                Files.copy(Path.of(loaded), copy, StandardCopyOption.REPLACE_EXISTING);
                System.load(copy.toString());
            } catch (IOException e) {
                notBound.addSuppressed(e);
                throw notBound;
            }
        }
    }

    /** {@code faiss::Index}: the abstract base every index implements. */
    @Namespace("faiss")
    public static class Index extends Pointer {
        static {
            load();
        }

        public Index(Pointer p) {
            super(p);
        }

        @MemberGetter
        public native int d();

        @MemberGetter
        @Cast("faiss::Index::idx_t")
        public native long ntotal();

        @MemberGetter
        @Cast("bool")
        public native boolean is_trained();

        @MemberGetter
        @Cast("int")
        public native int metric_type();

        public native void train(@Cast("faiss::Index::idx_t") long n, @Const FloatPointer x);

        public native void add(@Cast("faiss::Index::idx_t") long n, @Const FloatPointer x);

        public native void search(@Cast("faiss::Index::idx_t") long n, @Const FloatPointer x,
                @Cast("faiss::Index::idx_t") long k, FloatPointer distances,
                @Cast("faiss::Index::idx_t*") LongPointer labels, @Const SearchParameters params);

        public native void reconstruct(@Cast("faiss::Index::idx_t") long key, FloatPointer recons);

        public native void reset();
    }

    @Namespace("faiss")
    public static class IndexFlatIP extends Index {
        static {
            load();
        }

        public IndexFlatIP(long d) {
            super((Pointer) null);
            allocate(d);
        }

        private native void allocate(@Cast("faiss::Index::idx_t") long d);
    }

    @Namespace("faiss")
    public static class IndexFlatL2 extends Index {
        static {
            load();
        }

        public IndexFlatL2(long d) {
            super((Pointer) null);
            allocate(d);
        }

        private native void allocate(@Cast("faiss::Index::idx_t") long d);
    }

    /** Inverted file with product quantization; the coarse quantizer must live as long as the index. */
    @Namespace("faiss")
    public static class IndexIVFPQ extends Index {
        static {
            load();
        }

        public IndexIVFPQ(Pointer p) {
            super(p);
        }

        /** Takes ownership of {@code quantizer}: it is deleted together with this index. */
        public IndexIVFPQ(Index quantizer, long d, long nlist, long m, long nbits, int metric) {
            super((Pointer) null);
            allocate(quantizer, d, nlist, m, nbits, metric);
            own_fields(true);
            quantizer.deallocate(false);
        }

        private native void allocate(Index quantizer, @Cast("size_t") long d, @Cast("size_t") long nlist,
                @Cast("size_t") long m, @Cast("size_t") long nbits, @Cast("faiss::MetricType") int metric);

        @MemberGetter
        @Cast("size_t")
        public native long nprobe();

        @MemberSetter
        public native void nprobe(@Cast("size_t") long nprobe);

        @MemberGetter
        @Cast("size_t")
        public native long nlist();

        @MemberSetter
        public native void own_fields(@Cast("bool") boolean own);
    }

    /** Inverted file over full vectors; the coarse quantizer must live as long as the index. */
    @Namespace("faiss")
    public static class IndexIVFFlat extends Index {
        static {
            load();
        }

        public IndexIVFFlat(Pointer p) {
            super(p);
        }

        /** Takes ownership of {@code quantizer}: it is deleted together with this index. */
        public IndexIVFFlat(Index quantizer, long d, long nlist, int metric) {
            super((Pointer) null);
            allocate(quantizer, d, nlist, metric);
            own_fields(true);
            quantizer.deallocate(false);
        }

        private native void allocate(Index quantizer, @Cast("size_t") long d, @Cast("size_t") long nlist,
                @Cast("faiss::MetricType") int metric);

        @MemberSetter
        public native void own_fields(@Cast("bool") boolean own);
    }

    /** HNSW graph over flat storage; the index owns its storage. */
    @Namespace("faiss")
    public static class IndexHNSWFlat extends Index {
        static {
            load();
        }

        public IndexHNSWFlat(Pointer p) {
            super(p);
        }

        public IndexHNSWFlat(int d, int m, int metric) {
            super((Pointer) null);
            allocate(d, m, metric);
        }

        private native void allocate(int d, int m, @Cast("faiss::MetricType") int metric);

        @Name("hnsw.efSearch")
        @MemberGetter
        public native int efSearch();

        @Name("hnsw.efSearch")
        @MemberSetter
        public native void efSearch(int efSearch);

        @Name("hnsw.efConstruction")
        @MemberGetter
        public native int efConstruction();

        @Name("hnsw.efConstruction")
        @MemberSetter
        public native void efConstruction(int efConstruction);
    }

    /** Which ids a search may return; ids are ours, so a range selects analogs by time. */
    @Namespace("faiss")
    public static class IDSelector extends Pointer {
        static {
            load();
        }

        public IDSelector(Pointer p) {
            super(p);
        }
    }

    @Namespace("faiss")
    public static class IDSelectorRange extends IDSelector {
        static {
            load();
        }

        public IDSelectorRange(long imin, long imax) {
            super((Pointer) null);
            allocate(imin, imax, true);
        }

        private native void allocate(@Cast("faiss::Index::idx_t") long imin, @Cast("faiss::Index::idx_t") long imax,
                @Cast("bool") boolean assumeSorted);

        @MemberSetter
        public native void imax(@Cast("faiss::Index::idx_t") long imax);

        @MemberGetter
        @Cast("faiss::Index::idx_t")
        public native long imax();
    }

    @Namespace("faiss")
    public static class SearchParameters extends Pointer {
        static {
            load();
        }

        public SearchParameters(Pointer p) {
            super(p);
        }

        public SearchParameters() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        @MemberSetter
        public native void sel(IDSelector selector);
    }

    @Namespace("faiss")
    public static class SearchParametersIVF extends SearchParameters {
        static {
            load();
        }

        public SearchParametersIVF() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        @MemberSetter
        public native void nprobe(@Cast("size_t") long nprobe);
    }

    @Namespace("faiss")
    public static class SearchParametersHNSW extends SearchParameters {
        static {
            load();
        }

        public SearchParametersHNSW() {
            super((Pointer) null);
            allocate();
        }

        private native void allocate();

        @MemberSetter
        public native void efSearch(int efSearch);
    }

    @Namespace("faiss")
    public static native void write_index(@Const Index index, String fileName);

    /** Returns an index the caller owns: release it with {@link #delete_index}. */
    @Namespace("faiss")
    public static native Index read_index(String fileName, int ioFlags);

    @Namespace("analogcast")
    public static native void delete_index(Index index);

    @Namespace("analogcast")
    public static native @Cast("const char*") String index_class_name(@Const Index index);

    @Namespace("analogcast")
    public static native long index_data_bytes(@Const Index index);

    /**
     * For an inverted file whose lists are mapped: false when a list lies beyond the end of the file; turns off FAISS's
     * per-search prefetch threads (see analogcast_faiss.h).
     */
    @Namespace("analogcast")
    public static native @Cast("bool") boolean check_mapped_lists(Index index);

    /** Maps {@code length} bytes of a file read-only; null when it cannot be. Release with {@link #unmap}. */
    @Namespace("analogcast")
    public static native Pointer map_read_only(String path, long length);

    @Namespace("analogcast")
    public static native int unmap(Pointer address, long length);

    @Namespace("analogcast")
    public static native int omp_threads();

    /** Applies to the calling thread only (OpenMP's rule). */
    @Namespace("analogcast")
    public static native void set_omp_threads(int threads);
}
