package io.analogcast.analog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The build an instance serves: its catalog, read at boot or reload, and the stations opened since, in a bounded
 * cache. Nothing here grows with the network: a station is opened by its first request, kept while it is among the
 * most used ({@code analogcast.index.max-open-stations}, Caffeine's recency-and-frequency policy), and freed once
 * evicted and no request holds it. Snapshots share the build; the last one to let go of it (after a swap) evicts every
 * station it opened.
 */
final class ServedBuild extends RefCounted {

    /** Opens one station of a build: files verified and mapped, recent observations read. */
    interface StationOpener {
        OpenStation open(BuildCatalog catalog, String stationId);
    }

    private final BuildCatalog catalog;
    private final Instant loadedAt;
    private final StationOpener opener;
    private final Runnable onRefusal;
    private final Cache<String, OpenStation> open;
    /** Stations whose files failed to open, with why: refused until another build is served. */
    private final Map<String, String> refused = new ConcurrentHashMap<>();

    ServedBuild(BuildCatalog catalog, int maxOpenStations, StationOpener opener, Runnable onEviction,
            Runnable onRefusal) {
        this.catalog = catalog;
        this.loadedAt = Instant.now();
        this.opener = opener;
        this.onRefusal = onRefusal;
        // evicted stations are released on the evicting thread, at once: no background thread decides when
        this.open = Caffeine.newBuilder().maximumSize(maxOpenStations).executor(Runnable::run)
                .<String, OpenStation>removalListener((id, station, cause) -> {
                    if (cause.wasEvicted()) {
                        onEviction.run();
                    }
                    station.release();
                }).build();
    }

    String buildId() {
        return catalog.buildId();
    }

    BuildCatalog catalog() {
        return catalog;
    }

    Instant loadedAt() {
        return loadedAt;
    }

    /**
     * The station, opened if need be, with a reference for the caller to release. Concurrent first requests open
     * it once; a station refused before is refused again without touching its files.
     *
     * @throws StationUnavailableException when its files cannot be used
     */
    OpenStation acquire(String stationId) {
        for (;;) {
            String why = refused.get(stationId);
            if (why != null) {
                throw new StationUnavailableException(stationId, buildId(), why);
            }
            OpenStation station;
            try {
                station = open.get(stationId, id -> opener.open(catalog, id));
            } catch (StationUnavailableException e) {
                if (refused.putIfAbsent(stationId, e.getMessage()) == null) {
                    onRefusal.run();
                }
                throw e;
            }
            if (station.tryRetain()) {
                return station;
            }
            // evicted and freed between the look-up and the retain: the next look-up opens it again
        }
    }

    /** The station with a reference for the caller, only if it is open now (no files touched). */
    Optional<OpenStation> acquireIfOpen(String stationId) {
        OpenStation station = open.getIfPresent(stationId);
        return station != null && station.tryRetain() ? Optional.of(station) : Optional.empty();
    }

    /** The stations open now (a view; each may be evicted at any time). */
    Iterable<OpenStation> openStations() {
        return open.asMap().values();
    }

    long openCount() {
        return open.estimatedSize();
    }

    Map<String, String> refused() {
        return Map.copyOf(refused);
    }

    @Override
    protected void free() {
        open.invalidateAll();
        open.cleanUp();
    }

    @Override
    public String toString() {
        return "build " + buildId();
    }
}
