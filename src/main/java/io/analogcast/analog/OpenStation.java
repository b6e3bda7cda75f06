package io.analogcast.analog;

import io.analogcast.observation.HourlySeries;

import java.util.HashMap;
import java.util.Map;

/**
 * One station of a served build, opened on its first request: its indices (FAISS files and sidecars, mapped), and
 * views of them extended by the rows its newest observations completed since the build. It is freed (indices closed,
 * its recent observations let go) by the last of its users: the open-station cache that evicts it, and the requests
 * that still hold it, as in Lucene's {@code ReferenceManager}.
 */
final class OpenStation extends RefCounted {

    private final String stationId;
    private final String buildId;
    private final Map<Horizon, AnalogIndex> base;
    private final Runnable onFree;
    private final long offHeapBytes;
    private volatile Map<Horizon, AnalogIndex> views;

    OpenStation(String stationId, String buildId, Map<Horizon, AnalogIndex> base, Map<Horizon, AnalogIndex> views,
            Runnable onFree) {
        this.stationId = stationId;
        this.buildId = buildId;
        this.base = Map.copyOf(base);
        this.views = Map.copyOf(views);
        this.onFree = onFree;
        this.offHeapBytes = base.values().stream().mapToLong(AnalogIndex::offHeapBytes).sum();
    }

    String stationId() {
        return stationId;
    }

    /** The libraries as they are now; a request keeps the map it read for its whole answer. */
    Map<Horizon, AnalogIndex> views() {
        return views;
    }

    /**
     * Re-derives the appended rows from the station's recent observations; true when a library grew. Requests that
     * hold the previous views keep them (they share the same FAISS indices).
     */
    synchronized boolean refresh(HourlySeries recent, Double longitude) {
        Map<Horizon, AnalogIndex> next = appended(base, recent, longitude);
        boolean changed = next.entrySet().stream()
                .anyMatch(e -> e.getValue().vectors() != views.get(e.getKey()).vectors());
        views = next;
        return changed;
    }

    static Map<Horizon, AnalogIndex> appended(Map<Horizon, AnalogIndex> base, HourlySeries recent, Double longitude) {
        Map<Horizon, AnalogIndex> views = new HashMap<>();
        base.forEach((horizon, index) -> views.put(horizon, index.withAppended(recent, longitude)));
        return Map.copyOf(views);
    }

    /** Native and mapped bytes of the station's indices and sidecars (counted once, when opened). */
    long offHeapBytes() {
        return offHeapBytes;
    }

    @Override
    protected void free() {
        base.values().forEach(AnalogIndex::close);
        onFree.run();
    }

    @Override
    public String toString() {
        return "station " + stationId + " of build " + buildId;
    }
}
