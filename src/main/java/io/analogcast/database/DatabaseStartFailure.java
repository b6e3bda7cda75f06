package io.analogcast.database;

import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.SQLException;
import java.util.Optional;

/**
 * A start that failed because the configured PostgreSQL database cannot be used (unreachable, unknown role, wrong
 * password, no such database) is explained in one line saying what to set (io.analogcast.startup.StartFailure
 * prints it).
 */
public final class DatabaseStartFailure {

    private DatabaseStartFailure() {
    }

    /** The one-line explanation, when the failure is a database the service cannot connect to or log in to. */
    public static Optional<String> explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && cannotConnect(sql.getSQLState())) {
                var config = ConfigProvider.getConfig();
                String url = config.getOptionalValue("quarkus.datasource.jdbc.url", String.class).orElse("(none)");
                String user = config.getOptionalValue("quarkus.datasource.username", String.class).orElse("(none)");
                return Optional.of("analogcast: cannot use the database " + url + " as user " + user + ": "
                        + sql.getMessage().lines().findFirst().orElse("") + ". Set ANALOGCAST_DB_URL, ANALOGCAST_DB_USER "
                        + "and ANALOGCAST_DB_PASSWORD (README, Production), or build the embedded service (H2, no "
                        + "PostgreSQL): ./mvnw -B package -DskipTests -Dquarkus.profile=embedded");
            }
        }
        return Optional.empty();
    }

    // 08: connection exceptions; 28: invalid authorization (no such role, wrong password); 3D000: no such database
    private static boolean cannotConnect(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("28") || state.equals("3D000"));
    }
}
