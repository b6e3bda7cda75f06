package io.analogcast.observation.importer;

import io.analogcast.observation.ObservationRecord;
import io.analogcast.observation.Station;
import io.analogcast.variable.Meteo;
import io.analogcast.variable.Variable;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Analogcast's own CSV format (docs/data-format.md): {@code station,time} then any stored variable ids as
 * columns ({@code t2m,d2m,rh,msl,u10,v10,wspd,precip,pm25,...}); optional {@code wdir} (with {@code wspd},
 * converted to u/v), {@code station_name}, {@code latitude}, {@code longitude}, {@code timezone}. Times are
 * ISO-8601 with an offset, local date-times in the options' (or the row's) time zone, or epoch seconds, on the
 * hour. Missing values: empty, NA, NaN or null. Other columns are ignored and listed, or refused when strict.
 */
public class CanonicalCsvImporter extends CsvImporter {

    public static final String FORMAT = "canonical-csv";
    private static final Set<String> META = Set.of("station", "time", "station_name", "latitude", "longitude", "wdir",
            "timezone");
    private static final Pattern EPOCH_SECONDS = Pattern.compile("-?\\d{1,15}");
    /** Epoch seconds beyond this (year 5138) are taken for milliseconds written by mistake. */
    private static final long LARGEST_EPOCH_SECOND = 99_999_999_999L;

    private final ImportOptions options;

    public CanonicalCsvImporter(ImportOptions options) {
        this.options = options;
    }

    /** What the HTTP API accepts: strict, stored units, and times with an offset (or a timezone field). */
    public CanonicalCsvImporter() {
        this(new ImportOptions(null, true, List.of(), null));
    }

    private record Layout(int station, int time, Integer name, Integer latitude, Integer longitude, Integer wdir,
            Integer timezone, List<Variable> variables, List<Integer> positions) implements Columns {
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    protected ImportReport newReport() {
        ImportReport report = new ImportReport(FORMAT);
        report.describe((options.timezone() == null ? "times need an offset or a timezone column"
                : "local times in " + options.timezone())
                + (options.units().isEmpty() ? "" : ", units " + options.units().stream().map(InputUnit::symbol).toList()));
        return report;
    }

    @Override
    protected Columns layout(Map<String, Integer> columns, ImportReport report) {
        if (!columns.containsKey("station") || !columns.containsKey("time")) {
            throw new ImportFormatException("canonical CSV needs 'station' and 'time' columns, header has " + columns.keySet());
        }
        List<Variable> variables = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        for (Map.Entry<String, Integer> column : columns.entrySet()) {
            if (META.contains(column.getKey())) {
                continue;
            }
            var variable = Variable.byId(column.getKey()).filter(Variable::stored);
            if (variable.isPresent()) {
                variables.add(variable.get());
                positions.add(column.getValue());
            } else {
                unknown.add(column.getKey());
            }
        }
        if (!unknown.isEmpty()) {
            if (options.strict()) {
                throw new ImportFormatException("unknown column" + (unknown.size() == 1 ? " '" : "s '")
                        + String.join("', '", unknown) + "'; stored variables are " + Variable.STORED.stream()
                        .map(Variable::id).toList() + ", other columns: " + new TreeSet<>(META));
            }
            unknown.forEach(report::ignoreColumn);
        }
        return new Layout(columns.get("station"), columns.get("time"), columns.get("station_name"),
                columns.get("latitude"), columns.get("longitude"), columns.get("wdir"), columns.get("timezone"),
                variables, positions);
    }

    @Override
    protected ObservationRecord parseRow(Columns columns, String[] fields, long line, ImportReport report) {
        Layout layout = (Layout) columns;
        String given = fields[layout.station()];
        String stationId = StationIds.normalize(given);
        if (!StationIds.isValid(stationId)) {
            report.rejectRow(line, "station id '" + given + "' is not usable: ids are 1-64 characters of a-z, 0-9, "
                    + "'-', '_' or '.' (upper case is lowered), e.g. '" + StationIds.fromName(given) + "'");
            return null;
        }
        Instant time;
        try {
            time = time(fields[layout.time()], layout.timezone() == null ? null : fields[layout.timezone()]);
        } catch (DateTimeException e) {
            report.rejectRow(line, e.getMessage());
            return null;
        }
        if (time.getEpochSecond() % 3600 != 0 || time.getNano() != 0) {
            report.rejectRow(line, "time " + time + " is not on the hour");
            return null;
        }
        float[] values = ObservationRecord.emptyValues();
        for (int i = 0; i < layout.variables().size(); i++) {
            putValue(values, layout.variables().get(i), fields[layout.positions().get(i)], options, line, report);
        }
        windFromDirection(values, layout.wdir() == null ? "" : fields[layout.wdir()], line, report);
        if (Float.isNaN(values[Variable.RH.column()])) {
            double rh = Meteo.relativeHumidity(values[Variable.T2M.column()], values[Variable.D2M.column()]);
            values[Variable.RH.column()] = (float) rh;
        }
        if (report.stations().get(stationId) == null) {
            report.station(new Station(stationId, layout.name() == null ? given : fields[layout.name()],
                    coordinate(fields, layout.latitude()), coordinate(fields, layout.longitude()), FORMAT));
        }
        return new ObservationRecord(stationId, time, values);
    }

    /**
     * ISO-8601 with an offset or Z; a local date and time ({@code 2013-01-01 08:00}, {@code 2013-01-01T08:00:00})
     * in the row's zone or else the options'; or epoch seconds.
     */
    private Instant time(String text, String rowZone) {
        if (EPOCH_SECONDS.matcher(text).matches()) {
            long seconds = Long.parseLong(text);
            if (Math.abs(seconds) > LARGEST_EPOCH_SECOND) {
                throw new DateTimeException("time " + text + " is too large for epoch seconds (milliseconds? divide by 1000)");
            }
            return Instant.ofEpochSecond(seconds);
        }
        String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeException withoutOffset) {
            try {
                ZoneId zone = rowZone == null || rowZone.isEmpty() ? options.timezone() : ZoneId.of(rowZone);
                LocalDateTime local = LocalDateTime.parse(iso);
                if (zone == null) {
                    throw new DateTimeException("time '" + text + "' has no offset (2024-01-31T06:00:00Z, "
                            + "2024-01-31T16:30:00+10:30) and no timezone field says where it is local");
                }
                return local.atZone(zone).toInstant();
            } catch (DateTimeException e) {
                if (e.getMessage().startsWith("time '")) {
                    throw e;
                }
                throw new DateTimeException("time '" + text + "' is neither ISO-8601 (2024-01-31T06:00:00Z, "
                        + "2024-01-31 16:30+10:30), a local time (2024-01-31 06:00, zone from --timezone or a timezone "
                        + "column) nor epoch seconds" + (rowZone == null || rowZone.isEmpty() ? "" : "; timezone '"
                        + rowZone + "': " + e.getMessage()));
            }
        }
    }

    /** u/v from speed and direction when the file has no u/v of its own (calm: u = v = 0 without a direction). */
    private static void windFromDirection(float[] values, String direction, long line, ImportReport report) {
        if (!Float.isNaN(values[Variable.U10.column()])) {
            return;
        }
        double speed = speedNeedingDirection(values);
        if (Double.isNaN(speed) || isMissing(direction)) {
            return;
        }
        try {
            putWind(values, speed, Double.parseDouble(direction), direction, line, report);
        } catch (NumberFormatException e) {
            report.rejectValue(line, "wdir", "'" + direction + "' is not a number");
        }
    }

    private static Double coordinate(String[] fields, Integer position) {
        if (position == null || isMissing(fields[position])) {
            return null;
        }
        try {
            return Double.parseDouble(fields[position]);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
