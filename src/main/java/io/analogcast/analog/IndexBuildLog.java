package io.analogcast.analog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.analogcast.database.JdbcTransactions;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/**
 * Records the manifests of a build in the database, once per build, station and horizon, when the build is
 * published (by the build-index command, the shard that merges a run, or an instance that builds at boot); serving
 * instances never read every manifest. A row already there (a build recorded before) is skipped, not a failure.
 */
@ApplicationScoped
public class IndexBuildLog {

    private static final String COLUMNS = "build_id, station_id, horizon_hours, index_type, parameters, vectors,"
            + " first_analog, last_analog, built_at, manifest";

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    public IndexBuildLog(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    void onPublished(@Observes IndexBuildPublished published) {
        try {
            record(published.manifests());
        } catch (RuntimeException e) {
            // bookkeeping: publishing the build must not depend on it
            Log.warnf("could not record index build %s in index_build: %s", published.buildId(), e.getMessage());
        }
    }

    /** Records the manifests (a row already there is left as it is). */
    public void record(List<IndexManifest> manifests) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(insertSql(connection))) {
            JdbcTransactions.inTransaction(connection, () -> {
                for (IndexManifest m : manifests) {
                    insert.setString(1, m.buildId());
                    insert.setString(2, m.stationId());
                    insert.setInt(3, m.horizonHours());
                    insert.setString(4, m.spec().type().configName());
                    insert.setString(5, m.spec().describe());
                    insert.setLong(6, m.rows());
                    insert.setTimestamp(7, Timestamp.from(m.firstAnalogTime()));
                    insert.setTimestamp(8, Timestamp.from(m.lastAnalogTime()));
                    insert.setTimestamp(9, Timestamp.from(m.createdAt()));
                    insert.setString(10, json.valueToTree(m).toString());
                    insert.addBatch();
                }
                insert.executeBatch();
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not record index build: " + e.getMessage(), e);
        }
    }

    private static String insertSql(Connection connection) throws SQLException {
        String values = " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        if (connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) {
            return "insert into index_build (" + COLUMNS + ")" + values
                    + " on conflict (build_id, station_id, horizon_hours) do nothing";
        }
        // H2 (the embedded service: one instance)
        return "merge into index_build (" + COLUMNS + ") key (build_id, station_id, horizon_hours)" + values;
    }
}
