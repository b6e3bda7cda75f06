package io.analogcast.observation.importer;

import io.analogcast.observation.ObservationRecord;
import io.analogcast.observation.Station;
import io.analogcast.variable.Meteo;
import io.analogcast.variable.Variable;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The UCI "Beijing Multi-Site Air-Quality" layout (Zhang et al. 2017), as concatenated in ../shared/data:
 * local time (UTC+8) either as {@code time_local_cst} or as {@code year,month,day,hour}; TEMP, DEWP (degC),
 * PRES (hPa), RAIN (mm/h), wd (16 compass points, CV = calm/variable), WSPM (m/s), and PM2.5, PM10, SO2, NO2,
 * CO, O3 (ug/m3); {@code NA} marks missing values.
 *
 * <p>PRES is the pressure at the sites (30-100 m above sea level); it is stored as {@code msl} unreduced, a
 * nearly constant offset per site that the standardized state vector does not see.
 */
public class BeijingCsvImporter extends CsvImporter {

    public static final String FORMAT = "beijing-csv";
    private static final ZoneOffset CST = ZoneOffset.ofHours(8);
    private static final List<String> COMPASS = List.of("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW",
            "SW", "WSW", "W", "WNW", "NW", "NNW");
    /** Calm-or-variable reports below this speed are taken as calm (u = v = 0); above it direction is unknown. */
    private static final double CALM_SPEED = 1.0;
    /** Approximate site coordinates (public station lists); used for local solar time only. */
    private static final Map<String, double[]> SITES = Map.ofEntries(
            Map.entry("Aotizhongxin", new double[] {39.982, 116.397}),
            Map.entry("Changping", new double[] {40.217, 116.230}),
            Map.entry("Dingling", new double[] {40.292, 116.220}),
            Map.entry("Dongsi", new double[] {39.929, 116.417}),
            Map.entry("Guanyuan", new double[] {39.929, 116.339}),
            Map.entry("Gucheng", new double[] {39.914, 116.184}),
            Map.entry("Huairou", new double[] {40.328, 116.628}),
            Map.entry("Nongzhanguan", new double[] {39.937, 116.461}),
            Map.entry("Shunyi", new double[] {40.127, 116.655}),
            Map.entry("Tiantan", new double[] {39.886, 116.407}),
            Map.entry("Wanliu", new double[] {39.987, 116.287}),
            Map.entry("Wanshouxigong", new double[] {39.878, 116.352}));

    private static final String[][] VALUE_COLUMNS = {
            {"temp", "t2m"}, {"dewp", "d2m"}, {"pres", "msl"}, {"rain", "precip"}, {"wspm", "wspd"},
            {"pm2.5", "pm25"}, {"pm10", "pm10"}, {"so2", "so2"}, {"no2", "no2"}, {"co", "co"}, {"o3", "o3"}};

    private record Layout(Integer time, int[] ymdh, int station, int wd, int[] positions, Variable[] variables)
            implements Columns {
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    protected Columns layout(Map<String, Integer> columns, ImportReport report) {
        int[] positions = new int[VALUE_COLUMNS.length];
        Variable[] variables = new Variable[VALUE_COLUMNS.length];
        for (int i = 0; i < VALUE_COLUMNS.length; i++) {
            positions[i] = required(columns, VALUE_COLUMNS[i][0]);
            variables[i] = Variable.byId(VALUE_COLUMNS[i][1]).orElseThrow();
        }
        Integer time = columns.get("time_local_cst");
        int[] ymdh = null;
        if (time == null) {
            ymdh = new int[] {required(columns, "year"), required(columns, "month"), required(columns, "day"),
                    required(columns, "hour")};
        }
        return new Layout(time, ymdh, required(columns, "station"), required(columns, "wd"), positions, variables);
    }

    private static int required(Map<String, Integer> columns, String name) {
        Integer position = columns.get(name);
        if (position == null) {
            throw new ImportFormatException("Beijing CSV needs column '" + name + "'; header has " + columns.keySet());
        }
        return position;
    }

    @Override
    protected ObservationRecord parseRow(Columns columns, String[] fields, long line, ImportReport report) {
        Layout layout = (Layout) columns;
        String siteName = fields[layout.station()];
        String stationId = StationIds.fromName(siteName);
        if (!StationIds.isValid(stationId)) {
            report.rejectRow(line, "station '" + siteName + "' is not a usable site name");
            return null;
        }
        Instant time = parseTime(layout, fields, line, report);
        if (time == null) {
            return null;
        }
        float[] values = ObservationRecord.emptyValues();
        for (int i = 0; i < layout.positions().length; i++) {
            putValue(values, layout.variables()[i], fields[layout.positions()[i]], ImportOptions.DEFAULTS, line,
                    report);
        }
        wind(values, fields[layout.wd()], line, report);
        values[Variable.RH.column()] = (float) Meteo.relativeHumidity(values[Variable.T2M.column()],
                values[Variable.D2M.column()]);
        if (report.stations().get(stationId) == null) {
            double[] site = SITES.get(siteName);
            report.station(new Station(stationId, siteName, site == null ? null : site[0],
                    site == null ? null : site[1], FORMAT));
        }
        return new ObservationRecord(stationId, time, values);
    }

    private static Instant parseTime(Layout layout, String[] fields, long line, ImportReport report) {
        try {
            if (layout.time() != null) {
                return OffsetDateTime.parse(fields[layout.time()]).toInstant();
            }
            int[] p = layout.ymdh();
            return LocalDateTime.of(Integer.parseInt(fields[p[0]]), Integer.parseInt(fields[p[1]]),
                    Integer.parseInt(fields[p[2]]), Integer.parseInt(fields[p[3]]), 0).toInstant(CST);
        } catch (DateTimeException | NumberFormatException e) {
            report.rejectRow(line, "unreadable local time: " + e.getMessage());
            return null;
        }
    }

    /** 16-point direction plus speed to u/v. */
    private static void wind(float[] values, String direction, long line, ImportReport report) {
        double speed = values[Variable.WSPD.column()];
        if (isMissing(direction)) {
            report.countMissing();
            return;
        }
        if (direction.equals("CV")) {
            if (!Double.isNaN(speed) && speed < CALM_SPEED) {
                values[Variable.U10.column()] = 0;
                values[Variable.V10.column()] = 0;
            }
            return;
        }
        int point = COMPASS.indexOf(direction);
        if (point < 0) {
            report.rejectValue(line, "wd", "'" + direction + "' is not one of the 16 compass points or CV");
            return;
        }
        if (!Double.isNaN(speed)) {
            double from = point * 22.5;
            values[Variable.U10.column()] = (float) Meteo.u(speed, from);
            values[Variable.V10.column()] = (float) Meteo.v(speed, from);
        }
    }
}
