package io.analogcast.health;

import io.agroal.api.AgroalDataSource;
import io.analogcast.analog.IndexBuildRejected;
import io.analogcast.analog.IndexLifecycle;
import io.analogcast.analog.IndexSnapshot;
import io.analogcast.cache.TwoTierCache;
import io.analogcast.observation.ObservationStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the health endpoints and probes report: database, indices and their lifecycle, uptime. */
@ApplicationScoped
public class HealthService {

    private static final int DATABASE_TIMEOUT_SECONDS = 2;
    private static final long DATABASE_CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private record CheckedDatabase(DatabaseStatus status, long atNanos) {
    }

    public record DatabaseStatus(boolean up, String product, String error) {
    }

    public record IndexStatus(String station, String horizon, String type, String parameters, long vectors,
            long appendedRows, long offHeapBytes, String buildId, Instant firstAnalogTime, Instant lastAnalogTime,
            Double recallAtK, Double lastSearchMs, Instant lastSearchAt) {
    }

    /** The served build and what CURRENT names; nothing here grows with the network. */
    public record LifecycleStatus(String servedBuildId, String currentPointer, Instant loadedAt, int rejectedBuilds) {
    }

    private final AgroalDataSource dataSource;
    private final IndexLifecycle lifecycle;
    private final ObservationStore store;
    private final TwoTierCache cache;
    private final String version;
    private final java.util.concurrent.locks.ReentrantLock databaseCheck = new java.util.concurrent.locks.ReentrantLock();
    private volatile CheckedDatabase lastDatabaseCheck;
    private final Instant started = Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());

    public HealthService(AgroalDataSource dataSource, IndexLifecycle lifecycle, ObservationStore store,
            TwoTierCache cache,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.dataSource = dataSource;
        this.lifecycle = lifecycle;
        this.store = store;
        this.cache = cache;
        this.version = version;
    }

    /**
     * The database's state, checked at most once a second however often probes and /health ask (one caller
     * checks, the others read the last answer): a probe must not cost a database round trip.
     */
    public DatabaseStatus database() {
        CheckedDatabase last = lastDatabaseCheck;
        long now = System.nanoTime();
        if (last != null && now - last.atNanos() < DATABASE_CHECK_INTERVAL_NANOS) {
            return last.status();
        }
        if (!databaseCheck.tryLock()) {
            return last != null ? last.status() : checkDatabase();
        }
        try {
            DatabaseStatus status = checkDatabase();
            lastDatabaseCheck = new CheckedDatabase(status, System.nanoTime());
            return status;
        } finally {
            databaseCheck.unlock();
        }
    }

    /** What the last check found, without checking (empty before the first). */
    public java.util.Optional<DatabaseStatus> lastKnownDatabase() {
        CheckedDatabase last = lastDatabaseCheck;
        return last == null ? java.util.Optional.empty() : java.util.Optional.of(last.status());
    }

    private DatabaseStatus checkDatabase() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(DATABASE_TIMEOUT_SECONDS);
            statement.execute("select 1");
            return new DatabaseStatus(true, connection.getMetaData().getDatabaseProductName(), null);
        } catch (SQLException e) {
            return new DatabaseStatus(false, null, e.getClass().getSimpleName());
        }
    }

    /** Indices are ready when a build is served (no stations: nothing to serve, trivially ready). */
    public boolean indicesLoaded() {
        return store.stations().isEmpty() || lifecycle.servedBuildId() != null;
    }

    /** The indices of the stations open now (at most analogcast.index.max-open-stations of them). */
    public List<IndexStatus> openIndices() {
        return lifecycle.openIndices().stream()
                .map(i -> new IndexStatus(i.manifest().stationId(), i.horizon().toString(),
                        i.manifest().spec().type().configName(), i.manifest().spec().describe(), i.vectors(),
                        i.appendedRows(), i.offHeapBytes(), i.manifest().buildId(), i.manifest().firstAnalogTime(),
                        i.lastAnalogTime(), i.manifest().recallAtK(),
                        i.lastSearchAt() == null ? null : i.lastSearchMillis(), i.lastSearchAt()))
                .toList();
    }

    /** Changes of the served indices so far (swaps, appended rows, rejections): a report's freshness key. */
    public long lifecycleChanges() {
        return lifecycle.changes();
    }

    /** Where CURRENT points; what went wrong reading it, for the admin report only (it may name a path). */
    public record Pointer(String buildId, String problem) {
    }

    public Pointer currentPointer() {
        try {
            return new Pointer(lifecycle.directory().current().orElse(null), null);
        } catch (RuntimeException e) {
            return new Pointer(null, e.getMessage());
        }
    }

    public LifecycleStatus lifecycle() {
        Pointer pointer = currentPointer();
        try (IndexSnapshot snapshot = lifecycle.acquire()) {
            return new LifecycleStatus(snapshot.buildId(), pointer.problem() == null ? pointer.buildId() : "unreadable",
                    snapshot.loadedAt(), lifecycle.rejections().size());
        }
    }

    public IndexLifecycle.StationCounts stations() {
        return lifecycle.stationCounts();
    }

    public List<IndexBuildRejected> rejections() {
        return lifecycle.rejections();
    }

    public java.util.Map<String, String> refusedStations() {
        return lifecycle.refusedStations();
    }

    public List<IndexLifecycle.StationLibrary> libraries(int page, int size) {
        return lifecycle.libraries(page, size);
    }

    public int servedStations() {
        return lifecycle.servedStations();
    }

    public int stationCount() {
        return store.stations().size();
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
