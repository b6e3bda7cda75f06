package io.analogcast.verification;

import io.analogcast.forecast.WeightedEnsemble;
import io.analogcast.observation.HourlySeries;
import io.analogcast.variable.Variable;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * A station's climatology as a reference forecast: the values observed at the valid time's UTC hour within
 * {@value #REFERENCE_WINDOW_DAYS} days of its day of year, in every year of the history before the issue time. A short
 * history can leave that window nearly empty (a station observed since March has no January yet), so wider windows are
 * tried in turn until one holds {@value #MIN_MEMBERS} values; each case records the window it used.
 */
final class Climatology {

    static final int REFERENCE_WINDOW_DAYS = 15;
    /** Half-widths tried in turn, in days; the last spans the whole year. */
    static final int[] WINDOWS_DAYS = {REFERENCE_WINDOW_DAYS, 45, 91, 183};
    static final int MIN_MEMBERS = 10;
    static final String DESCRIPTION = "the station's values at the valid time's UTC hour within +/-"
            + REFERENCE_WINDOW_DAYS + " days of its day of year, over all history before the issue time (as an "
            + "ensemble); where that holds fewer than " + MIN_MEMBERS + " values, +/-45, +/-91 and +/-183 days in turn";

    /** Days of the (leap) year: buckets are indexed by UTC hour x DAYS + day of year - 1. */
    static final int DAYS = 366;

    /** One variable's values by (UTC hour, day of year), each bucket in time order. */
    private record Bucket(long[] times, double[] values) {
    }

    /** A reference ensemble and the half-width of the window it came from. */
    record Reference(WeightedEnsemble ensemble, int windowDays) {

        boolean fellBack() {
            return windowDays != REFERENCE_WINDOW_DAYS;
        }
    }

    private final Map<Variable, Bucket[]> buckets = new HashMap<>();

    Climatology(HourlySeries series, List<Variable> variables) {
        for (Variable v : variables) {
            List<List<Integer>> indices = new ArrayList<>();
            for (int b = 0; b < 24 * DAYS; b++) {
                indices.add(new ArrayList<>());
            }
            for (int i = 0; i < series.length(); i++) {
                if (!Double.isNaN(series.value(v, i))) {
                    indices.get(bucket(series.time(i))).add(i);
                }
            }
            Bucket[] byHourAndDay = new Bucket[24 * DAYS];
            for (int b = 0; b < byHourAndDay.length; b++) {
                List<Integer> members = indices.get(b);
                long[] times = new long[members.size()];
                double[] values = new double[members.size()];
                for (int m = 0; m < times.length; m++) {
                    times[m] = series.time(members.get(m)).getEpochSecond();
                    values[m] = series.value(v, members.get(m));
                }
                byHourAndDay[b] = new Bucket(times, values);
            }
            buckets.put(v, byHourAndDay);
        }
    }

    /** The reference for a forecast of {@code v} valid at {@code valid}, issued at {@code issued}; null if none. */
    Reference at(Variable v, Instant valid, Instant issued) {
        Bucket[] byHourAndDay = buckets.get(v);
        if (byHourAndDay == null) {
            return null;
        }
        long known = issued.getEpochSecond();
        int validBucket = bucket(valid);
        Window window = narrowest(validBucket, b -> countBefore(byHourAndDay[b].times(), known));
        if (window == null) {
            return null;
        }
        double[] values = new double[window.size()];
        int n = 0;
        for (int b : window.buckets()) {
            int count = countBefore(byHourAndDay[b].times(), known);
            System.arraycopy(byHourAndDay[b].values(), 0, values, n, count);
            n += count;
        }
        return new Reference(WeightedEnsemble.equallyWeighted(values), window.days());
    }

    /** A window of days around a bucket's day at its hour: half-width, the buckets in it, the values they hold. */
    record Window(int days, int[] buckets, int size) {
    }

    /**
     * The narrowest of {@link #WINDOWS_DAYS} around the day of {@code center} (a bucket), at its UTC hour, whose
     * buckets hold at least {@value #MIN_MEMBERS} values as {@code size} counts them; null when even the widest does
     * not. The rule of both references, climatology and the blend's climatological mean.
     */
    static Window narrowest(int center, IntUnaryOperator size) {
        int hour = center / DAYS;
        int day = center % DAYS;
        for (int days : WINDOWS_DAYS) {
            int[] buckets = new int[Math.min(2 * days + 1, DAYS)];
            int n = 0;
            for (int k = 0; k < buckets.length; k++) {
                buckets[k] = hour * DAYS + Math.floorMod(day - days + k, DAYS);
                n += size.applyAsInt(buckets[k]);
            }
            if (n >= MIN_MEMBERS) {
                return new Window(days, buckets, n);
            }
        }
        return null;
    }

    /**
     * The threshold of an event: its fixed value, or the quantile it names of all the variable's values before
     * {@code end} (the evaluation period's start, so that every case of the period uses the same event); null if none.
     */
    Double threshold(EventDefinition event, Instant end) {
        if (event.climateQuantile() == null) {
            return event.threshold();
        }
        Bucket[] byHourAndDay = buckets.get(event.variable());
        if (byHourAndDay == null) {
            return null;
        }
        double[] values = Arrays.stream(byHourAndDay)
                .flatMapToDouble(b -> Arrays.stream(b.values(), 0, countBefore(b.times(), end.getEpochSecond())))
                .toArray();
        return values.length < 2 ? null : WeightedEnsemble.equallyWeighted(values).quantile(event.climateQuantile());
    }

    /** How many of the ascending, distinct times are strictly before {@code time}. */
    private static int countBefore(long[] times, long time) {
        int i = Arrays.binarySearch(times, time);
        return i >= 0 ? i : -i - 1;
    }

    static int bucket(Instant time) {
        ZonedDateTime utc = time.atZone(ZoneOffset.UTC);
        return utc.getHour() * DAYS + utc.getDayOfYear() - 1;
    }
}
