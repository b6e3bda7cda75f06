package io.analogcast.observation;

import io.analogcast.SharedData;
import io.analogcast.observation.importer.BeijingCsvImporter;
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

/** The Beijing importer on real rows of ../shared/data, with real gaps and deliberately broken lines. */
class BeijingCsvImporterTest {

    private static ImportReport read(List<String> lines, List<ObservationRecord> out) throws IOException {
        return new BeijingCsvImporter().read(new BufferedReader(new StringReader(String.join("\n", lines))), out::add);
    }

    @Test
    void realRowsConvertUnitsWindAndTime() throws IOException {
        List<String> lines = SharedData.beijingLines(200);
        List<ObservationRecord> records = new ArrayList<>();
        ImportReport report = read(lines, records);

        assertEquals(200, report.dataLines());
        assertEquals(200, report.rowsAccepted());
        assertEquals(0, report.rowsRejected());
        // first row: 2013-03-01T00:00+08:00,...,PM2.5 4,...,CO 300,O3 77,TEMP -0.7,PRES 1023,DEWP -18.8,RAIN 0,NNW,4.4
        ObservationRecord first = records.get(0);
        assertEquals("aotizhongxin", first.stationId());
        assertEquals(Instant.parse("2013-02-28T16:00:00Z"), first.time());
        assertEquals(-0.7, first.value(Variable.T2M), 1e-6);
        assertEquals(1023, first.value(Variable.MSL), 1e-6);
        assertEquals(-18.8, first.value(Variable.D2M), 1e-6);
        assertEquals(4, first.value(Variable.PM25), 1e-6);
        assertEquals(300, first.value(Variable.CO), 1e-6);
        assertEquals(4.4, first.value(Variable.WSPD), 1e-6);
        // NNW = 337.5 deg: u = -4.4 sin(337.5) = +1.6838, v = -4.4 cos(337.5) = -4.0651
        assertEquals(1.6838, first.value(Variable.U10), 1e-3);
        assertEquals(-4.0651, first.value(Variable.V10), 1e-3);
        // RH from TEMP and DEWP (Magnus): -0.7 / -18.8 degC -> about 24 %
        assertEquals(24.0, first.value(Variable.RH), 1.0);
        assertEquals("Aotizhongxin", report.stations().get("aotizhongxin").name);
    }

    @Test
    void realGapsAreCountedAsMissingNotZero() throws IOException {
        // line 77 of the file has an empty CO field, line 78 an empty NO2 field
        List<String> lines = SharedData.beijingLines(80);
        List<ObservationRecord> records = new ArrayList<>();
        ImportReport report = read(lines, records);
        assertEquals(80, report.rowsAccepted());
        assertTrue(report.valuesMissing() >= 2);
        assertTrue(Double.isNaN(records.get(75).value(Variable.CO)), "empty CO on file line 77");
        assertTrue(Double.isNaN(records.get(76).value(Variable.NO2)), "empty NO2 on file line 78");
    }

    @Test
    void naBrokenAndOutOfRangeLinesAreReportedWithLineNumbers() throws IOException {
        List<String> lines = new ArrayList<>(SharedData.beijingLines(10));
        String real = lines.get(1);
        String[] f = real.split(",", -1);
        // line 12: the UCI 'NA' convention for TEMP and wd
        f[11] = "NA";
        f[15] = "NA";
        lines.add(String.join(",", f));
        // line 13: truncated line
        lines.add(real.substring(0, real.length() / 2));
        // line 14: unreadable time
        lines.add(real.replace("2013-03-01T00:00:00+08:00", "2013-03-01 midnight"));
        // line 15: temperature far outside the valid range, rejected for that variable only
        String[] hot = real.split(",", -1);
        hot[11] = "99.5";
        lines.add(String.join(",", hot));
        // line 16: unknown wind direction
        lines.add(real.replace(",NNW,", ",XYZ,"));
        // line 17: not a number
        lines.add(real.replace(",1023,", ",abc,"));

        List<ObservationRecord> records = new ArrayList<>();
        ImportReport report = read(lines, records);

        assertEquals(16, report.dataLines());
        assertEquals(14, report.rowsAccepted());
        assertEquals(2, report.rowsRejected());
        assertEquals(3, report.valuesRejected());
        List<Long> problemLines = report.problems().stream().map(ImportReport.Problem::line).toList();
        assertEquals(List.of(13L, 14L, 15L, 16L, 17L), problemLines);
        assertTrue(report.problems().get(0).message().contains("expected 18 fields"));
        assertEquals("t2m", report.problems().get(2).variable());
        ObservationRecord na = records.get(10);
        assertTrue(Double.isNaN(na.value(Variable.T2M)));
        assertTrue(Double.isNaN(na.value(Variable.U10)));
        assertEquals(1023, na.value(Variable.MSL), 1e-6);
        ObservationRecord hotRow = records.get(11);
        assertTrue(Double.isNaN(hotRow.value(Variable.T2M)), "out-of-range value is dropped");
        assertEquals(-18.8, hotRow.value(Variable.D2M), 1e-6, "the rest of the row is kept");
    }

    @Test
    void headerWithoutRequiredColumnsIsRejectedWhole() {
        assertThrows(ImportFormatException.class, () -> read(List.of("a,b,c", "1,2,3"), new ArrayList<>()));
    }
}
