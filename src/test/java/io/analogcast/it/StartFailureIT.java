package io.analogcast.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every start that fails says why, in one line on standard error, and exits with a documented code: the packaged
 * service (the jar, or the native executable after {@code -Pnative}) started as a pod starts it, with one thing wrong.
 * The line is checked exactly, and no stack trace may follow it.
 */
class StartFailureIT {

    private static final String EVERY_SETTING = "? Every setting: docs/configuration.md";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown property        | -Danalogcast.index.typo=5              || 2 | analogcast: unknown setting analogcast.index.typo (a system property); did you mean analogcast.index.type.<key>%s
            unknown variable        | | ANALOGCAST_FORECAST_DEFAULT_KK=30      | 2 | analogcast: unknown setting ANALOGCAST_FORECAST_DEFAULT_KK (an environment variable); did you mean ANALOGCAST_FORECAST_DEFAULT_K%s
            not a number            | -Danalogcast.forecast.max-batch=abc    || 2 | analogcast: analogcast.forecast.max-batch=abc is not valid: Expected an integer value, got "abc"
            out of range            | | ANALOGCAST_FORECAST_MAX_BATCH=0        | 2 | analogcast: analogcast.forecast.max-batch must be greater than or equal to 1
            unknown index type      | -Danalogcast.index.default-type=IVFX   || 2 | analogcast: analogcast.index.default-type=IVFX is not valid: unknown index type 'IVFX'; known: FlatIP, FlatL2, IVFPQ, IVFFlat, HNSWFlat
            not a horizon           | | ANALOGCAST_INDEX_HORIZONS=6h,24      | 2 | analogcast: analogcast.index.horizons=6h,24 is not valid: '24' is not a horizon; write hours like 6h or 24h
            unknown variable value  | -Danalogcast.index.predictors=t2m,tmp  || 2 | analogcast: analogcast.index.predictors=t2m,tmp is not valid: unknown variable 'tmp'; known: t2m, d2m, rh, msl, u10, v10, wspd, wdir, precip, tp6h, pm25, pm10, no2, o3, so2, co
            quoted map key          | -Danalogcast.index.type."24h"=IVFPQ    || 2 | analogcast: analogcast.index.type."24h" (a system property) is set in another spelling too; write its map key without quotes, as application.properties does: analogcast.index.type.24h. Every setting: docs/configuration.md
            quoted key variable     | | ANALOGCAST_INDEX_TYPE__24H_=IVFPQ     | 2 | analogcast: ANALOGCAST_INDEX_TYPE__24H_ (an environment variable) spells a map key in quotes, which is not read; write ANALOGCAST_INDEX_TYPE_24H. Every setting: docs/configuration.md
            forecast horizon key    | -Danalogcast.forecast.separation-hours.24=6 || 2 | analogcast: analogcast.forecast.separation-hours.24 is not valid: '24' is not a horizon; write hours like 6h or 24h
            variable map key        | -Danalogcast.forecast.anchor-spread.tmp.48h=0.9 || 2 | analogcast: analogcast.forecast.anchor-spread.tmp is not valid: unknown variable 'tmp'; known: t2m, d2m, rh, msl, u10, v10, wspd, wdir, precip, tp6h, pm25, pm10, no2, o3, so2, co
            horizon map key         | -Danalogcast.index.type.24=IVFPQ       || 2 | analogcast: analogcast.index.type.24 is not valid: '24' is not a horizon; write hours like 6h or 24h
            """)
    void aWrongSettingIsNamed(String name, String property, String variable, int exitCode, String line, @TempDir Path dir)
            throws Exception {
        Map<String, String> environment = serviceEnvironment(dir);
        if (variable != null) {
            String[] kv = variable.split("=", 2);
            environment.put(kv[0], kv[1]);
        }
        Path log = dir.resolve("service.log");
        Process service = PackagedArtifact.start(environment, log, property == null ? List.of() : List.of(property));
        assertExplained(service, log, exitCode, line.formatted(EVERY_SETTING));
    }

    @Test
    void aTakenPortIsNamed(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Map<String, String> environment = serviceEnvironment(dir);
            environment.put("QUARKUS_HTTP_PORT", String.valueOf(taken.getLocalPort()));
            Path log = dir.resolve("service.log");
            Process service = PackagedArtifact.start(environment, log, List.of());
            assertExplained(service, log, 1, "analogcast: cannot listen on 0.0.0.0:" + taken.getLocalPort()
                    + ": the port is in use by another process. Stop that process, or set QUARKUS_HTTP_PORT "
                    + "(quarkus.http.port) to a free port");
        }
    }

    /**
     * The production service started against a database it cannot use (the README's first command followed by the
     * second replaces the embedded build with this one) says what to set.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "no such role,        jdbc:postgresql://127.0.0.1:5432/test, analogcast_no_such_role, 'FATAL: role \"analogcast_no_such_role\" does not exist'",
            "no such database,    jdbc:postgresql://127.0.0.1:5432/analogcast_no_such_db, postgres, 'FATAL: database \"analogcast_no_such_db\" does not exist'",
            "nothing listening,   CLOSED_PORT, postgres, 'Connection to 127.0.0.1:PORT refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.'"})
    void anUnusableDatabaseSaysWhatToSet(String name, String url, String user, String cause, @TempDir Path dir)
            throws Exception {
        if (url.equals("CLOSED_PORT")) {
            try (ServerSocket socket = new ServerSocket(0)) {
                url = "jdbc:postgresql://127.0.0.1:" + socket.getLocalPort() + "/test";
                cause = cause.replace("PORT", String.valueOf(socket.getLocalPort()));
            }
        }
        Map<String, String> environment = serviceEnvironment(dir);
        environment.put("ANALOGCAST_DB_URL", url);
        environment.put("ANALOGCAST_DB_USER", user);
        Path log = dir.resolve("service.log");
        Process service = PackagedArtifact.start(environment, log, List.of());
        assertExplained(service, log, 1, "analogcast: cannot use the database " + url + " as user " + user + ": " + cause
                + ". Set ANALOGCAST_DB_URL, ANALOGCAST_DB_USER and ANALOGCAST_DB_PASSWORD (README, Production), or "
                + "build the embedded service (H2, no PostgreSQL): ./mvnw -B package -DskipTests -Dquarkus.profile=embedded");
    }

    /** A serving pod does not migrate: on a schema that was never migrated it says what to run. */
    @Test
    void anUnmigratedSchemaIsNamed(@TempDir Path dir) throws Exception {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test",
                "postgres", "")) {
            db.createStatement().execute("drop schema if exists analogcast_unmigrated_it cascade");
        }
        Map<String, String> environment = serviceEnvironment(dir);
        environment.put("ANALOGCAST_DB_SCHEMA", "analogcast_unmigrated_it");
        environment.put("QUARKUS_FLYWAY_MIGRATE_AT_START", "false");
        Path log = dir.resolve("service.log");
        Process service = PackagedArtifact.start(environment, log, List.of());
        assertExplained(service, log, 1, "analogcast: schema analogcast_unmigrated_it has not been migrated (no "
                + "analogcast_unmigrated_it.flyway_schema_history); this release needs version "
                + io.analogcast.database.SchemaVersionCheck.REQUIRED + ". Migrate it first: the chart's migration Job, or "
                + "the migrate command (java -jar quarkus-run.jar migrate), or start once with "
                + "QUARKUS_FLYWAY_MIGRATE_AT_START=true");
        // the migrate command brings it to this release's version; the same start then serves
        Process migrate = PackagedArtifact.start(environment, dir.resolve("migrate.log"), List.of(), "migrate");
        assertTrue(migrate.waitFor(90, TimeUnit.SECONDS));
        assertEquals(0, migrate.exitValue(), Files.readString(dir.resolve("migrate.log")));
        assertTrue(Files.readString(dir.resolve("migrate.log")).contains("migrate: the schema is at version "
                + io.analogcast.database.SchemaVersionCheck.REQUIRED));
    }

    /** With the trace asked for, the same line comes first and the stack trace follows it. */
    @Test
    void theTraceIsThereWhenAskedFor(@TempDir Path dir) throws Exception {
        Map<String, String> environment = serviceEnvironment(dir);
        environment.put("ANALOGCAST_FORECAST_MAX_BATCH", "0");
        environment.put("ANALOGCAST_TRACE_START_FAILURE", "true");
        Path log = dir.resolve("service.log");
        Process service = PackagedArtifact.start(environment, log, List.of());
        assertTrue(service.waitFor(90, TimeUnit.SECONDS));
        String output = Files.readString(log);
        assertEquals(2, service.exitValue(), output);
        assertTrue(output.contains("analogcast: analogcast.forecast.max-batch must be greater than or equal to 1\n"),
                output);
        assertTrue(output.lines().anyMatch(l -> l.startsWith("\tat ")), "a stack trace: " + output);
    }

    private static Map<String, String> serviceEnvironment(Path dir) {
        Map<String, String> environment = new HashMap<>();
        environment.put("ANALOGCAST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        environment.put("ANALOGCAST_DB_USER", "postgres");
        environment.put("ANALOGCAST_DB_SCHEMA", "analogcast_start_failure_it");
        environment.put("ANALOGCAST_INDEX_DIRECTORY", dir.resolve("indices").toString());
        environment.put("ANALOGCAST_CACHE_REDIS_ENABLED", "false");
        environment.put("QUARKUS_HTTP_PORT", "0");
        return environment;
    }

    /** Exits with {@code exitCode}, prints {@code line} once (on standard error), and no stack trace. */
    private static void assertExplained(Process service, Path log, int exitCode, String line) throws Exception {
        boolean exited = service.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            service.destroyForcibly();
        }
        String output = Files.readString(log);
        assertTrue(exited, "still running: " + output);
        assertEquals(exitCode, service.exitValue(), output);
        List<String> explained = output.lines().filter(l -> l.startsWith("analogcast: ")).toList();
        assertEquals(List.of(line), explained, output);
        assertTrue(output.lines().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")),
                "no stack trace: " + output);
    }
}
