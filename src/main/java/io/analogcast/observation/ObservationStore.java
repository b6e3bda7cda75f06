package io.analogcast.observation;

import io.analogcast.config.AnalogcastConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The serving copy of the observations: one {@link HourlySeries} per station in memory, loaded from the database
 * (the system of record) and replaced as a whole when data changes, so readers never see a half update.
 */
@ApplicationScoped
public class ObservationStore {

    private final ObservationWriter writer;
    private final java.util.Set<String> served;
    private final Map<String, HourlySeries> series = new ConcurrentHashMap<>();
    private final Map<String, Station> stations = new ConcurrentHashMap<>();

    public ObservationStore(ObservationWriter writer, AnalogcastConfig config) {
        this.writer = writer;
        this.served = java.util.Set.copyOf(config.data().stations().orElse(List.of()));
    }

    /**
     * Persists new observations (creating unknown stations) and merges them into the serving series of their
     * stations only, without re-reading the database.
     */
    public void ingest(Collection<Station> newStations, List<ObservationRecord> records) {
        List<Station> created = new java.util.ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (Station station : newStations) {
                if (Station.findById(station.id) == null) {
                    station.persist();
                    created.add(station);
                }
            }
        });
        writer.upsert(records);
        created.forEach(s -> stations.put(s.id, s));
        Map<String, List<ObservationRecord>> byStation = new java.util.HashMap<>();
        for (ObservationRecord r : records) {
            byStation.computeIfAbsent(r.stationId(), k -> new java.util.ArrayList<>()).add(r);
        }
        byStation.forEach((id, list) -> series.compute(id,
                (k, old) -> old == null ? HourlySeries.of(id, list) : old.merge(list)));
    }

    /** Re-reads everything from the database (the stations of analogcast.data.stations, when set). */
    public void reload() {
        List<Station> all = QuarkusTransaction.requiringNew().call(() -> Station.<Station>listAll());
        Map<String, List<ObservationRecord>> records = writer.readAll();
        for (Station station : all) {
            if (!served.isEmpty() && !served.contains(station.id)) {
                continue;
            }
            stations.put(station.id, station);
            series.put(station.id, HourlySeries.of(station.id, records.getOrDefault(station.id, List.of())));
        }
    }

    public boolean isEmpty() {
        return QuarkusTransaction.requiringNew().call(() -> Station.count() == 0);
    }

    public Optional<HourlySeries> series(String stationId) {
        return Optional.ofNullable(series.get(stationId));
    }

    public Optional<Station> station(String stationId) {
        return Optional.ofNullable(stations.get(stationId));
    }

    public List<Station> stations() {
        return stations.values().stream().sorted(Comparator.comparing(s -> s.id)).toList();
    }

    /** Identifies the data a build came from: stations, extents and a checksum of every value. */
    public String fingerprint() {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        series.values().stream().sorted(Comparator.comparing(HourlySeries::stationId)).forEach(s -> {
            long checksum = s.checksum();
            for (int i = 0; i < 8; i++) {
                crc.update((int) (checksum >>> (8 * i)));
            }
        });
        return Long.toHexString(crc.getValue());
    }
}
