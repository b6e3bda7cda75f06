package io.analogcast.observation.importer;

import io.analogcast.observation.ObservationRecord;
import io.analogcast.observation.Station;
import io.analogcast.variable.Meteo;
import io.analogcast.variable.Variable;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Analogcast's own CSV format (docs/data-format.md): {@code station,time} then any stored variable ids as
 * columns ({@code t2m,d2m,rh,msl,u10,v10,wspd,precip,pm25,...}); optional {@code wdir} (with {@code wspd},
 * converted to u/v), {@code station_name}, {@code latitude}, {@code longitude}. Times are ISO-8601 with an
 * offset or Z, on the hour. Missing values: empty, NA, NaN or null.
 */
public class CanonicalCsvImporter extends ObservationImporter {

    public static final String FORMAT = "canonical-csv";
    private static final Set<String> META = Set.of("station", "time", "station_name", "latitude", "longitude", "wdir");

    private record Layout(int station, int time, Integer name, Integer latitude, Integer longitude, Integer wdir,
            List<Variable> variables, List<Integer> positions) implements Columns {
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    protected Columns layout(Map<String, Integer> columns) {
        if (!columns.containsKey("station") || !columns.containsKey("time")) {
            throw new ImportFormatException("canonical CSV needs 'station' and 'time' columns, header has " + columns.keySet());
        }
        List<Variable> variables = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (Map.Entry<String, Integer> column : columns.entrySet()) {
            if (META.contains(column.getKey())) {
                continue;
            }
            Variable variable = Variable.byId(column.getKey()).filter(Variable::stored).orElseThrow(
                    () -> new ImportFormatException("unknown column '" + column.getKey() + "'; stored variables are "
                            + Variable.STORED.stream().map(Variable::id).toList()));
            variables.add(variable);
            positions.add(column.getValue());
        }
        return new Layout(columns.get("station"), columns.get("time"), columns.get("station_name"),
                columns.get("latitude"), columns.get("longitude"), columns.get("wdir"), variables, positions);
    }

    @Override
    protected ObservationRecord parseRow(Columns columns, String[] fields, long line, ImportReport report) {
        Layout layout = (Layout) columns;
        String stationId = fields[layout.station()];
        if (!StationIds.isValid(stationId)) {
            report.rejectRow(line, "station id '" + stationId + "' must be 1-64 characters of a-z, 0-9, '-', '_' or '.'");
            return null;
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(fields[layout.time()]).toInstant();
        } catch (DateTimeException e) {
            report.rejectRow(line, "time '" + fields[layout.time()] + "' is not ISO-8601 with an offset (e.g. 2024-01-31T06:00:00Z)");
            return null;
        }
        if (time.getEpochSecond() % 3600 != 0 || time.getNano() != 0) {
            report.rejectRow(line, "time " + time + " is not on the hour");
            return null;
        }
        float[] values = ObservationRecord.emptyValues();
        for (int i = 0; i < layout.variables().size(); i++) {
            putValue(values, layout.variables().get(i), fields[layout.positions().get(i)], line, report);
        }
        if (layout.wdir() != null) {
            windFromDirection(values, fields[layout.wdir()], line, report);
        }
        if (Float.isNaN(values[Variable.RH.column()])) {
            double rh = Meteo.relativeHumidity(values[Variable.T2M.column()], values[Variable.D2M.column()]);
            values[Variable.RH.column()] = (float) rh;
        }
        if (report.stations().get(stationId) == null) {
            report.station(new Station(stationId, layout.name() == null ? stationId : fields[layout.name()],
                    coordinate(fields, layout.latitude()), coordinate(fields, layout.longitude()), FORMAT));
        }
        return new ObservationRecord(stationId, time, values);
    }

    private static void windFromDirection(float[] values, String field, long line, ImportReport report) {
        if (isMissing(field) || !Float.isNaN(values[Variable.U10.column()])) {
            return;
        }
        double speed = values[Variable.WSPD.column()];
        try {
            double direction = Double.parseDouble(field);
            if (direction < 0 || direction > 360) {
                report.rejectValue(line, "wdir", "wdir=" + field + " outside 0..360 deg");
            } else if (!Double.isNaN(speed)) {
                values[Variable.U10.column()] = (float) Meteo.u(speed, direction);
                values[Variable.V10.column()] = (float) Meteo.v(speed, direction);
            }
        } catch (NumberFormatException e) {
            report.rejectValue(line, "wdir", "'" + field + "' is not a number");
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
