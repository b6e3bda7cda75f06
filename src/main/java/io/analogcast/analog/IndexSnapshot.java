package io.analogcast.analog;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What one request works on from start to end: one build's indices, extended by the rows appended since, under one
 * build id. Acquired from {@link IndexLifecycle#acquire()} and closed by the request (try-with-resources); a swap
 * never frees what an open snapshot uses.
 */
public final class IndexSnapshot extends RefCounted {

    private final LoadedBuild build;
    private final Map<String, Map<Horizon, AnalogIndex>> indices;
    private final long generation;

    /** A snapshot with nothing loaded. */
    static IndexSnapshot empty() {
        return new IndexSnapshot(null, Map.of(), 0);
    }

    /** A snapshot of {@code build} (the caller must hold a reference to it, which this snapshot then keeps). */
    IndexSnapshot(LoadedBuild build, Map<String, Map<Horizon, AnalogIndex>> indices, long generation) {
        this.build = build;
        this.indices = indices;
        this.generation = generation;
    }

    /** Null when no build is loaded. */
    public String buildId() {
        return build == null ? null : build.buildId();
    }

    public Instant loadedAt() {
        return build == null ? null : build.loadedAt();
    }

    LoadedBuild build() {
        return build;
    }

    /** Increases with every change of the served library (a new build or appended rows). */
    public long generation() {
        return generation;
    }

    public Optional<AnalogIndex> index(String stationId, Horizon horizon) {
        return Optional.ofNullable(indices.getOrDefault(stationId, Map.of()).get(horizon));
    }

    public Map<Horizon, AnalogIndex> station(String stationId) {
        return indices.getOrDefault(stationId, Map.of());
    }

    Map<String, Map<Horizon, AnalogIndex>> indices() {
        return indices;
    }

    public Stream<AnalogIndex> all() {
        return indices.values().stream().flatMap(m -> m.values().stream());
    }

    public List<AnalogIndex> sorted() {
        return all().sorted(Comparator.comparing((AnalogIndex i) -> i.manifest().stationId())
                .thenComparing(AnalogIndex::horizon)).toList();
    }

    /**
     * Identifies what a station's forecasts were computed from: the build and how many analogs each of its
     * libraries holds. Cache keys carry it, so an answer is never served under another library's key.
     */
    public String libraryKey(String stationId) {
        long vectors = station(stationId).values().stream().mapToLong(AnalogIndex::vectors).sum();
        return buildId() + "+" + vectors;
    }

    @Override
    protected void free() {
        if (build != null) {
            build.release();
        }
    }

    @Override
    public String toString() {
        return "snapshot " + generation + " of " + build;
    }
}
