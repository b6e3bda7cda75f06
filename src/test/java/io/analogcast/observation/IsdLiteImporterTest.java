package io.analogcast.observation;

import io.analogcast.observation.importer.ImportFormatException;
import io.analogcast.observation.importer.ImportReport;
import io.analogcast.observation.importer.IsdLiteImporter;
import io.analogcast.variable.Meteo;
import io.analogcast.variable.Variable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sample files written from NOAA's ISD-Lite format description: twelve right-aligned integer fields (year, month,
 * day, hour, temperature, dew point, sea-level pressure, wind direction, wind speed, sky cover, 1-hour and 6-hour
 * precipitation), scaled by ten where the description says so, -9999 for missing, -1 for trace precipitation.
 */
class IsdLiteImporterTest {

    /** One line as NOAA writes it: year, then month/day/hour in 3 columns each, then 6 columns per field. */
    private static String line(int year, int month, int day, int hour, int... fields) {
        StringBuilder line = new StringBuilder("%4d %02d %02d %02d".formatted(year, month, day, hour));
        for (int field : fields) {
            line.append("%6d".formatted(field));
        }
        return line.toString();
    }

    private static Path write(Path dir, String name, boolean gzip, String... lines) throws IOException {
        Path file = dir.resolve(name);
        byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII);
        if (gzip) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(text);
            }
        } else {
            Files.write(file, text);
        }
        return file;
    }

    @Test
    void readsScaledValuesMissingTraceCalmAndReportsBadLines(@TempDir Path dir) throws IOException {
        Path file = write(dir, "724940-23234-2023.gz", true,
                line(2023, 1, 1, 0, 56, -22, 10233, 50, 31, 8, 0, -9999),
                line(2023, 1, 1, 1, -9999, -9999, -9999, -9999, -9999, -9999, -9999, -9999),
                line(2023, 1, 1, 2, 41, -30, 10240, 0, 0, 4, -1, 3),
                "2023 01 01 03    44   -31 10241   270",
                line(2023, 13, 1, 4, 40, -30, 10240, 270, 20, 4, 0, 0),
                "2023 01 01 05    4x   -31 10241   270    20     4     0     0",
                "",
                line(2023, 1, 1, 6, 900, -30, 10240, 270, 20, 4, 0, 0));
        List<ObservationRecord> records = new ArrayList<>();
        ImportReport report = new IsdLiteImporter(Optional.empty()).read(file, records::add);

        assertEquals(7, report.dataLines());
        assertEquals(4, report.rowsAccepted());
        assertEquals(3, report.rowsRejected());
        assertEquals(List.of(4L, 5L, 6L, 8L), report.problems().stream().map(ImportReport.Problem::line).toList());
        assertTrue(report.problems().get(0).message().startsWith("724940-23234-2023.gz line 4: expected 12 fields"),
                report.problems().get(0).message());
        assertTrue(report.problems().get(2).message().contains("'4x' is not an integer"));
        assertEquals("t2m", report.problems().get(3).variable(), "90 degC is out of range; the row stays");

        ObservationRecord first = records.get(0);
        assertEquals("724940-23234", first.stationId());
        assertEquals(Instant.parse("2023-01-01T00:00:00Z"), first.time());
        assertEquals(5.6, first.value(Variable.T2M), 1e-5);
        assertEquals(-2.2, first.value(Variable.D2M), 1e-5);
        assertEquals(1023.3, first.value(Variable.MSL), 1e-3);
        assertEquals(3.1, first.value(Variable.WSPD), 1e-5);
        assertEquals(Meteo.u(3.1, 50), first.value(Variable.U10), 1e-5);
        assertEquals(Meteo.v(3.1, 50), first.value(Variable.V10), 1e-5);
        assertEquals(0, first.value(Variable.PRECIP), 0);
        assertEquals(Meteo.relativeHumidity(5.6, -2.2), first.value(Variable.RH), 1e-3);

        ObservationRecord missing = records.get(1);
        assertTrue(Double.isNaN(missing.value(Variable.T2M)) && Double.isNaN(missing.value(Variable.MSL))
                && Double.isNaN(missing.value(Variable.U10)) && Double.isNaN(missing.value(Variable.PRECIP)));

        ObservationRecord calm = records.get(2);
        assertEquals(0, calm.value(Variable.U10), 0);
        assertEquals(0, calm.value(Variable.V10), 0);
        assertEquals(0, calm.value(Variable.PRECIP), 0, "a trace (-1) is no measurable rain");
        assertEquals(report.stations().get("724940-23234").name, "724940-23234", "no station list: the id");
    }

    @Test
    void aDirectoryOfStationYearsWithAStationList(@TempDir Path dir) throws IOException {
        write(dir, "724940-23234-2022", false, line(2022, 12, 31, 23, 100, 50, 10100, 180, 10, 0, 0, 0));
        write(dir, "724940-23234-2023.gz", true, line(2023, 1, 1, 0, 90, 50, 10110, 180, 10, 0, 0, 0));
        write(dir, "725030-14732-2023.gz", true, line(2023, 1, 1, 0, 20, -50, 10200, 360, 50, 0, 5, 0));
        write(dir, "README.txt", false, "not a station-year file");
        Path list = write(dir.resolve(".."), "isd-history.csv", false,
                "\"USAF\",\"WBAN\",\"STATION NAME\",\"CTRY\",\"STATE\",\"ICAO\",\"LAT\",\"LON\",\"ELEV(M)\",\"BEGIN\",\"END\"",
                "\"724940\",\"23234\",\"SAN FRANCISCO INTERNATIONAL AIRPORT\",\"US\",\"CA\",\"KSFO\",\"+37.620\",\"-122.365\",\"+0002.4\",\"19730101\",\"20250101\"",
                "\"725030\",\"14732\",\"LA GUARDIA AIRPORT\",\"US\",\"NY\",\"KLGA\",\"+40.779\",\"-073.880\",\"+0003.4\",\"19730101\",\"20250101\"");
        List<ObservationRecord> records = new ArrayList<>();
        ImportReport report = new IsdLiteImporter(Optional.of(list)).read(dir, records::add);
        assertEquals(3, report.rowsAccepted());
        assertEquals(List.of("724940-23234", "724940-23234", "725030-14732"),
                records.stream().map(ObservationRecord::stationId).toList());
        assertEquals("SAN FRANCISCO INTERNATIONAL AIRPORT", report.stations().get("724940-23234").name);
        assertEquals(-73.88, report.stations().get("725030-14732").longitude, 1e-9);
        assertEquals(-5, records.get(2).value(Variable.V10), 1e-5, "from the north (360 deg): southward");
        assertTrue(report.toString().contains("2 stations listed"), report.toString());
    }

    @Test
    void theStationIdComesFromTheFileName(@TempDir Path dir) throws IOException {
        Path file = write(dir, "sfo-2023.txt", false, line(2023, 1, 1, 0, 56, -22, 10233, 50, 31, 8, 0, 0));
        ImportFormatException e = assertThrows(ImportFormatException.class,
                () -> new IsdLiteImporter(Optional.empty()).read(file, r -> { }));
        assertTrue(e.getMessage().contains("USAF-WBAN-YEAR"), e.getMessage());
        assertThrows(ImportFormatException.class, () -> new IsdLiteImporter(Optional.empty()).read(
                Files.createDirectory(dir.resolve("empty")), r -> { }));
    }
}
