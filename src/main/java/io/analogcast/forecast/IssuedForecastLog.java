package io.analogcast.forecast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import io.analogcast.analog.Horizon;
import io.analogcast.config.AnalogcastConfig;
import io.analogcast.database.JdbcTransactions;
import io.analogcast.forecast.ForecastDtos.HorizonForecast;
import io.analogcast.variable.Variable;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes every computed forecast to {@code issued_forecast} off the request path: requests enqueue, one writer
 * thread inserts what has accumulated as one JDBC batch in one transaction. A full queue makes callers wait
 * (nothing is dropped). Plain JDBC, not Hibernate: the table's identity key keeps Hibernate from batching inserts,
 * and one statement per row made this writer the limit of uncached forecasts (docs/performance.md).
 *
 * <p>A forecast computed again while the cache would still hold it (same station, state time, horizon, build and
 * request, within the forecast cache's lifetime) is recorded once, as if the cache had answered it: with the cache
 * off or evicted, repeats would otherwise fill the table with identical rows. Forecasts from an explicit state
 * have no such key and are always recorded.
 */
@ApplicationScoped
public class IssuedForecastLog {

    private static final int MAX_PER_TRANSACTION = 500;
    private static final int RECENT_KEYS = 100_000;
    private static final String INSERT = "insert into issued_forecast (issued_at, station_id, state_time, valid_time,"
            + " horizon_hours, index_build_id, analogs, request, variables) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** One row of {@code issued_forecast} as enqueued (see {@link IssuedForecast} for the columns). */
    private record Row(Instant issuedAt, String stationId, Instant stateTime, Instant validTime, int horizonHours,
            String indexBuildId, int analogs, String request, String variables) {
    }

    private final boolean enabled;
    private final ObjectMapper json;
    private final AgroalDataSource dataSource;
    /** Keys of the forecasts recorded within the forecast cache's lifetime. */
    private final Cache<String, Boolean> recentlyRecorded;
    private final BlockingQueue<Row> queue = new LinkedBlockingQueue<>(10_000);
    private final AtomicInteger pending = new AtomicInteger();
    private final Thread writer;
    private volatile boolean running = true;

    public IssuedForecastLog(AnalogcastConfig config, ObjectMapper json, AgroalDataSource dataSource) {
        this.dataSource = dataSource;
        this.recentlyRecorded = Caffeine.newBuilder().maximumSize(RECENT_KEYS).executor(Runnable::run)
                .expireAfterWrite(Duration.ofSeconds(config.cache().ttlSeconds().getOrDefault("forecast", 1800L))).build();
        this.enabled = config.forecast().recordIssued();
        this.json = json;
        this.writer = new Thread(this::drainLoop, "issued-forecast-writer");
        writer.setDaemon(true);
        if (enabled) {
            writer.start();
        }
    }

    public void record(ForecastQuery query, String stationId, Instant stateTime, List<HorizonForecast> forecasts) {
        if (!enabled) {
            return;
        }
        Instant now = Instant.now();
        String request = serialized(requestOf(query));
        for (HorizonForecast f : forecasts) {
            if (query.explicitState() == null && recentlyRecorded.asMap().putIfAbsent(
                    String.join("|", stationId, stateTime.toString(), f.horizon(), f.index().buildId(), request),
                    Boolean.TRUE) != null) {
                continue;
            }
            Row row = new Row(now, stationId, stateTime, f.validTime(), Horizon.parse(f.horizon()).hours(),
                    f.index().buildId(), f.k(), request, serialized(f.variables()));
            try {
                pending.incrementAndGet();
                queue.put(row);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits until everything enqueued so far is in the database (tests, shutdown). */
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void drainLoop() {
        List<Row> batch = new ArrayList<>(MAX_PER_TRANSACTION);
        while (running || !queue.isEmpty()) {
            try {
                Row first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_PER_TRANSACTION - 1);
                persist(batch);
                pending.addAndGet(-batch.size());
                batch.clear();
            } catch (InterruptedException e) {
                running = false;
            }
        }
    }

    private void persist(List<Row> batch) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            JdbcTransactions.inTransaction(connection, () -> {
                for (Row row : batch) {
                    insert.setTimestamp(1, Timestamp.from(row.issuedAt()));
                    insert.setString(2, row.stationId());
                    insert.setTimestamp(3, Timestamp.from(row.stateTime()));
                    insert.setTimestamp(4, Timestamp.from(row.validTime()));
                    insert.setInt(5, row.horizonHours());
                    insert.setString(6, row.indexBuildId());
                    insert.setInt(7, row.analogs());
                    insert.setString(8, row.request());
                    insert.setString(9, row.variables());
                    insert.addBatch();
                }
                insert.executeBatch();
            });
        } catch (SQLException | RuntimeException e) {
            // the database is the system of record for verification: say loudly what could not be kept
            SQLException reason = e instanceof SQLException sql && sql.getNextException() != null ? sql.getNextException() : null;
            Log.errorf("could not record %d issued forecasts: %s", batch.size(),
                    reason != null ? reason.getMessage() : e.getMessage());
        }
    }

    private String serialized(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("issued forecast not serializable: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> requestOf(ForecastQuery query) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("vars", query.variables().stream().map(Variable::id).toList());
        request.put("horizons", query.horizons().stream().map(Object::toString).toList());
        request.put("k", query.k());
        if (!query.thresholds().isEmpty()) {
            Map<String, List<Double>> exceed = new LinkedHashMap<>();
            query.thresholds().forEach((v, t) -> exceed.put(v.id(), t));
            request.put("exceed", exceed);
        }
        if (query.time() != null) {
            request.put("time", query.time().toString());
        }
        request.put("explicit_state", query.explicitState() != null);
        return request;
    }

    /**
     * On shutdown (after in-flight requests completed, before the persistence unit closes), everything queued is
     * written: an issued forecast that was answered is never lost.
     */
    void drainOnShutdown(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        flush();
    }

    @PreDestroy
    void shutdown() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
