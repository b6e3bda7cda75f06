package io.analogcast.observation.importer;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.analogcast.observation.ObservationRecord;
import io.analogcast.observation.Station;
import io.analogcast.variable.Meteo;
import io.analogcast.variable.Variable;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * NOAA's Integrated Surface Database "ISD-Lite" hourly files: one file per station and year named
 * {@code USAF-WBAN-YEAR} (often gzipped), each line twelve right-aligned integer fields: year, month, day, hour
 * (UTC), air temperature and dew point (0.1 degC), sea-level pressure (0.1 hPa), wind direction (degrees from),
 * wind speed (0.1 m/s), sky cover (oktas code, not stored), and precipitation over 1 and 6 hours (0.1 mm, -1 for a
 * trace); -9999 marks a missing value. The station id is {@code USAF-WBAN} from the file name; names and
 * coordinates come from NOAA's station list ({@code isd-history.csv}) when one is given.
 */
public class IsdLiteImporter extends ObservationImporter {

    public static final String FORMAT = "isd-lite";
    private static final Pattern FILE_NAME = Pattern.compile("(\\d{6}-\\d{5})-(\\d{4})(\\.gz)?");
    private static final int FIELDS = 12;
    private static final int MISSING = -9999;
    private static final int TRACE = -1;

    private final Optional<Path> stationListFile;

    /** @param stationList NOAA's {@code isd-history.csv}, for station names and coordinates (optional) */
    public IsdLiteImporter(Optional<Path> stationList) {
        this.stationListFile = stationList;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    /** One {@code USAF-WBAN-YEAR[.gz]} file, or every such file in a directory, in name order. */
    @Override
    public ImportReport read(Path path, Consumer<ObservationRecord> sink) throws IOException {
        Map<String, Station> stationList = stationListFile.isPresent() ? readStationList(stationListFile.get()) : Map.of();
        ImportReport report = new ImportReport(FORMAT);
        report.describe("times in UTC, sky cover and 6-hour precipitation not stored, "
                + (stationList.isEmpty() ? "no station list" : stationList.size() + " stations listed"));
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> listing = Files.list(path)) {
                files = listing.filter(f -> FILE_NAME.matcher(f.getFileName().toString()).matches()).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new ImportFormatException("no ISD-Lite files (USAF-WBAN-YEAR or USAF-WBAN-YEAR.gz) in " + path);
            }
            for (Path file : files) {
                readFile(file, stationList, sink, report);
            }
        } else {
            readFile(path, stationList, sink, report);
        }
        return report;
    }

    private static void readFile(Path file, Map<String, Station> stationList, Consumer<ObservationRecord> sink,
            ImportReport report) throws IOException {
        Matcher name = FILE_NAME.matcher(file.getFileName().toString());
        if (!name.matches()) {
            throw new ImportFormatException("'" + file.getFileName() + "' is not named like an ISD-Lite file "
                    + "(USAF-WBAN-YEAR, e.g. 724940-23234-2023.gz): the station id comes from the name");
        }
        String stationId = name.group(1);
        report.station(stationList.getOrDefault(stationId,
                new Station(stationId, stationId, null, null, FORMAT)));
        String where = file.getFileName() + " line ";
        try (BufferedReader in = open(file)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                report.countLine();
                ObservationRecord record = parse(stationId, line, number, where, report);
                if (record != null) {
                    report.accept();
                    sink.accept(record);
                }
            }
        }
    }

    private static ObservationRecord parse(String stationId, String line, long number, String where, ImportReport report) {
        String[] tokens = line.trim().split("\\s+");
        if (tokens.length != FIELDS) {
            report.rejectRow(number, where + number + ": expected " + FIELDS + " fields, found " + tokens.length);
            return null;
        }
        int[] field = new int[FIELDS];
        for (int i = 0; i < FIELDS; i++) {
            try {
                field[i] = Integer.parseInt(tokens[i]);
            } catch (NumberFormatException e) {
                report.rejectRow(number, where + number + ": field " + (i + 1) + " '" + tokens[i] + "' is not an integer");
                return null;
            }
        }
        Instant time;
        try {
            time = LocalDateTime.of(field[0], field[1], field[2], field[3], 0).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            report.rejectRow(number, where + number + ": " + e.getMessage());
            return null;
        }
        float[] values = ObservationRecord.emptyValues();
        put(values, Variable.T2M, field[4], 10, number, report);
        put(values, Variable.D2M, field[5], 10, number, report);
        put(values, Variable.MSL, field[6], 10, number, report);
        put(values, Variable.WSPD, field[8], 10, number, report);
        put(values, Variable.PRECIP, field[10] == TRACE ? 0 : field[10], 10, number, report);
        wind(values, field[7], number, report);
        values[Variable.RH.column()] = (float) Meteo.relativeHumidity(values[Variable.T2M.column()],
                values[Variable.D2M.column()]);
        return new ObservationRecord(stationId, time, values);
    }

    private static void put(float[] values, Variable variable, int scaled, int divisor, long line, ImportReport report) {
        if (scaled == MISSING) {
            report.countMissing();
        } else {
            putChecked(values, variable, (double) scaled / divisor, line, report);
        }
    }

    /** u/v from direction and speed; speed 0 is calm (u = v = 0) whatever the direction says. */
    private static void wind(float[] values, int direction, long line, ImportReport report) {
        double speed = speedNeedingDirection(values);
        if (Double.isNaN(speed)) {
            return;
        }
        if (direction == MISSING) {
            report.countMissing();
        } else {
            putWind(values, speed, direction, Integer.toString(direction), line, report);
        }
    }

    /** NOAA's station list: "USAF","WBAN","STATION NAME","CTRY","STATE","ICAO","LAT","LON","ELEV(M)","BEGIN","END". */
    private static Map<String, Station> readStationList(Path file) throws IOException {
        Map<String, Station> stations = new HashMap<>();
        try (BufferedReader in = open(file);
                MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                        .with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
            while (rows.hasNextValue()) {
                Map<String, String> row = rows.nextValue();
                String id = row.getOrDefault("USAF", "") + "-" + row.getOrDefault("WBAN", "");
                if (!FILE_NAME.matcher(id + "-0000").matches()) {
                    continue;
                }
                String name = row.getOrDefault("STATION NAME", "").trim();
                stations.put(id, new Station(id, name.isEmpty() ? id : name, number(row.get("LAT")),
                        number(row.get("LON")), FORMAT));
            }
        } catch (RuntimeException e) {
            throw new ImportFormatException("cannot read the station list " + file + ": " + e.getMessage());
        }
        if (stations.isEmpty()) {
            throw new ImportFormatException("the station list " + file + " has no USAF/WBAN rows (expected NOAA's "
                    + "isd-history.csv)");
        }
        return stations;
    }

    private static Double number(String text) {
        try {
            return text == null || text.isBlank() ? null : Double.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
