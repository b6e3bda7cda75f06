package io.analogcast.faiss;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The FAISS index families Analogcast builds. */
public enum IndexType {
    /** Exact inner-product search. */
    FLAT_IP("FlatIP", "IndexFlatIP", true),
    /** Exact L2 search. */
    FLAT_L2("FlatL2", "IndexFlatL2", true),
    /** Inverted file + product quantization: approximate, compact (what the original system served at every horizon). */
    IVFPQ("IVFPQ", "IndexIVFPQ", false),
    /** Inverted file over full vectors: approximate (lists not probed are skipped), flat memory, no graph. */
    IVF_FLAT("IVFFlat", "IndexIVFFlat", false),
    /** HNSW graph over flat storage: approximate, fast. */
    HNSW("HNSWFlat", "IndexHNSWFlat", false);

    private final String configName;
    private final String faissClass;
    private final boolean exact;

    IndexType(String configName, String faissClass, boolean exact) {
        this.configName = configName;
        this.faissClass = faissClass;
        this.exact = exact;
    }

    public String configName() {
        return configName;
    }

    public String faissClass() {
        return faissClass;
    }

    public boolean exact() {
        return exact;
    }

    /** Inverted-file types: trained on a sample (coarse centroids), searched with nprobe lists of nlist. */
    public boolean invertedFile() {
        return this == IVFPQ || this == IVF_FLAT;
    }

    public static Optional<IndexType> parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(t -> t.configName.toLowerCase(Locale.ROOT).equals(wanted)
                        || t.faissClass.toLowerCase(Locale.ROOT).equals(wanted)
                        || t.name().toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst();
    }
}
