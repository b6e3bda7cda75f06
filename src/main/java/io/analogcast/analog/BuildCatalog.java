package io.analogcast.analog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * What a serving instance reads of a build at boot and on reload, in one small file ({@code <build>/catalog.json},
 * written when the build is published): its id, what data and settings it came from, and which horizons each station
 * has an index for, or why it has none. Nothing here grows with the history, and nothing needs an index file opened:
 * a station's files are opened, and their checksums verified, on its first request.
 *
 * @param stations   per station with at least one index, its horizons
 * @param unindexed  per station of the data without any index, why (the build's log says the same)
 */
public record BuildCatalog(String buildId, String dataFingerprint, String parametersHash, List<Horizon> horizons,
        SortedMap<String, List<Horizon>> stations, SortedMap<String, String> unindexed) {

    public static final String FILE = "catalog.json";

    public boolean hasStation(String stationId) {
        return stations.containsKey(stationId);
    }

    public List<Horizon> horizonsOf(String stationId) {
        return stations.getOrDefault(stationId, List.of());
    }

    public Optional<String> whyUnindexed(String stationId) {
        return Optional.ofNullable(unindexed.get(stationId));
    }

    /** Stations with indices. */
    public int stationCount() {
        return stations.size();
    }

    public int indexCount() {
        return stations.values().stream().mapToInt(List::size).sum();
    }

    static BuildCatalog of(String buildId, String dataFingerprint, String parametersHash, List<Horizon> horizons,
            List<IndexManifest> manifests, Map<String, String> unindexed) {
        SortedMap<String, List<Horizon>> stations = new java.util.TreeMap<>();
        for (IndexManifest m : manifests) {
            stations.computeIfAbsent(m.stationId(), s -> new java.util.ArrayList<>()).add(m.horizon());
        }
        stations.replaceAll((s, h) -> h.stream().sorted().toList());
        SortedMap<String, String> why = new java.util.TreeMap<>(unindexed);
        stations.keySet().forEach(why::remove);
        return new BuildCatalog(buildId, dataFingerprint, parametersHash, List.copyOf(horizons), stations, why);
    }
}
