package io.analogcast.observation;

import io.agroal.api.AgroalDataSource;
import io.analogcast.database.JdbcTransactions;
import io.analogcast.variable.Variable;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Bulk upsert of observations over plain JDBC batches (Hibernate adds nothing but overhead for hundreds of
 * thousands of rows). Upsert on station+time keeps imports idempotent.
 */
@ApplicationScoped
public class ObservationWriter {

    static final int BATCH = 2000;
    private static final String COLUMNS = Variable.STORED.stream().map(Variable::id).collect(Collectors.joining(", "));
    private static final String PLACEHOLDERS = Variable.STORED.stream().map(v -> "?").collect(Collectors.joining(", "));

    private final AgroalDataSource dataSource;

    public ObservationWriter(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts or updates the records; returns how many were written. */
    public long upsert(Collection<ObservationRecord> records) {
        if (records.isEmpty()) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(upsertSql(connection))) {
            JdbcTransactions.inTransaction(connection, () -> {
                int pending = 0;
                for (ObservationRecord record : lastPerKey(records)) {
                    bind(statement, record);
                    statement.addBatch();
                    if (++pending == BATCH) {
                        statement.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    statement.executeBatch();
                }
            });
            return records.size();
        } catch (SQLException e) {
            // a failed batch names its statement; the server's reason (a full disk, say) is the next exception
            SQLException reason = e.getNextException() != null ? e.getNextException() : e;
            throw new IllegalStateException("could not write observations: " + reason.getMessage(), e);
        }
    }

    /**
     * The last record for each station and time: a multi-row upsert may not touch a row twice (PostgreSQL rejects
     * it), and a later row in the same load is the correction of an earlier one.
     */
    private static Collection<ObservationRecord> lastPerKey(Collection<ObservationRecord> records) {
        java.util.Map<String, ObservationRecord> last = new java.util.LinkedHashMap<>(records.size() * 2);
        for (ObservationRecord record : records) {
            last.put(record.stationId() + '|' + record.time().getEpochSecond(), record);
        }
        return last.size() == records.size() ? records : last.values();
    }

    private static void bind(PreparedStatement statement, ObservationRecord record) throws SQLException {
        statement.setString(1, record.stationId());
        statement.setTimestamp(2, Timestamp.from(record.time()));
        float[] values = record.values();
        for (int c = 0; c < values.length; c++) {
            if (Float.isNaN(values[c])) {
                statement.setNull(3 + c, Types.REAL);
            } else {
                statement.setFloat(3 + c, values[c]);
            }
        }
    }

    private static String upsertSql(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase();
        if (product.contains("postgres")) {
            String updates = Variable.STORED.stream().map(v -> v.id() + " = excluded." + v.id())
                    .collect(Collectors.joining(", "));
            return "insert into observation (station_id, obs_time, " + COLUMNS + ") values (?, ?, " + PLACEHOLDERS
                    + ") on conflict (station_id, obs_time) do update set " + updates;
        }
        // H2
        return "merge into observation (station_id, obs_time, " + COLUMNS + ") key (station_id, obs_time) values (?, ?, "
                + PLACEHOLDERS + ")";
    }

    /** Observations of one station in [from, to), ordered by time, one page of them, and the total count. */
    public Page<ObservationRecord> page(String stationId, java.time.Instant from, java.time.Instant to, PageRequest request,
            java.util.function.IntFunction<String> link) {
        String where = " from observation where station_id = ? and obs_time >= ? and obs_time < ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement("select count(*)" + where);
                PreparedStatement select = connection.prepareStatement("select station_id, obs_time, " + COLUMNS + where
                        + " order by obs_time limit ? offset ?")) {
            for (PreparedStatement statement : List.of(count, select)) {
                statement.setString(1, stationId);
                statement.setTimestamp(2, Timestamp.from(from));
                statement.setTimestamp(3, Timestamp.from(to));
            }
            long total;
            try (var rows = count.executeQuery()) {
                rows.next();
                total = rows.getLong(1);
            }
            select.setInt(4, request.size());
            select.setInt(5, request.offset());
            List<ObservationRecord> items = new java.util.ArrayList<>();
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    items.add(record(rows));
                }
            }
            return Page.of(items, request.page(), request.size(), total, link);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read observations: " + e.getMessage(), e);
        }
    }

    private static ObservationRecord record(java.sql.ResultSet rows) throws SQLException {
        float[] values = ObservationRecord.emptyValues();
        for (int c = 0; c < values.length; c++) {
            float value = rows.getFloat(3 + c);
            values[c] = rows.wasNull() ? Float.NaN : value;
        }
        return new ObservationRecord(rows.getString(1), rows.getTimestamp(2).toInstant(), values);
    }

    /** Observations of one station in [from, to) (either bound may be null: open), ordered by time. */
    public List<ObservationRecord> read(String stationId, java.time.Instant from, java.time.Instant to) {
        String sql = "select station_id, obs_time, " + COLUMNS + " from observation where station_id = ?"
                + (from == null ? "" : " and obs_time >= ?") + (to == null ? "" : " and obs_time < ?") + " order by obs_time";
        List<ObservationRecord> records = new java.util.ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int p = 1;
            statement.setString(p++, stationId);
            if (from != null) {
                statement.setTimestamp(p++, Timestamp.from(from));
            }
            if (to != null) {
                statement.setTimestamp(p, Timestamp.from(to));
            }
            // PostgreSQL streams a result in fetch-size chunks only inside a transaction
            connection.setAutoCommit(false);
            statement.setFetchSize(10_000);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    records.add(record(rows));
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read observations: " + e.getMessage(), e);
        }
        return records;
    }

    /** First and last observation time of a station, or null when it has none. */
    public java.time.Instant[] extent(String stationId) {
        String sql = "select min(obs_time), max(obs_time) from observation where station_id = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, stationId);
            try (var rows = statement.executeQuery()) {
                rows.next();
                Timestamp first = rows.getTimestamp(1);
                return first == null ? null : new java.time.Instant[] {first.toInstant(), rows.getTimestamp(2).toInstant()};
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read observations: " + e.getMessage(), e);
        }
    }
}
