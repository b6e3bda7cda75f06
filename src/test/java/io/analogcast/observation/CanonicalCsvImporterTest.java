package io.analogcast.observation;

import io.analogcast.observation.importer.CanonicalCsvImporter;
import io.analogcast.observation.importer.ImportFormatException;
import io.analogcast.observation.importer.ImportOptions;
import io.analogcast.observation.importer.ImportReport;
import io.analogcast.observation.importer.InputUnit;
import io.analogcast.variable.Variable;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanonicalCsvImporterTest {

    private static ImportReport read(String text, List<ObservationRecord> out) throws IOException {
        return read(text, out, ImportOptions.DEFAULTS);
    }

    private static ImportReport read(String text, List<ObservationRecord> out, ImportOptions options) throws IOException {
        return new CanonicalCsvImporter(options).read(new BufferedReader(new StringReader(text)), out::add);
    }

    @Test
    void readsVariablesOffsetsAndWindDirection() throws IOException {
        String csv = """
                station,time,t2m,d2m,msl,wspd,wdir,precip,latitude,longitude
                site-1,2024-01-31T06:00:00Z,21.5,10.2,1012.3,5,270,0,-34.9,138.6
                site-1,2024-01-31T16:30:00+10:30,22.0,NA,,4,90,0.4,-34.9,138.6
                """;
        List<ObservationRecord> records = new ArrayList<>();
        ImportReport report = read(csv, records);
        assertEquals(2, report.rowsAccepted());
        ObservationRecord first = records.get(0);
        assertEquals(Instant.parse("2024-01-31T06:00:00Z"), first.time());
        assertEquals(21.5, first.value(Variable.T2M), 1e-6);
        // wind from the west (270 deg) at 5 m/s blows eastward: u = +5, v = 0
        assertEquals(5, first.value(Variable.U10), 1e-5);
        assertEquals(0, first.value(Variable.V10), 1e-5);
        assertTrue(first.value(Variable.RH) > 0, "rh derived from t2m and d2m");
        ObservationRecord second = records.get(1);
        assertEquals(Instant.parse("2024-01-31T06:00:00Z"), second.time(), "+10:30 offset converted to UTC");
        assertTrue(Double.isNaN(second.value(Variable.D2M)));
        assertTrue(Double.isNaN(second.value(Variable.MSL)));
        assertEquals(-4, second.value(Variable.U10), 1e-5);
        assertEquals(2, report.valuesMissing());
        assertEquals(-34.9, report.stations().get("site-1").latitude, 1e-9);
    }

    @Test
    void badRowsAndValuesAreReported() throws IOException {
        String csv = """
                station,time,t2m,rh
                s,2024-01-01T00:00:00Z,10,50
                s,2024-01-01T00:30:00Z,10,50
                s,1 Jan 2024 01:00,10,50
                S P A C E,2024-01-01T02:00:00Z,10,50
                s,2024-01-01T03:00:00Z,10
                s,2024-01-01T04:00:00Z,-120,150
                """;
        List<ObservationRecord> records = new ArrayList<>();
        ImportReport report = read(csv, records);
        assertEquals(6, report.dataLines());
        assertEquals(2, report.rowsAccepted());
        assertEquals(4, report.rowsRejected());
        assertEquals(2, report.valuesRejected());
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 7L), report.problems().stream().map(ImportReport.Problem::line).toList());
        assertTrue(report.problems().get(0).message().contains("not on the hour"));
        assertTrue(report.problems().get(1).message().contains("neither ISO-8601"));
        assertTrue(report.problems().get(2).message().contains("e.g. 's-p-a-c-e'"), report.problems().get(2).message());
    }

    @Test
    void unknownColumnsAreIgnoredAndListedOrRejectTheFileWhenStrict() throws IOException {
        List<ObservationRecord> records = new ArrayList<>();
        ImportReport report = read("station,time,temperature,t2m,Visibility\ns,2024-01-01T00:00:00Z,1,2,10\n", records);
        assertEquals(1, report.rowsAccepted());
        assertEquals(2, records.get(0).value(Variable.T2M), 1e-6);
        assertEquals(java.util.Set.of("temperature", "visibility"), report.ignoredColumns());
        assertTrue(report.toString().contains("columns ignored: temperature, visibility"), report.toString());
        ImportFormatException e = assertThrows(ImportFormatException.class, () -> read(
                "station,time,temperature\ns,2024-01-01T00:00:00Z,1\n", new ArrayList<>(),
                new ImportOptions(ZoneOffset.UTC, true, List.of(), null)));
        assertTrue(e.getMessage().contains("temperature"));
        assertThrows(ImportFormatException.class, () -> read("", new ArrayList<>()));
    }

    @Test
    void quotingLineEndingsByteOrderMarkAndComments() throws IOException {
        String csv = "\uFEFFstation,time,t2m,station_name\r\n"
                + "# exported 2024-02-01\r\n"
                + "a,2024-01-01T00:00:00Z,1,\"Adelaide, West Terrace\"\r\n"
                + "\r\n"
                + "a,2024-01-01T01:00:00Z,2,\"a \"\"quoted\"\" name\nover two lines\"\r\n"
                + "a,2024-01-01T02:30:00Z,3,x\r\n";
        List<ObservationRecord> records = new ArrayList<>();
        ImportReport report = read(csv, records);
        assertEquals(2, report.rowsAccepted(), report.toString());
        assertEquals("Adelaide, West Terrace", report.stations().get("a").name);
        assertEquals(List.of(7L), report.problems().stream().map(ImportReport.Problem::line).toList(),
                "the line numbers of the file, comment and blank lines and the quoted line break counted");
    }

    @Test
    void anUnterminatedQuoteStopsTheReadingWithTheRowsBeforeItKept() throws IOException {
        List<ObservationRecord> records = new ArrayList<>();
        ImportReport report = read("station,time,t2m\na,2024-01-01T00:00:00Z,1\na,\"2024-01-01T01:00:00Z,2\n", records);
        assertEquals(1, records.size());
        assertEquals(1, report.rowsRejected());
        assertTrue(report.problems().get(0).message().contains("not readable as CSV"), report.problems().toString());
    }

    @Test
    void upperCaseStationIdsAreLowered() throws IOException {
        List<ObservationRecord> records = new ArrayList<>();
        ImportReport report = read("station,time,t2m\n EWR ,2024-01-01T00:00:00Z,1\n", records);
        assertEquals("ewr", records.get(0).stationId());
        assertEquals("EWR", report.stations().get("ewr").name, "the name keeps the file's spelling");
    }

    @Test
    void localTimesInTheGivenZoneEpochSecondsAndAZoneColumn() throws IOException {
        String csv = """
                station,time,t2m
                s,2013-01-01 08:00:00,1
                s,2013-01-01 09:00,2
                s,2013-01-01T10:00,3
                s,1357034400,4
                s,1357034400000,5
                """;
        List<ObservationRecord> records = new ArrayList<>();
        ImportReport report = read(csv, records, new ImportOptions(ZoneId.of("America/New_York"), false, List.of(), null));
        assertEquals(List.of(Instant.parse("2013-01-01T13:00:00Z"), Instant.parse("2013-01-01T14:00:00Z"),
                Instant.parse("2013-01-01T15:00:00Z"), Instant.parse("2013-01-01T10:00:00Z")),
                records.stream().map(ObservationRecord::time).toList());
        assertTrue(report.problems().get(0).message().contains("milliseconds"), report.problems().toString());
        assertTrue(report.toString().contains("local times in America/New_York"), report.toString());

        records.clear();
        read("station,time,timezone,t2m\ns,2013-07-01 08:00,Europe/Berlin,1\ns,2013-07-01 08:00,,2\n"
                + "s,2013-07-01 08:00,Mars/Olympus,3\n", records);
        assertEquals(List.of(Instant.parse("2013-07-01T06:00:00Z"), Instant.parse("2013-07-01T08:00:00Z")),
                records.stream().map(ObservationRecord::time).toList(), "the row's zone, else UTC");
    }

    @Test
    void calmHoursHaveZeroWindWithoutADirection() throws IOException {
        List<ObservationRecord> records = new ArrayList<>();
        read("station,time,wspd,wdir\ns,2024-01-01T00:00:00Z,0,\ns,2024-01-01T01:00:00Z,3,\n", records);
        assertEquals(0, records.get(0).value(Variable.U10), 0);
        assertEquals(0, records.get(0).value(Variable.V10), 0);
        assertTrue(Double.isNaN(records.get(1).value(Variable.U10)), "a direction is needed when it blows");
    }

    @Test
    void valuesInOtherUnitsAreConverted() throws IOException {
        List<ObservationRecord> records = new ArrayList<>();
        ImportOptions imperial = new ImportOptions(ZoneOffset.UTC, false, List.of(InputUnit.DEG_F, InputUnit.KNOTS,
                InputUnit.INCHES_OF_MERCURY, InputUnit.INCHES), null);
        read("station,time,t2m,d2m,wspd,wdir,msl,precip\ns,2024-01-01T00:00:00Z,95,32,10,270,29.92,0.1\n", records,
                imperial);
        ObservationRecord r = records.get(0);
        assertEquals(35, r.value(Variable.T2M), 1e-4);
        assertEquals(0, r.value(Variable.D2M), 1e-4);
        assertEquals(5.14444, r.value(Variable.WSPD), 1e-4);
        assertEquals(5.14444, r.value(Variable.U10), 1e-4, "u/v from the converted speed");
        assertEquals(1013.2, r.value(Variable.MSL), 0.05);
        assertEquals(2.54, r.value(Variable.PRECIP), 1e-4);
        assertThrows(IllegalArgumentException.class, () -> new ImportOptions(ZoneOffset.UTC, false,
                List.of(InputUnit.DEG_F, InputUnit.KELVIN), null), "two temperature units");
    }
}
