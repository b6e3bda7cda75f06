package io.analogcast.faiss;

/**
 * Result of one query: ids and FAISS distances (squared L2, or inner product for IP indices), best first.
 * {@code count} may be below k when the index (or the selected id range) has fewer vectors.
 */
public record SearchHits(long[] ids, float[] distances, int count) {
}
