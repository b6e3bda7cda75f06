package io.analogcast.observation.importer;

import io.analogcast.observation.ObservationRecord;
import io.analogcast.variable.Meteo;
import io.analogcast.variable.Variable;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads observations from files of one format. Each accepted record goes to the sink; every other line is
 * reported. The shared rules (missing values, units, per-variable range checks) live here.
 */
public abstract class ObservationImporter {

    /** The importer of a format name ({@code canonical-csv}, {@code beijing-csv}, {@code isd-lite}), if any. */
    public static Optional<ObservationImporter> forFormat(String format, ImportOptions options) {
        return switch (format) {
            case CanonicalCsvImporter.FORMAT -> Optional.of(new CanonicalCsvImporter(options));
            case BeijingCsvImporter.FORMAT -> Optional.of(new BeijingCsvImporter());
            case IsdLiteImporter.FORMAT -> Optional.of(new IsdLiteImporter(Optional.ofNullable(options.stationList())));
            default -> Optional.empty();
        };
    }

    public static String formats() {
        return String.join(", ", CanonicalCsvImporter.FORMAT, BeijingCsvImporter.FORMAT, IsdLiteImporter.FORMAT);
    }

    /** Format name used in reports and the {@code analogcast.data.source} property. */
    public abstract String format();

    /** Reads a file (plain or gzip-compressed) or, for formats of one file per station-year, a directory. */
    public abstract ImportReport read(Path file, Consumer<ObservationRecord> sink) throws IOException;

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

    protected static boolean isMissing(String field) {
        return field.isEmpty() || field.equalsIgnoreCase("NA") || field.equalsIgnoreCase("NaN")
                || field.equalsIgnoreCase("null");
    }

    /**
     * Stores a field as a variable's value, converted from the input's unit: missing values are counted,
     * unparseable or out-of-range ones are rejected for this variable only (the rest of the row is kept).
     */
    protected static void putValue(float[] values, Variable variable, String field, ImportOptions options, long line,
            ImportReport report) {
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
        Optional<InputUnit> unit = options.unitOf(variable);
        putChecked(values, variable, unit.isPresent() ? unit.get().toStored(value) : value, line, report);
    }

    /**
     * The stored wind speed when u/v still need a direction; NaN when they do not: the speed is unknown, or it is 0,
     * a calm hour, whose u = v = 0 this stores whatever the direction says (calm reports often leave it empty).
     */
    protected static double speedNeedingDirection(float[] values) {
        double speed = values[Variable.WSPD.column()];
        if (speed == 0) {
            values[Variable.U10.column()] = 0;
            values[Variable.V10.column()] = 0;
            return Double.NaN;
        }
        return speed;
    }

    /** u/v from a speed and the direction it blows from, in degrees ({@code asWritten} for the report). */
    protected static void putWind(float[] values, double speed, double fromDegrees, String asWritten, long line,
            ImportReport report) {
        if (fromDegrees < 0 || fromDegrees > 360) {
            report.rejectValue(line, "wdir", "wdir=" + asWritten + " outside 0..360 deg");
            return;
        }
        values[Variable.U10.column()] = (float) Meteo.u(speed, fromDegrees);
        values[Variable.V10.column()] = (float) Meteo.v(speed, fromDegrees);
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
