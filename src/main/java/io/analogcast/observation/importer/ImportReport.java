package io.analogcast.observation.importer;

import io.analogcast.observation.Station;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an import did: every line is accounted for. Rejected rows and rejected values are counted and listed with
 * their line numbers (the list keeps the first {@value #MAX_LISTED} problems; the counts are always complete).
 */
public final class ImportReport {

    public static final int MAX_LISTED = 500;

    /** One problem: a whole row rejected ({@code variable == null}) or one value rejected. */
    public record Problem(long line, String variable, String message) {
    }

    private final String format;
    private long dataLines;
    private long rowsAccepted;
    private long rowsRejected;
    private long valuesRejected;
    private long valuesMissing;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Station> stations = new LinkedHashMap<>();
    private final Set<String> ignoredColumns = new TreeSet<>();
    private String reading;

    public ImportReport(String format) {
        this.format = format;
    }

    public void countLine() {
        dataLines++;
    }

    public void accept() {
        rowsAccepted++;
    }

    public void rejectRow(long line, String message) {
        rowsRejected++;
        list(new Problem(line, null, message));
    }

    public void rejectValue(long line, String variable, String message) {
        valuesRejected++;
        list(new Problem(line, variable, message));
    }

    public void countMissing() {
        valuesMissing++;
    }

    private void list(Problem problem) {
        if (problems.size() < MAX_LISTED) {
            problems.add(problem);
        }
    }

    /** How the input was read (its time zone and units, say), for the report's reader. */
    public void describe(String howRead) {
        reading = howRead;
    }

    /** A column the format does not know, skipped (listed so that a misspelt variable does not go unnoticed). */
    public void ignoreColumn(String column) {
        ignoredColumns.add(column);
    }

    public Set<String> ignoredColumns() {
        return Collections.unmodifiableSet(ignoredColumns);
    }

    public void station(Station station) {
        stations.putIfAbsent(station.id, station);
    }

    public String format() {
        return format;
    }

    public long dataLines() {
        return dataLines;
    }

    public long rowsAccepted() {
        return rowsAccepted;
    }

    public long rowsRejected() {
        return rowsRejected;
    }

    public long valuesRejected() {
        return valuesRejected;
    }

    public long valuesMissing() {
        return valuesMissing;
    }

    public List<Problem> problems() {
        return Collections.unmodifiableList(problems);
    }

    public boolean problemsTruncated() {
        return rowsRejected + valuesRejected > problems.size();
    }

    public Map<String, Station> stations() {
        return Collections.unmodifiableMap(stations);
    }

    @Override
    public String toString() {
        return "%s: %d data lines, %d rows accepted, %d rejected, %d values rejected, %d missing%s%s"
                .formatted(format, dataLines, rowsAccepted, rowsRejected, valuesRejected, valuesMissing,
                        reading == null ? "" : "; " + reading,
                        ignoredColumns.isEmpty() ? "" : "; columns ignored: " + String.join(", ", ignoredColumns));
    }
}
