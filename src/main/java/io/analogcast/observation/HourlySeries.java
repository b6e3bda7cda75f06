package io.analogcast.observation;

import io.analogcast.variable.Meteo;
import io.analogcast.variable.Variable;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A station's observations on a regular hourly UTC grid, column per stored variable, NaN where missing.
 * Derived variables (wind direction, 6-hour precipitation, wind speed from components) are computed on read.
 * Immutable: updates produce a new series.
 */
public final class HourlySeries {

    private static final long SECONDS_PER_HOUR = 3600;

    private final String stationId;
    private final long startHour;
    private final int length;
    private final float[][] columns;

    private HourlySeries(String stationId, long startHour, int length, float[][] columns) {
        this.stationId = stationId;
        this.startHour = startHour;
        this.length = length;
        this.columns = columns;
    }

    /** Builds the grid from records of one station (any order; later duplicates win; off-hour times rejected). */
    public static HourlySeries of(String stationId, Collection<ObservationRecord> records) {
        if (records.isEmpty()) {
            return new HourlySeries(stationId, 0, 0, new float[Variable.STORED.size()][0]);
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (ObservationRecord r : records) {
            long hour = hourOf(r.time());
            first = Math.min(first, hour);
            last = Math.max(last, hour);
        }
        return grid(stationId, records, first, last);
    }

    /**
     * The grid from {@code first} to {@code last} (on the hour, inclusive) whatever the records cover, NaN where
     * none is; records outside it are ignored.
     */
    public static HourlySeries of(String stationId, Collection<ObservationRecord> records, Instant first, Instant last) {
        return grid(stationId, records.stream().filter(r -> !r.time().isBefore(first) && !r.time().isAfter(last)).toList(),
                hourOf(first), hourOf(last));
    }

    private static HourlySeries grid(String stationId, Collection<ObservationRecord> records, long first, long last) {
        int length = Math.toIntExact(last - first + 1);
        float[][] columns = new float[Variable.STORED.size()][length];
        for (float[] column : columns) {
            Arrays.fill(column, Float.NaN);
        }
        for (ObservationRecord r : records) {
            int i = (int) (hourOf(r.time()) - first);
            for (int c = 0; c < columns.length; c++) {
                columns[c][i] = r.values()[c];
            }
        }
        return new HourlySeries(stationId, first, length, columns);
    }

    /** Epoch hour of an on-the-hour instant. */
    public static long hourOf(Instant time) {
        if (time.getEpochSecond() % SECONDS_PER_HOUR != 0 || time.getNano() != 0) {
            throw new IllegalArgumentException("observation time " + time + " is not on the hour");
        }
        return Math.floorDiv(time.getEpochSecond(), SECONDS_PER_HOUR);
    }

    /** A new series with these records merged in: a record replaces the whole hour, as the database upsert does. */
    public HourlySeries merge(List<ObservationRecord> records) {
        List<ObservationRecord> all = new java.util.ArrayList<>(length + records.size());
        for (int i = 0; i < length; i++) {
            float[] values = new float[columns.length];
            boolean any = false;
            for (int c = 0; c < columns.length; c++) {
                values[c] = columns[c][i];
                any |= !Float.isNaN(values[c]);
            }
            if (any) {
                all.add(new ObservationRecord(stationId, time(i), values));
            }
        }
        all.addAll(records);
        return of(stationId, all);
    }

    /** The hours strictly before {@code end}: what was known at that time (rolling-origin evaluation). */
    public HourlySeries before(Instant end) {
        long endHour = Math.floorDiv(end.getEpochSecond(), SECONDS_PER_HOUR);
        int kept = (int) Math.max(0, Math.min(length, endHour - startHour));
        float[][] truncated = new float[columns.length][];
        for (int c = 0; c < columns.length; c++) {
            truncated[c] = Arrays.copyOf(columns[c], kept);
        }
        return new HourlySeries(stationId, startHour, kept, truncated);
    }

    public String stationId() {
        return stationId;
    }

    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    public Instant time(int index) {
        return Instant.ofEpochSecond((startHour + index) * SECONDS_PER_HOUR);
    }

    public Instant start() {
        return time(0);
    }

    public Instant end() {
        return time(length - 1);
    }

    /** Grid index of an instant, or -1 when outside the series or not on the hour. */
    public int indexOf(Instant time) {
        if (time.getEpochSecond() % SECONDS_PER_HOUR != 0 || time.getNano() != 0) {
            return -1;
        }
        long i = Math.floorDiv(time.getEpochSecond(), SECONDS_PER_HOUR) - startHour;
        return i >= 0 && i < length ? (int) i : -1;
    }

    /** Last grid index with any stored value, or -1. */
    public int lastObservedIndex() {
        for (int i = length - 1; i >= 0; i--) {
            if (observedAt(i)) {
                return i;
            }
        }
        return -1;
    }

    /** Value of any variable (stored or derived) at a grid index; NaN when missing or out of range. */
    public double value(Variable variable, int index) {
        if (index < 0 || index >= length) {
            return Double.NaN;
        }
        return switch (variable) {
            case WDIR -> Meteo.directionFrom(stored(Variable.U10, index), stored(Variable.V10, index));
            case TP6H -> precipitationSum(index, 6);
            case WSPD -> {
                double speed = stored(Variable.WSPD, index);
                yield Double.isNaN(speed) ? Meteo.speed(stored(Variable.U10, index), stored(Variable.V10, index)) : speed;
            }
            default -> stored(variable, index);
        };
    }

    private double stored(Variable variable, int index) {
        return columns[variable.column()][index];
    }

    private double precipitationSum(int index, int hours) {
        if (index - hours + 1 < 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = index - hours + 1; i <= index; i++) {
            double p = stored(Variable.PRECIP, i);
            if (Double.isNaN(p)) {
                return Double.NaN;
            }
            sum += p;
        }
        return sum;
    }

    /** Hours after {@code time} with any stored value. */
    public int observedHoursAfter(Instant time) {
        int count = 0;
        for (int i = Math.max(0, indexOf(time) + 1); i < length; i++) {
            if (time(i).isAfter(time) && observedAt(i)) {
                count++;
            }
        }
        return count;
    }

    /** Whether any variable has a value at grid index {@code i}. */
    public boolean observedAt(int i) {
        for (float[] column : columns) {
            if (!Float.isNaN(column[i])) {
                return true;
            }
        }
        return false;
    }

    /** Fraction of grid hours with a value of this variable. */
    public double coverage(Variable variable) {
        if (length == 0) {
            return 0;
        }
        Variable source = switch (variable) {
            case WDIR -> Variable.U10;
            case TP6H -> Variable.PRECIP;
            default -> variable;
        };
        int present = 0;
        for (float v : columns[source.column()]) {
            if (!Float.isNaN(v)) {
                present++;
            }
        }
        return present / (double) length;
    }

    /** Checksum of the grid: a build is reused only if the data it came from is unchanged. */
    public long checksum() {
        CRC32C crc = new CRC32C();
        crc.update(stationId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(Math.max(16, length * 4));
        buffer.putLong(startHour).putLong(length).flip();
        crc.update(buffer);
        for (float[] column : columns) {
            buffer.clear();
            for (int i = 0; i < length; i++) {
                buffer.putFloat(column[i]);
            }
            buffer.flip();
            crc.update(buffer);
        }
        return crc.getValue();
    }
}
