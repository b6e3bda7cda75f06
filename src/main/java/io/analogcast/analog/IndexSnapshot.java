package io.analogcast.analog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one request works on from start to end: one served build, and each station it asks for as it was when first
 * asked (the build's indices, extended by the rows appended since). Acquired from {@link IndexLifecycle#acquire()} and
 * closed by the request (try-with-resources); neither a swap nor an eviction frees what an open snapshot uses, and
 * every answer from one snapshot comes from one build.
 */
public final class IndexSnapshot implements AutoCloseable {

    private final ServedBuild build;
    private final Map<String, Map<Horizon, AnalogIndex>> held = new ConcurrentHashMap<>();
    private final List<OpenStation> retained = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A snapshot of {@code build} (null: nothing served); the caller's reference to the build becomes this one's. */
    IndexSnapshot(ServedBuild build) {
        this.build = build;
    }

    /** The build this snapshot holds (null: none). */
    ServedBuild build() {
        return build;
    }

    /** Null when no build is served. */
    public String buildId() {
        return build == null ? null : build.buildId();
    }

    public Instant loadedAt() {
        return build == null ? null : build.loadedAt();
    }

    /** The served build's catalog; empty when none is served. */
    public Optional<BuildCatalog> catalog() {
        return Optional.ofNullable(build).map(ServedBuild::catalog);
    }

    /** Whether the served build has indices for the station (no files touched). */
    public boolean hasStation(String stationId) {
        return build != null && build.catalog().hasStation(stationId);
    }

    /**
     * The station's libraries by horizon, opened on first use and held until this snapshot closes; empty when the
     * build has no index for it.
     *
     * @throws StationUnavailableException when the station's files cannot be used
     */
    public Map<Horizon, AnalogIndex> station(String stationId) {
        if (!hasStation(stationId)) {
            return Map.of();
        }
        return held.computeIfAbsent(stationId, id -> hold(build.acquire(id)));
    }

    /** As {@link #station}, but only if the station is open already: nothing is opened (for the event loop). */
    public Optional<Map<Horizon, AnalogIndex>> stationIfOpen(String stationId) {
        Map<Horizon, AnalogIndex> views = held.get(stationId);
        if (views != null || !hasStation(stationId)) {
            return Optional.ofNullable(views);
        }
        Optional<OpenStation> open = build.acquireIfOpen(stationId);
        if (open.isEmpty()) {
            return Optional.empty();
        }
        boolean[] used = {false};
        Map<Horizon, AnalogIndex> libraries = held.computeIfAbsent(stationId, id -> {
            used[0] = true;
            return hold(open.get());
        });
        if (!used[0]) {
            open.get().release(); // another thread of this request held it first
        }
        return Optional.of(libraries);
    }

    private Map<Horizon, AnalogIndex> hold(OpenStation station) {
        retained.add(station);
        return station.views();
    }

    public Optional<AnalogIndex> index(String stationId, Horizon horizon) {
        return Optional.ofNullable(station(stationId).get(horizon));
    }

    /**
     * Identifies what a station's forecasts were computed from: the build and how many analogs each of its
     * libraries holds. Cache keys carry it, so an answer is never served under another library's key.
     */
    public String libraryKey(String stationId) {
        return libraryKey(station(stationId));
    }

    /** The key of libraries this snapshot holds (from {@link #station} or {@link #stationIfOpen}). */
    public String libraryKey(Map<Horizon, AnalogIndex> libraries) {
        long vectors = libraries.values().stream().mapToLong(AnalogIndex::vectors).sum();
        return buildId() + "+" + vectors;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            retained.forEach(OpenStation::release);
            if (build != null) {
                build.release();
            }
        }
    }

    @Override
    public String toString() {
        return "snapshot of " + build;
    }
}
