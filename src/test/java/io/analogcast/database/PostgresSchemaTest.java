package io.analogcast.database;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.analogcast.analog.IndexLifecycle;
import io.analogcast.analog.IndexBuild;
import io.analogcast.forecast.IssuedForecast;
import io.analogcast.forecast.IssuedForecastLog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.analogcast.Api.user;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schema Flyway builds on the real PostgreSQL (from empty at every test start), and what the service keeps in it. */
@QuarkusTest
class PostgresSchemaTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    IndexLifecycle registry;
    @Inject
    IssuedForecastLog issued;

    @Test
    void migrationsRunFromAnEmptySchemaOnPostgresql() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertEquals("PostgreSQL", c.getMetaData().getDatabaseProductName());
            assertEquals(List.of("1.0.0 true", "1.1.0 true", "1.2.0 true", "1.3.0 true"), rows(s,
                    "select version || ' ' || success from flyway_schema_history where version is not null order by installed_rank"));
            assertEquals(List.of("flyway_schema_history", "forecast_score", "index_build", "issued_forecast", "observation", "station"),
                    rows(s, "select table_name from information_schema.tables where table_schema = 'analogcast_test' "
                            + "order by table_name"));
            // unique station+time (the primary key) and the time-range index
            assertEquals(List.of("observation_pkey (station_id, obs_time)", "observation_time (obs_time)"),
                    rows(s, "select indexname || ' (' || substring(indexdef from '\\((.*)\\)') || ')' from pg_indexes "
                            + "where schemaname = 'analogcast_test' and tablename = 'observation' order by indexname"));
            s.executeUpdate("insert into station (id, name, source) values ('dup-check', 'x', 'api')");
            s.executeUpdate("insert into observation (station_id, obs_time, t2m) values ('dup-check', '2020-01-01T00:00Z', 1)");
            SQLException duplicate = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> s.executeUpdate(
                    "insert into observation (station_id, obs_time, t2m) values ('dup-check', '2020-01-01T00:00Z', 2)"));
            assertEquals("23505", duplicate.getSQLState(), "unique violation");
        }
    }

    @Test
    void poolIsConfiguredFromApplicationProperties() {
        AgroalConnectionPoolConfiguration pool = dataSource.getConfiguration().connectionPoolConfiguration();
        assertEquals(2, pool.minSize());
        assertEquals(16, pool.maxSize());
        assertEquals(Duration.ofSeconds(5), pool.acquisitionTimeout());
        assertEquals(Duration.ofMinutes(2), pool.leakTimeout());
    }

    @Test
    void everyIndexOfTheServedBuildIsRecorded() {
        String buildId = registry.servedBuildId();
        List<IndexBuild> rows = QuarkusTransaction.requiringNew().call(() -> IndexBuild.ofBuild(buildId));
        assertEquals(List.of(6, 12, 24, 48), rows.stream().map(r -> r.horizonHours).sorted().toList());
        rows.forEach(r -> {
            assertTrue(r.vectors > 1000, r.vectors + " vectors");
            assertTrue(r.manifest.contains("\"faiss_crc32c\""), r.manifest);
        });
    }

    @Test
    void computedForecastsAreRecordedOnceCachedOnesAreNot() {
        String path = "/forecast?horizon=6h,48h&vars=t2m,msl&k=17&time=2019-05-01T06:00:00Z";
        long before = countIssued();
        user().get(path).then().statusCode(200);
        user().get(path).then().statusCode(200);
        issued.flush();
        assertEquals(before + 2, countIssued(), "two horizons of one computed forecast");
        IssuedForecast row = QuarkusTransaction.requiringNew().call(() -> IssuedForecast.<IssuedForecast>find(
                "stationId = ?1 and horizonHours = 48 and analogs = 17", "adelaide-synthetic").firstResult());
        assertEquals("2019-05-01T06:00:00Z", row.stateTime.toString());
        assertEquals("2019-05-03T06:00:00Z", row.validTime.toString());
        assertEquals(registry.servedBuildId(), row.indexBuildId);
        assertTrue(row.variables.contains("\"t2m\"") && row.variables.contains("\"msl\""), row.variables);
        assertTrue(row.request.contains("\"k\":17"), row.request);
        user().get("/health").then().body("database.product", equalTo("PostgreSQL"));
    }

    private static long countIssued() {
        return QuarkusTransaction.requiringNew().call(() -> IssuedForecast.count());
    }

    private static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }
}
