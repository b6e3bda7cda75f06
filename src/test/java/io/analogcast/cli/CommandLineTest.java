package io.analogcast.cli;

import io.agroal.api.AgroalDataSource;
import io.analogcast.observation.PostgresBulkImportTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands as the packaged service parses them, against the real database (schema of the test profile). */
@QuarkusTest
@TestProfile(CommandLineTest.EmptyDatabase.class)
class CommandLineTest {

    /** The bulk import test's settings, as a profile of its own: a restart, so a schema cleaned for this class. */
    public static class EmptyDatabase extends PostgresBulkImportTest.EmptyDatabase {
    }

    @Inject
    AgroalDataSource dataSource;

    private final StringWriter errors = new StringWriter();
    private final StringWriter output = new StringWriter();

    private int run(String... args) {
        CommandLine cli = AnalogcastCommand.commandLine(new CdiFactory());
        cli.setErr(new PrintWriter(errors, true));
        cli.setOut(new PrintWriter(output, true));
        return cli.execute(args);
    }

    @Test
    void helpAndUsageErrors() {
        assertEquals(0, run("import", "--help"));
        assertTrue(output.toString().contains("--timezone=ZONE") && output.toString().contains("isd-lite"), output.toString());
        assertEquals(0, run("--help"));
        assertTrue(output.toString().contains("3   build-index: refused by the recall gate"), output.toString());

        assertEquals(2, run("import", "nope", "pom.xml"));
        assertTrue(errors.toString().contains("unknown format 'nope'; known: canonical-csv, beijing-csv, isd-lite"), errors.toString());
        assertEquals(2, run("import", "canonical-csv", "pom.xml", "--timezone", "Mars/Olympus"));
        assertTrue(errors.toString().contains("unknown time zone 'Mars/Olympus'"), errors.toString());
        assertEquals(2, run("import", "canonical-csv", "pom.xml", "--units", "degF,K"));
        assertTrue(errors.toString().contains("both convert to degC"), errors.toString());
        assertEquals(2, run("import", "canonical-csv", "pom.xml", "--units", "furlongs"));
        assertTrue(errors.toString().contains("unknown unit 'furlongs'"), errors.toString());
        assertEquals(2, run("import", "canonical-csv", "no-such-file.csv"));
        assertTrue(errors.toString().contains("cannot read no-such-file.csv"), errors.toString());
        assertEquals(2, run("build-index", "--shard", "1/2"));
        assertTrue(errors.toString().contains("--shard and --run go together"), errors.toString());
        assertEquals(2, run("build-index", "--shard", "one", "--run", "r"));
        assertEquals(2, run("evaluate", "--to", "2016-04-01"));
        assertTrue(errors.toString().contains("Missing required option: '--from=DATE'"), errors.toString());
        assertEquals(2, run("frobnicate"));
    }

    @Test
    void importsLocalTimesUpperCaseIdsAndOtherUnits(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("ewr.csv"), """
                station,time,t2m,wspd,wdir,visibility
                EWR,2013-01-01 08:00:00,50,10,,16
                EWR,2013-01-01 09:00:00,51,0,,16
                """);
        assertEquals(0, run("import", "canonical-csv", file.toString(), "--timezone", "America/New_York",
                "--units", "degF,mph"));
        try (Connection db = dataSource.getConnection();
                ResultSet row = db.createStatement().executeQuery("select obs_time, t2m, wspd, u10 from observation "
                        + "where station_id = 'ewr' order by obs_time")) {
            assertTrue(row.next());
            assertEquals(java.time.Instant.parse("2013-01-01T13:00:00Z"), row.getTimestamp(1).toInstant());
            assertEquals(10.0, row.getFloat(2), 1e-4);
            assertEquals(4.4704, row.getFloat(3), 1e-4);
            assertEquals(0f, row.getFloat(4));
            assertTrue(row.wasNull(), "blowing with no direction: u unknown");
            assertTrue(row.next());
            assertEquals(0f, row.getFloat(4));
            assertTrue(!row.wasNull(), "calm: u = 0");
        }
    }

    @Test
    void importsADirectoryOfIsdLiteFilesWithTheStationList(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("725030-14732-2023"), "2023 01 01 00    20   -50 10200   360    50     0     5     0\n");
        Path list = Files.writeString(dir.resolveSibling(dir.getFileName() + "-isd-history.csv"),
                "\"USAF\",\"WBAN\",\"STATION NAME\",\"CTRY\",\"STATE\",\"ICAO\",\"LAT\",\"LON\",\"ELEV(M)\",\"BEGIN\",\"END\"\n"
                        + "\"725030\",\"14732\",\"LA GUARDIA AIRPORT\",\"US\",\"NY\",\"KLGA\",\"+40.779\",\"-073.880\",\"+0003.4\",\"19730101\",\"20250101\"\n");
        assertEquals(0, run("import", "isd-lite", dir.toString(), "--station-list", list.toString()));
        assertEquals("LA GUARDIA AIRPORT", text("select name from station where id = '725030-14732'"));
        assertEquals("1", text("select count(*) from observation where station_id = '725030-14732'"));
    }

    private String text(String sql) throws SQLException {
        try (Connection db = dataSource.getConnection(); ResultSet row = db.createStatement().executeQuery(sql)) {
            assertTrue(row.next(), sql);
            return row.getString(1);
        }
    }
}
