package io.analogcast.analog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The FAISS indices and sidecars of one build, opened off-heap. Snapshots share it; the last one to let go of it
 * frees the native memory, so a search in flight never runs on a freed index.
 */
final class LoadedBuild extends RefCounted {

    private final String buildId;
    private final Map<String, Map<Horizon, AnalogIndex>> indices;
    private final Instant loadedAt;

    LoadedBuild(String buildId, Map<String, Map<Horizon, AnalogIndex>> indices, Instant loadedAt) {
        this.buildId = buildId;
        this.indices = indices;
        this.loadedAt = loadedAt;
    }

    String buildId() {
        return buildId;
    }

    Instant loadedAt() {
        return loadedAt;
    }

    Map<String, Map<Horizon, AnalogIndex>> indices() {
        return indices;
    }

    Stream<AnalogIndex> all() {
        return indices.values().stream().flatMap(m -> m.values().stream());
    }

    List<IndexManifest> manifests() {
        return all().map(AnalogIndex::manifest).toList();
    }

    @Override
    protected void free() {
        all().forEach(AnalogIndex::close);
    }

    @Override
    public String toString() {
        return "build " + buildId;
    }
}
