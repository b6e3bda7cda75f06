package io.analogcast.faiss;

/**
 * How to build and search one index. Fields that do not apply to {@link #type()} are ignored.
 *
 * @param nlist IVF lists
 * @param m     PQ sub-quantizers (the dimension must be a multiple)
 * @param nbits bits per PQ code
 * @param nprobe IVF lists visited per search
 * @param hnswM HNSW neighbours per node
 */
public record IndexSpec(IndexType type, int nlist, int m, int nbits, int nprobe, int hnswM, int efConstruction,
        int efSearch) {

    public static IndexSpec flatIp() {
        return new IndexSpec(IndexType.FLAT_IP, 0, 0, 0, 0, 0, 0, 0);
    }

    public static IndexSpec flatL2() {
        return new IndexSpec(IndexType.FLAT_L2, 0, 0, 0, 0, 0, 0, 0);
    }

    public static IndexSpec ivfpq(int nlist, int m, int nbits, int nprobe) {
        return new IndexSpec(IndexType.IVFPQ, nlist, m, nbits, nprobe, 0, 0, 0);
    }

    public static IndexSpec ivfFlat(int nlist, int nprobe) {
        return new IndexSpec(IndexType.IVF_FLAT, nlist, 0, 0, nprobe, 0, 0, 0);
    }

    public static IndexSpec hnsw(int hnswM, int efConstruction, int efSearch) {
        return new IndexSpec(IndexType.HNSW, 0, 0, 0, 0, hnswM, efConstruction, efSearch);
    }

    /** Parameters that matter for this type, for manifests and responses. */
    public String describe() {
        return switch (type) {
            case FLAT_IP, FLAT_L2 -> type.configName();
            case IVFPQ -> "IVFPQ(nlist=%d, m=%d, nbits=%d, nprobe=%d)".formatted(nlist, m, nbits, nprobe);
            case IVF_FLAT -> "IVFFlat(nlist=%d, nprobe=%d)".formatted(nlist, nprobe);
            case HNSW -> "HNSWFlat(M=%d, efConstruction=%d, efSearch=%d)".formatted(hnswM, efConstruction, efSearch);
        };
    }
}
