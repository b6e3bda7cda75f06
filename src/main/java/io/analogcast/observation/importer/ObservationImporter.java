package io.analogcast.observation.importer;

import io.analogcast.observation.ObservationRecord;
import io.analogcast.variable.Variable;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads observations from a CSV text. Each accepted row goes to the sink; every other line is reported.
 * Subclasses map their format's columns; the shared rules (header lookup, missing values, per-variable range
 * checks) live here.
 */
public abstract class ObservationImporter {

    /** Format name used in reports and the {@code analogcast.data.source} property. */
    /** The importer of a format name ({@code canonical-csv}, {@code beijing-csv}), if there is one. */
    public static java.util.Optional<ObservationImporter> forFormat(String format) {
        return switch (format) {
            case CanonicalCsvImporter.FORMAT -> java.util.Optional.of(new CanonicalCsvImporter());
            case BeijingCsvImporter.FORMAT -> java.util.Optional.of(new BeijingCsvImporter());
            default -> java.util.Optional.empty();
        };
    }

    public abstract String format();

    /** Reads all lines after the header. */
    public final ImportReport read(BufferedReader in, Consumer<ObservationRecord> sink) throws IOException {
        ImportReport report = new ImportReport(format());
        String header = in.readLine();
        if (header == null) {
            throw new ImportFormatException("empty input: expected a " + format() + " header line");
        }
        Map<String, Integer> columns = columnsOf(header);
        Columns layout = layout(columns);
        String line;
        long lineNumber = 1;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            report.countLine();
            String[] fields = split(line);
            if (fields.length != columns.size()) {
                report.rejectRow(lineNumber, "expected " + columns.size() + " fields, found " + fields.length);
                continue;
            }
            ObservationRecord record = parseRow(layout, fields, lineNumber, report);
            if (record != null) {
                report.accept();
                sink.accept(record);
            }
        }
        return report;
    }

    public final ImportReport read(Path file, Consumer<ObservationRecord> sink) throws IOException {
        try (BufferedReader in = open(file)) {
            return read(in, sink);
        }
    }

    /** Opens plain or gzip-compressed text (detected by the gzip magic bytes, not the name). */
    public static BufferedReader open(Path file) throws IOException {
        return open(Files.newInputStream(file));
    }

    public static BufferedReader open(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        InputStream text = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
        return new BufferedReader(new InputStreamReader(text, StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * Reads one record given as field name to text (a JSON object, say); {@code position} numbers it in the report.
     * Unknown or missing fields reject this record only.
     */
    public final ObservationRecord readRecord(Map<String, String> row, long position, ImportReport report) {
        report.countLine();
        List<String> names = new ArrayList<>(row.keySet());
        Columns layout;
        try {
            layout = layout(columnsOf(String.join(",", names)));
        } catch (ImportFormatException e) {
            report.rejectRow(position, e.getMessage());
            return null;
        }
        String[] fields = new String[names.size()];
        for (int i = 0; i < fields.length; i++) {
            String value = row.get(names.get(i));
            fields[i] = value == null ? "" : value.trim();
        }
        ObservationRecord record = parseRow(layout, fields, position, report);
        if (record != null) {
            report.accept();
        }
        return record;
    }

    /** Resolves the header into whatever the subclass needs per row; throws ImportFormatException if unusable. */
    protected abstract Columns layout(Map<String, Integer> columns);

    /** Parses one row with the right field count, or reports it and returns null. */
    protected abstract ObservationRecord parseRow(Columns layout, String[] fields, long line, ImportReport report);

    /** Marker for a format's resolved header. */
    protected interface Columns {
    }

    protected static Map<String, Integer> columnsOf(String header) {
        String[] names = split(header.startsWith("\uFEFF") ? header.substring(1) : header);
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (columns.put(names[i].toLowerCase(Locale.ROOT), i) != null) {
                throw new ImportFormatException("duplicate column '" + names[i] + "' in header");
            }
        }
        return columns;
    }

    protected static String[] split(String line) {
        String[] fields = line.split(",", -1);
        for (int i = 0; i < fields.length; i++) {
            String f = fields[i].trim();
            if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
                f = f.substring(1, f.length() - 1);
            }
            fields[i] = f;
        }
        return fields;
    }

    protected static boolean isMissing(String field) {
        return field.isEmpty() || field.equalsIgnoreCase("NA") || field.equalsIgnoreCase("NaN")
                || field.equalsIgnoreCase("null");
    }

    /**
     * Stores a field as a variable's value: missing values are counted, unparseable or out-of-range ones are
     * rejected for this variable only (the rest of the row is kept).
     */
    protected static void putValue(float[] values, Variable variable, String field, long line, ImportReport report) {
        if (isMissing(field)) {
            report.countMissing();
            return;
        }
        double value;
        try {
            value = Double.parseDouble(field);
        } catch (NumberFormatException e) {
            report.rejectValue(line, variable.id(), "'" + field + "' is not a number");
            return;
        }
        putChecked(values, variable, value, line, report);
    }

    protected static void putChecked(float[] values, Variable variable, double value, long line, ImportReport report) {
        if (!variable.isValid(value)) {
            report.rejectValue(line, variable.id(), "%s=%s outside the valid range %s..%s %s".formatted(
                    variable.id(), value, variable.min(), variable.max(), variable.unit()));
            return;
        }
        values[variable.column()] = (float) value;
    }
}
