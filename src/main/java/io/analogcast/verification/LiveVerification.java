package io.analogcast.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.analogcast.analog.AnalogIndex;
import io.analogcast.analog.Horizon;
import io.analogcast.analog.IndexLifecycle;
import io.analogcast.analog.IndexSnapshot;
import io.analogcast.config.AnalogcastConfig;
import io.analogcast.database.JdbcTransactions;
import io.analogcast.forecast.EnsembleStatistics;
import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.ObservationStore;
import io.analogcast.observation.Station;
import io.analogcast.variable.Variable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Live verification: issued forecasts are scored off the request path once their valid time has been observed.
 * An issued forecast keeps its statistics, not its members, so its CRPS is the quantile form over the stored
 * levels (p05 .. p95); the references are scored on the same levels: persistence (the value at the state time)
 * and climatology (the station's values in the same calendar month and UTC hour before the state time, from the
 * served library). Aggregates per variable and horizon feed {@code GET /verification/live} and gauges.
 */
@ApplicationScoped
public class LiveVerification {

    private static final int PRUNE_BATCH = 10_000;

    private static final double[] LEVELS = EnsembleStatistics.QUANTILES;
    private static final String[] QUANTILE_FIELDS = {"p05", "p10", "p25", "median", "p75", "p90", "p95"};
    /** Climatology tables kept at once (station and variable); each is one pass over a sidecar. */
    private static final int CLIMATOLOGY_TABLES = 16;
    private static final int GAUGE_DAYS = 7;

    /** Aggregates of one variable and horizon; skill against a reference over the cases that have it. */
    public record SkillRow(String variable, String horizon, long cases, double crps, Double crpssPersistence,
            Double crpssClimatology, long[] pitHistogram) {
    }

    public record LiveReport(String station, int days, Instant from, Instant to, long scoredCases, String method,
            List<SkillRow> rows) {
    }

    private final AgroalDataSource dataSource;
    private final ObservationStore store;
    private final IndexLifecycle lifecycle;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final AnalogcastConfig.Verification.Live config;
    private final Map<String, Double> gauges = new ConcurrentHashMap<>();
    private final Map<String, float[][]> climatology = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, float[][]> eldest) {
                    return size() > CLIMATOLOGY_TABLES;
                }
            });
    private ScheduledExecutorService scheduler;

    public LiveVerification(AgroalDataSource dataSource, ObservationStore store, IndexLifecycle lifecycle,
            ObjectMapper json, MeterRegistry meters, AnalogcastConfig config) {
        this.dataSource = dataSource;
        this.store = store;
        this.lifecycle = lifecycle;
        this.json = json;
        this.meters = meters;
        this.config = config.verification().live();
    }

    void onStart(@Observes StartupEvent event) {
        Duration interval = config.interval();
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "live-verification");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                scoreNow();
                prune();
            } catch (RuntimeException e) {
                Log.warnf("live verification run failed (retried next run): %s", e.getMessage());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /**
     * Deletes issued forecasts (and, by cascade, their scores) issued before the retention, in bounded batches, so
     * the table stops growing with the request rate times the uptime.
     *
     * @return how many were deleted
     */
    public int prune() {
        String delete = "delete from issued_forecast where id in (select id from issued_forecast where issued_at < ?"
                + " order by id limit " + PRUNE_BATCH + ")";
        Timestamp cutoff = Timestamp.from(Instant.now().minus(config.retention()));
        int total = 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(delete)) {
            int deleted;
            do {
                statement.setTimestamp(1, cutoff);
                deleted = statement.executeUpdate();
                total += deleted;
            } while (deleted == PRUNE_BATCH);
        } catch (SQLException e) {
            throw new IllegalStateException("could not prune issued forecasts: " + e.getMessage(), e);
        }
        if (total > 0) {
            Log.infof("deleted %d issued forecasts older than %s (analogcast.verification.live.retention)", total,
                    config.retention());
        }
        return total;
    }

    /** Scores what can be scored now, one bounded batch per station; returns the forecasts marked scored. */
    public int scoreNow() {
        int marked = 0;
        for (Station station : store.stations()) {
            Optional<Instant> latest = store.latest(station.id);
            if (latest.isPresent()) {
                marked += scoreStation(station, latest.get());
            }
        }
        if (marked > 0) {
            refreshGauges();
        }
        return marked;
    }

    private record Pending(long id, Instant issuedAt, Instant stateTime, Instant validTime, int horizonHours,
            String variables) {
    }

    /** One variable of one issued forecast, scored; reference scores are null where the reference had no value. */
    private record Score(long forecastId, String variable, double observed, double crps, Double crpsPersistence,
            Double crpsClimatology, double pit) {
    }

    private int scoreStation(Station station, Instant latest) {
        List<Pending> pending = new ArrayList<>();
        String select = "select id, issued_at, state_time, valid_time, horizon_hours, variables from issued_forecast"
                + " where station_id = ? and scored_at is null and valid_time <= ? order by valid_time limit ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(select)) {
            statement.setString(1, station.id);
            statement.setTimestamp(2, Timestamp.from(latest));
            statement.setInt(3, config.batch());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    pending.add(new Pending(rows.getLong(1), rows.getTimestamp(2).toInstant(),
                            rows.getTimestamp(3).toInstant(), rows.getTimestamp(4).toInstant(), rows.getInt(5),
                            rows.getString(6)));
                }
            }
            if (pending.isEmpty()) {
                return 0;
            }
            List<Score> scores = new ArrayList<>();
            try (IndexSnapshot snapshot = lifecycle.acquire()) {
                for (Pending p : pending) {
                    scores.addAll(score(station, p, snapshot));
                }
            }
            write(connection, station, pending, scores);
            return pending.size();
        } catch (SQLException e) {
            throw new IllegalStateException("could not score issued forecasts: " + e.getMessage(), e);
        }
    }

    /** Rows of forecast_score for one issued forecast (none when its valid time went unobserved). */
    private List<Score> score(Station station, Pending p, IndexSnapshot snapshot) {
        HourlySeries atValid = store.window(station.id, p.validTime(), 6).orElse(null);
        HourlySeries atState = store.window(station.id, p.stateTime(), 6).orElse(null);
        JsonNode variables;
        try {
            variables = json.readTree(p.variables());
        } catch (java.io.IOException e) {
            return List.of();
        }
        List<Score> rows = new ArrayList<>();
        for (var it = variables.fields(); it.hasNext();) {
            var field = it.next();
            Variable v = Variable.byId(field.getKey()).orElse(null);
            JsonNode stats = field.getValue();
            if (v == null || v == Variable.WDIR || atValid == null || !stats.has("p05")) {
                continue;
            }
            double observed = atValid.value(v, atValid.indexOf(p.validTime()));
            if (Double.isNaN(observed)) {
                continue;
            }
            double[] quantiles = new double[LEVELS.length];
            for (int q = 0; q < LEVELS.length; q++) {
                quantiles[q] = stats.get(QUANTILE_FIELDS[q]).asDouble();
            }
            double persistence = atState == null ? Double.NaN : atState.value(v, atState.indexOf(p.stateTime()));
            double[] climate = climatologyQuantiles(snapshot, station.id, v, p.validTime(), p.stateTime());
            rows.add(new Score(p.id(), v.id(), observed, Scores.quantileCrps(LEVELS, quantiles, observed),
                    Double.isNaN(persistence) ? null : Scores.pointCrps(persistence, observed),
                    climate == null ? null : Scores.quantileCrps(LEVELS, climate, observed),
                    Scores.quantilePit(LEVELS, quantiles, stats.get("min").asDouble(), stats.get("max").asDouble(),
                            observed)));
        }
        return rows;
    }

    /**
     * Quantiles of the station's values in the valid time's calendar month and UTC hour, at or before the state
     * time, from the served library's values at the analogs' own times; null with fewer than 10.
     */
    private double[] climatologyQuantiles(IndexSnapshot snapshot, String stationId, Variable v, Instant validTime,
            Instant stateTime) {
        Optional<AnalogIndex> library = snapshot.station(stationId).values().stream()
                .min(java.util.Comparator.comparing(AnalogIndex::horizon));
        if (library.isEmpty() || !library.get().hasOutcome(v)) {
            return null;
        }
        AnalogIndex index = library.get();
        String key = index.manifest().buildId() + "|" + stationId + "|" + v.id();
        float[][] table = climatology.computeIfAbsent(key, k -> climatologyTable(index, v));
        int bucket = bucket(validTime.getEpochSecond());
        float[] timesAndValues = table[bucket];
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < timesAndValues.length; i += 2) {
            // times are stored in hours since the epoch, ascending
            if ((long) timesAndValues[i] * 3600L > stateTime.getEpochSecond()) {
                break;
            }
            values.add((double) timesAndValues[i + 1]);
        }
        if (values.size() < 10) {
            return null;
        }
        io.analogcast.forecast.WeightedEnsemble climate = io.analogcast.forecast.WeightedEnsemble.equallyWeighted(
                values.stream().mapToDouble(Double::doubleValue).toArray());
        double[] quantiles = new double[LEVELS.length];
        for (int q = 0; q < LEVELS.length; q++) {
            quantiles[q] = climate.quantile(LEVELS[q]);
        }
        return quantiles;
    }

    /** Per month-and-hour bucket: (hour since epoch, value) pairs in time order, from one pass over the library. */
    private static float[][] climatologyTable(AnalogIndex index, Variable v) {
        List<List<Float>> buckets = new ArrayList<>();
        for (int b = 0; b < 12 * 24; b++) {
            buckets.add(new ArrayList<>());
        }
        for (int row = 0; row < index.vectors(); row++) {
            double value = index.ownValue(row, v);
            if (!Double.isNaN(value)) {
                long second = index.analogEpochSecond(row);
                List<Float> bucket = buckets.get(bucket(second));
                bucket.add((float) (second / 3600));
                bucket.add((float) value);
            }
        }
        float[][] table = new float[buckets.size()][];
        for (int b = 0; b < table.length; b++) {
            List<Float> pairs = buckets.get(b);
            table[b] = new float[pairs.size()];
            for (int i = 0; i < pairs.size(); i++) {
                table[b][i] = pairs.get(i);
            }
        }
        return table;
    }

    private static int bucket(long epochSecond) {
        ZonedDateTime utc = Instant.ofEpochSecond(epochSecond).atZone(ZoneOffset.UTC);
        return (utc.getMonthValue() - 1) * 24 + utc.getHour();
    }

    /**
     * Marks each forecast scored and writes its scores in one transaction. A forecast another instance marked first
     * is skipped: the conditional update is the claim, so several pods never score one forecast twice.
     */
    private void write(Connection connection, Station station, List<Pending> pending, List<Score> scores)
            throws SQLException {
        Map<Long, List<Score>> byForecast = new java.util.HashMap<>();
        scores.forEach(s -> byForecast.computeIfAbsent(s.forecastId(), k -> new ArrayList<>()).add(s));
        try (PreparedStatement insert = connection.prepareStatement("insert into forecast_score (issued_forecast_id,"
                + " variable, station_id, horizon_hours, issued_at, valid_time, observed, crps, crps_persistence,"
                + " crps_climatology, pit) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement mark = connection.prepareStatement(
                        "update issued_forecast set scored_at = ? where id = ? and scored_at is null")) {
            JdbcTransactions.inTransaction(connection, () -> {
                Timestamp now = Timestamp.from(Instant.now());
                for (Pending p : pending) {
                    mark.setTimestamp(1, now);
                    mark.setLong(2, p.id());
                    if (mark.executeUpdate() == 0) {
                        continue;
                    }
                    for (Score s : byForecast.getOrDefault(p.id(), List.of())) {
                        insert.setLong(1, s.forecastId());
                        insert.setString(2, s.variable());
                        insert.setString(3, station.id);
                        insert.setInt(4, p.horizonHours());
                        insert.setTimestamp(5, Timestamp.from(p.issuedAt()));
                        insert.setTimestamp(6, Timestamp.from(p.validTime()));
                        insert.setDouble(7, s.observed());
                        insert.setDouble(8, s.crps());
                        setNullable(insert, 9, s.crpsPersistence());
                        setNullable(insert, 10, s.crpsClimatology());
                        insert.setDouble(11, s.pit());
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            });
        }
    }

    private static void setNullable(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    /** Skill of the forecasts issued in the last {@code days} days (all stations when {@code stationId} is null). */
    public LiveReport report(String stationId, int days) {
        Instant to = Instant.now();
        Instant from = to.minus(Duration.ofDays(days));
        // aggregated in the database: one row per variable, horizon and PIT decile, whatever the volume
        String sql = "select variable, horizon_hours, floor(pit * 10) as bin, count(*), sum(crps),"
                + " sum(case when crps_persistence is not null then crps else 0 end), sum(crps_persistence),"
                + " sum(case when crps_climatology is not null then crps else 0 end), sum(crps_climatology)"
                + " from forecast_score where issued_at >= ?" + (stationId == null ? "" : " and station_id = ?")
                + " group by variable, horizon_hours, floor(pit * 10)";
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, long[]> pit = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setTimestamp(1, Timestamp.from(from));
            if (stationId != null) {
                statement.setString(2, stationId);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String key = rows.getString(1) + "|" + rows.getInt(2);
                    double[] s = sums.computeIfAbsent(key, k -> new double[6]);
                    long count = rows.getLong(4);
                    s[0] += count;
                    for (int c = 0; c < 5; c++) {
                        s[c + 1] += rows.getDouble(5 + c);
                    }
                    int bin = (int) Math.min(9, Math.max(0, rows.getDouble(3)));
                    pit.computeIfAbsent(key, k -> new long[10])[bin] += count;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read forecast scores: " + e.getMessage(), e);
        }
        List<SkillRow> result = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            String[] key = e.getKey().split("\\|");
            double[] s = e.getValue();
            total += (long) s[0];
            result.add(new SkillRow(key[0], new Horizon(Integer.parseInt(key[1])).toString(), (long) s[0],
                    s[1] / s[0], skill(s[2], s[3]), skill(s[4], s[5]), pit.get(e.getKey())));
        }
        result.sort(java.util.Comparator.comparing(SkillRow::variable)
                .thenComparing(r -> Horizon.parse(r.horizon())));
        return new LiveReport(stationId, days, from, to, total,
                "quantile CRPS over p05..p95 (trapezoid weights); references on the same levels: persistence "
                        + "(value at the state time) and climatology (same month and UTC hour, before the state time)",
                result);
    }

    private static Double skill(double crps, double reference) {
        return reference > 0 ? 1 - crps / reference : null;
    }

    /** Rolling CRPS skill per variable, horizon and reference over the last week, as gauges. */
    private void refreshGauges() {
        for (SkillRow row : report(null, GAUGE_DAYS).rows()) {
            gauge(row, "persistence", row.crpssPersistence());
            gauge(row, "climatology", row.crpssClimatology());
        }
    }

    private void gauge(SkillRow row, String reference, Double value) {
        String key = row.variable() + "|" + row.horizon() + "|" + reference;
        if (gauges.put(key, value == null ? Double.NaN : value) == null) {
            Gauge.builder("analogcast.verification.live.crpss", gauges, g -> g.getOrDefault(key, Double.NaN))
                    .description("CRPS skill of the forecasts issued in the last 7 days against a reference")
                    .tags("variable", row.variable(), "horizon", row.horizon(), "reference", reference)
                    .register(meters);
        }
    }
}
