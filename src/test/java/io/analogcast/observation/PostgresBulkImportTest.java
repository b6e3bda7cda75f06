package io.analogcast.observation;

import io.agroal.api.AgroalDataSource;
import io.analogcast.SharedData;
import io.analogcast.observation.importer.BeijingCsvImporter;
import io.analogcast.observation.importer.ImportReport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import io.analogcast.observation.importer.ObservationImporter;

import java.io.BufferedReader;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole Beijing file into the real PostgreSQL, twice: every row lands once, a second import changes nothing
 * (idempotent upsert), missing values stay NULL. Its speed is recorded by the import command (docs/benchmarks.md),
 * not asserted here.
 */
@QuarkusTest
@TestProfile(PostgresBulkImportTest.EmptyDatabase.class)
public class PostgresBulkImportTest {

    public static class EmptyDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("analogcast.data.source", "none", "analogcast.index.load-on-boot", "false");
        }
    }

    @Inject
    IngestService ingest;
    @Inject
    AgroalDataSource dataSource;

    /** File column to table column, for the values stored as they are (wd becomes u10/v10). */
    private static final Map<String, String> STORED = Map.ofEntries(Map.entry("TEMP", "t2m"), Map.entry("DEWP", "d2m"),
            Map.entry("PRES", "msl"), Map.entry("RAIN", "precip"), Map.entry("WSPM", "wspd"), Map.entry("PM2.5", "pm25"),
            Map.entry("PM10", "pm10"), Map.entry("SO2", "so2"), Map.entry("NO2", "no2"), Map.entry("CO", "co"),
            Map.entry("O3", "o3"));

    @Test
    void wholeFileImportsOnceAndAgainIdempotently() throws SQLException, IOException {
        Map<String, Long> emptyFields = emptyFieldsInFile();
        for (int round = 0; round < 2; round++) {
            ImportReport report = ingest.importFile(new BeijingCsvImporter(), SharedData.beijing(), Set.of());
            assertEquals(420_768, report.rowsAccepted());
            assertEquals(0, report.rowsRejected());
            assertEquals(420_768, count("select count(*) from observation"));
            assertEquals(12, count("select count(*) from station"));
            // a missing value is NULL, never zero: as many NULLs as empty fields in the file
            assertEquals(emptyFields.get("stored"), count("select sum(" + String.join(" + ", STORED.values().stream()
                    .map(c -> "(" + c + " is null)::int").toList()) + ") from observation"));
            assertEquals(emptyFields.get("stored") + emptyFields.get("wd"), report.valuesMissing());
        }
        assertEquals(35_064, count("select count(*) from observation where station_id = 'dongsi'"));
    }

    /** Counted straight from the file: blank (one SO2 field is a lone space) or NA fields of the stored columns, and of wd. */
    private static Map<String, Long> emptyFieldsInFile() throws IOException {
        long stored = 0;
        long wd = 0;
        try (BufferedReader in = ObservationImporter.open(SharedData.beijing())) {
            List<String> header = List.of(in.readLine().split(","));
            int[] storedColumns = STORED.keySet().stream().mapToInt(header::indexOf).toArray();
            int wdColumn = header.indexOf("wd");
            String line;
            while ((line = in.readLine()) != null) {
                String[] fields = line.split(",", -1);
                for (int c : storedColumns) {
                    stored += empty(fields[c]) ? 1 : 0;
                }
                wd += empty(fields[wdColumn]) ? 1 : 0;
            }
        }
        return Map.of("stored", stored, "wd", wd);
    }

    private static boolean empty(String field) {
        return field.isBlank() || field.strip().equals("NA");
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
