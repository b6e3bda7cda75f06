package io.analogcast.health;

import io.agroal.api.AgroalDataSource;
import io.analogcast.analog.AnalogIndex;
import io.analogcast.analog.AnalogIndexRegistry;
import io.analogcast.cache.TwoTierCache;
import io.analogcast.observation.ObservationStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** What the health endpoints and probes report: database, indices, uptime. */
@ApplicationScoped
public class HealthService {

    private static final int DATABASE_TIMEOUT_SECONDS = 2;

    public record DatabaseStatus(boolean up, String product, String error) {
    }

    public record IndexStatus(String station, String horizon, String type, String parameters, long vectors,
            long offHeapBytes, String buildId, Instant firstAnalogTime, Instant lastAnalogTime, Double lastSearchMs,
            Instant lastSearchAt) {
    }

    private final AgroalDataSource dataSource;
    private final AnalogIndexRegistry registry;
    private final ObservationStore store;
    private final TwoTierCache cache;
    private final String version;
    private final Instant started = Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());

    public HealthService(AgroalDataSource dataSource, AnalogIndexRegistry registry, ObservationStore store,
            TwoTierCache cache,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.store = store;
        this.cache = cache;
        this.version = version;
    }

    public DatabaseStatus database() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(DATABASE_TIMEOUT_SECONDS);
            statement.execute("select 1");
            return new DatabaseStatus(true, connection.getMetaData().getDatabaseProductName(), null);
        } catch (SQLException e) {
            return new DatabaseStatus(false, null, e.getClass().getSimpleName());
        }
    }

    /** Indices are ready when every station with data is served (no stations: nothing to serve, trivially ready). */
    public boolean indicesLoaded() {
        return store.stations().isEmpty() || registry.current().buildId() != null;
    }

    public List<IndexStatus> indices() {
        return registry.current().all()
                .sorted(Comparator.comparing((AnalogIndex i) -> i.manifest().stationId()).thenComparing(AnalogIndex::horizon))
                .map(i -> new IndexStatus(i.manifest().stationId(), i.horizon().toString(),
                        i.manifest().spec().type().configName(), i.manifest().spec().describe(), i.vectors(),
                        i.offHeapBytes(), i.manifest().buildId(), i.manifest().firstAnalogTime(),
                        i.manifest().lastAnalogTime(), i.lastSearchAt() == null ? null : i.lastSearchMillis(),
                        i.lastSearchAt()))
                .toList();
    }

    public TwoTierCache.Status cache() {
        return cache.status();
    }

    public String version() {
        return version;
    }

    public Duration uptime() {
        return Duration.between(started, Instant.now());
    }
}
