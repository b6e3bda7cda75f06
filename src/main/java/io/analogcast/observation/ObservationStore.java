package io.analogcast.observation;

import io.analogcast.config.AnalogcastConfig;
import io.analogcast.database.DatabaseUnavailableException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * What the service keeps of the observations: the stations, and per station only the recent observations a
 * forecast needs (from shortly before the served library's newest analogs to now), so memory does not grow with
 * the length of the history. The database stays the system of record: older states and whole histories (builds,
 * evaluation) are read from it when asked for, and never kept.
 */
@ApplicationScoped
public class ObservationStore {

    private final ObservationWriter database;
    private final Set<String> served;
    private final Event<ObservationsIngested> ingested;
    private final Map<String, HourlySeries> recent = new ConcurrentHashMap<>();
    private final Map<String, Instant> recentSince = new ConcurrentHashMap<>();
    private final Map<String, Station> stations = new ConcurrentHashMap<>();
    private final Map<String, Instant[]> knownExtent = new ConcurrentHashMap<>();
    /** Open libraries holding each station's recent window (two builds may hold one station during a swap). */
    private final Map<String, Integer> recentHolders = new ConcurrentHashMap<>();
    private final Object[] stripes = new Object[64];

    public ObservationStore(ObservationWriter database, AnalogcastConfig config, Event<ObservationsIngested> ingested) {
        this.database = database;
        this.served = Set.copyOf(config.data().stations().orElse(List.of()));
        this.ingested = ingested;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    /**
     * Persists new observations (creating unknown stations), merges those inside a station's recent window into
     * it, and announces them ({@link ObservationsIngested}).
     */
    public void ingest(Collection<Station> newStations, List<ObservationRecord> records) {
        List<Station> created = new ArrayList<>();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                for (Station station : newStations) {
                    if (Station.findById(station.id) == null) {
                        station.persist();
                        created.add(station);
                    }
                }
            });
            database.upsert(records);
        } catch (RuntimeException e) {
            created.clear(); // rolled back
            throw DatabaseUnavailableException.classify(e);
        }
        created.stream().filter(this::isServed).forEach(s -> stations.put(s.id, s));
        Map<String, List<ObservationRecord>> byStation = new HashMap<>();
        for (ObservationRecord r : records) {
            byStation.computeIfAbsent(r.stationId(), k -> new ArrayList<>()).add(r);
        }
        byStation.forEach((id, list) -> {
            Instant since = recentSince.get(id);
            if (since != null) {
                List<ObservationRecord> inWindow = list.stream().filter(r -> !r.time().isBefore(since)).toList();
                if (!inWindow.isEmpty()) {
                    // only a window that is held: one released meanwhile stays released
                    recent.computeIfPresent(id, (k, old) -> old.merge(inWindow));
                }
            }
        });
        if (!byStation.isEmpty()) {
            ingested.fire(new ObservationsIngested(new LinkedHashSet<>(byStation.keySet())));
        }
    }

    /** Reads the stations (those of analogcast.data.stations, when set) from the database. */
    public void loadStations() {
        List<Station> all = QuarkusTransaction.requiringNew().call(() -> Station.<Station>listAll());
        all.stream().filter(this::isServed).forEach(s -> stations.put(s.id, s));
    }

    private boolean isServed(Station station) {
        return served.isEmpty() || served.contains(station.id);
    }

    public boolean isEmpty() {
        return QuarkusTransaction.requiringNew().call(() -> Station.count() == 0);
    }

    /**
     * A station's library was opened: its observations from {@code since} on are read and kept as its recent window
     * (merged with what is ingested) until every holder has released it. Only open stations keep one, so memory
     * follows the open stations, not the network.
     */
    public void retainRecent(String stationId, Instant since) {
        synchronized (stripe(stationId)) {
            int holders = recentHolders.merge(stationId, 1, Integer::sum);
            Instant loaded = recentSince.get(stationId);
            if (holders == 1 || loaded == null || since.isBefore(loaded)) {
                try {
                    loadRecent(stationId, since);
                } catch (RuntimeException e) {
                    recentHolders.computeIfPresent(stationId, (k, n) -> n == 1 ? null : n - 1);
                    throw e;
                }
            }
        }
    }

    /** A holder of a station's recent window let go of it; the last one drops it. */
    public void releaseRecent(String stationId) {
        synchronized (stripe(stationId)) {
            if (recentHolders.computeIfPresent(stationId, (k, n) -> n == 1 ? null : n - 1) == null) {
                recent.remove(stationId);
                recentSince.remove(stationId);
            }
        }
    }

    /** Stations whose recent window is in memory. */
    public int recentWindows() {
        return recent.size();
    }

    private Object stripe(String stationId) {
        return stripes[Math.floorMod(stationId.hashCode(), stripes.length)];
    }

    /** Keeps the observations of a station from {@code since} on (read now) as its recent window. */
    private void loadRecent(String stationId, Instant since) {
        HourlySeries series = HourlySeries.of(stationId, database.read(stationId, since, null));
        recent.put(stationId, series);
        recentSince.put(stationId, since);
    }

    /** Re-reads a station's recent window from the database (what other instances stored), if it is held. */
    public void refreshRecent(String stationId) {
        synchronized (stripe(stationId)) {
            Instant since = recentSince.get(stationId);
            if (since != null) {
                loadRecent(stationId, since);
            }
        }
    }

    public Optional<HourlySeries> recent(String stationId) {
        return Optional.ofNullable(recent.get(stationId)).filter(s -> !s.isEmpty());
    }

    /**
     * The observations of a station from {@code hours} before {@code end} to {@code end} (on the hour): from the
     * recent window when it covers them, else from the database; empty when {@code end} lies outside the
     * station's observations.
     */
    public Optional<HourlySeries> window(String stationId, Instant end, int hours) {
        Instant from = end.minusSeconds(hours * 3600L);
        HourlySeries r = recent.get(stationId);
        if (r != null && !r.isEmpty() && !r.start().isAfter(from) && !r.end().isBefore(end)) {
            return Optional.of(r);
        }
        if (!covers(stationId, end)) {
            return Optional.empty();
        }
        return Optional.of(HourlySeries.of(stationId, database.read(stationId, from, end.plusSeconds(3600)), from, end));
    }

    /**
     * Whether {@code time} lies within the station's observations. Observations are never deleted, so an extent read
     * once stays right for the times it covers; only a time outside it is checked again (another instance may have
     * stored more since). The database's min/max is a scan of the station's rows in H2.
     */
    private boolean covers(String stationId, Instant time) {
        Instant[] known = knownExtent.get(stationId);
        if (known != null && !time.isBefore(known[0]) && !time.isAfter(known[1])) {
            return true;
        }
        Instant[] extent = database.extent(stationId);
        if (extent == null) {
            return false;
        }
        knownExtent.put(stationId, extent);
        return !time.isBefore(extent[0]) && !time.isAfter(extent[1]);
    }

    /** The station's newest observation time: from the recent window, else from the database. */
    public Optional<Instant> latest(String stationId) {
        return latestInMemory(stationId).or(() -> extent(stationId).map(e -> e[1]));
    }

    /** The station's newest observation time if its recent window holds one (no database round trip). */
    public Optional<Instant> latestInMemory(String stationId) {
        HourlySeries r = recent.get(stationId);
        int last = r == null ? -1 : r.lastObservedIndex();
        return last >= 0 ? Optional.of(r.time(last)) : Optional.empty();
    }

    /** A station's whole history from the database (index builds, evaluation); not kept. */
    public HourlySeries history(String stationId) {
        return HourlySeries.of(stationId, database.read(stationId, null, null));
    }

    /** First and last observation time of a station (empty when it has none). */
    public Optional<Instant[]> extent(String stationId) {
        return Optional.ofNullable(database.extent(stationId));
    }

    public Optional<Station> station(String stationId) {
        return Optional.ofNullable(stations.get(stationId));
    }

    public List<Station> stations() {
        return stations.values().stream().sorted(Comparator.comparing(s -> s.id)).toList();
    }

    /** Identifies the data a build came from (every station's history, read once). */
    public String fingerprint() {
        CRC32C crc = new CRC32C();
        for (Station station : stations()) {
            addToFingerprint(crc, history(station.id));
        }
        return Long.toHexString(crc.getValue());
    }

    /** Adds one station's series to a fingerprint; stations must be added in id order. */
    public static void addToFingerprint(CRC32C crc, HourlySeries series) {
        addToFingerprint(crc, series.checksum());
    }

    /** Adds one station's series checksum ({@link HourlySeries#checksum()}) to a fingerprint. */
    public static void addToFingerprint(CRC32C crc, long checksum) {
        for (int i = 0; i < 8; i++) {
            crc.update((int) (checksum >>> (8 * i)));
        }
    }
}
