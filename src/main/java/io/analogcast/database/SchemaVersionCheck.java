package io.analogcast.database;

import io.agroal.api.AgroalDataSource;
import io.analogcast.startup.StartupRefusal;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Serving pods do not migrate the schema (the chart's migration Job does, or the {@code migrate} command): one that
 * starts with {@code quarkus.flyway.migrate-at-start=false} reads the schema's newest applied migration, one query,
 * and refuses to start, in one line, when it is older than this release needs. Migrating at every pod start would
 * put Flyway on every scale-up's critical path and let pods of an old and a new release race on one schema.
 */
@ApplicationScoped
public class SchemaVersionCheck {

    /** The newest migration this release ships; SchemaVersionTest keeps it equal to db/migration's newest file. */
    public static final String REQUIRED = "1.3.0";

    private final AgroalDataSource dataSource;
    private final boolean migratedAtStart;
    private final Optional<String> schema;

    public SchemaVersionCheck(AgroalDataSource dataSource,
            @ConfigProperty(name = "quarkus.flyway.migrate-at-start", defaultValue = "false") boolean migratedAtStart,
            @ConfigProperty(name = "quarkus.flyway.default-schema") Optional<String> schema) {
        this.dataSource = dataSource;
        this.migratedAtStart = migratedAtStart;
        this.schema = schema;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (migratedAtStart) {
            return;
        }
        String where = schema.map(s -> "schema " + s).orElse("the database's default schema");
        String table = schema.map(s -> s + ".").orElse("") + "flyway_schema_history";
        Optional<String> applied;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select version from " + table
                        + " where success and version is not null order by installed_rank desc")) {
            applied = Optional.empty();
            while (rows.next() && applied.isEmpty()) {
                applied = Optional.of(rows.getString(1));
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("42")) { // no such table (or schema)
                throw new StartupRefusal(where + " has not been migrated (no " + table + "); this release needs "
                        + "version " + REQUIRED + ". Migrate it first: the chart's migration Job, or the migrate command "
                        + "(java -jar quarkus-run.jar migrate), or start once with QUARKUS_FLYWAY_MIGRATE_AT_START=true");
            }
            throw new DatabaseUnavailableException("cannot read the schema version: " + e.getMessage(), e);
        }
        String version = applied.orElse("none");
        if (applied.isEmpty() || compare(version, REQUIRED) < 0) {
            throw new StartupRefusal(where + " is at version " + version + ", this release needs " + REQUIRED
                    + ". Migrate it first: the chart's migration Job, or the migrate command (java -jar quarkus-run.jar "
                    + "migrate), or start once with QUARKUS_FLYWAY_MIGRATE_AT_START=true");
        }
        Log.debugf("%s is at version %s (this release needs %s)", where, version, REQUIRED);
    }

    /** Compares dotted versions numerically ("1.10.0" after "1.9.0"). */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
