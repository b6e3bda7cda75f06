package io.analogcast.observation;

import io.analogcast.observation.importer.CanonicalCsvImporter;
import io.analogcast.observation.importer.ImportFormatException;
import io.analogcast.observation.importer.ImportReport;
import io.analogcast.variable.Variable;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanonicalCsvImporterTest {

    private static ImportReport read(String text, List<ObservationRecord> out) throws IOException {
        return new CanonicalCsvImporter().read(new BufferedReader(new StringReader(text)), out::add);
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
                s,2024-01-01T01:00:00,10,50
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
        assertTrue(report.problems().get(1).message().contains("offset"));
    }

    @Test
    void unknownColumnsRejectTheFile() {
        ImportFormatException e = assertThrows(ImportFormatException.class,
                () -> read("station,time,temperature\ns,2024-01-01T00:00:00Z,1\n", new ArrayList<>()));
        assertTrue(e.getMessage().contains("temperature"));
        assertThrows(ImportFormatException.class, () -> read("", new ArrayList<>()));
    }
}
