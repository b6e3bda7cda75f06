package io.analogcast.analog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a serving instance reads of a build at boot and on reload, in one small file ({@code <build>/catalog.json},
 * written when the build is published): its id, what data and settings it came from, and which horizons each station
 * has an index for (in hours: a few kilobytes at thousands of stations, parsed in milliseconds), or why it has none.
 * Nothing here grows with the history, and nothing needs an index file opened: a station's files are opened, and
 * their checksums verified, on its first request.
 *
 * @param stations   per station with at least one index, its horizons in hours
 * @param unindexed  per station of the data without any index, why (the build's log says the same)
 */
public record BuildCatalog(String buildId, String dataFingerprint, String parametersHash, List<Horizon> horizons,
        SortedMap<String, int[]> stations, SortedMap<String, String> unindexed) {

    public static final String FILE = "catalog.json";

    public boolean hasStation(String stationId) {
        return stations.containsKey(stationId);
    }

    public List<Horizon> horizonsOf(String stationId) {
        int[] hours = stations.get(stationId);
        return hours == null ? List.of() : Arrays.stream(hours).mapToObj(Horizon::new).toList();
    }

    public Optional<String> whyUnindexed(String stationId) {
        return Optional.ofNullable(unindexed.get(stationId));
    }

    /** Stations with indices. */
    public int stationCount() {
        return stations.size();
    }

    public int indexCount() {
        return stations.values().stream().mapToInt(hours -> hours.length).sum();
    }

    static BuildCatalog of(String buildId, String dataFingerprint, String parametersHash, List<Horizon> horizons,
            List<IndexManifest> manifests, Map<String, String> unindexed) {
        SortedMap<String, List<Horizon>> byStation = new TreeMap<>();
        for (IndexManifest m : manifests) {
            byStation.computeIfAbsent(m.stationId(), s -> new ArrayList<>()).add(m.horizon());
        }
        SortedMap<String, int[]> stations = new TreeMap<>();
        byStation.forEach((id, list) -> stations.put(id, list.stream().sorted().mapToInt(Horizon::hours).toArray()));
        SortedMap<String, String> why = new TreeMap<>(unindexed);
        stations.keySet().forEach(why::remove);
        return new BuildCatalog(buildId, dataFingerprint, parametersHash, List.copyOf(horizons), stations, why);
    }
}
