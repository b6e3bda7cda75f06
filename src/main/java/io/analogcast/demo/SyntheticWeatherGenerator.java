package io.analogcast.demo;

import io.analogcast.observation.ObservationRecord;
import io.analogcast.observation.Station;
import io.analogcast.variable.Meteo;
import io.analogcast.variable.Variable;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Deterministic SYNTHETIC hourly weather for an Adelaide-like site (34.9 S, 138.6 E), used when no real data is
 * configured. Not observations: a toy climate with the structure analog forecasting needs:
 * <ul>
 * <li>southern-hemisphere seasons (warm January, cool July) and a diurnal cycle peaking mid-afternoon;</li>
 * <li>passing synoptic systems: pressure follows a damped 5-day oscillation driven by noise; falling pressure
 * brings hot, dry northerlies, the trough passage a cool, moist south-westerly change with rain;</li>
 * <li>a summer afternoon sea breeze.</li>
 * </ul>
 * The same seed always yields the same series. A demo of several stations ({@link #forSite}) repeats this climate
 * at each site with weather of its own (another seed): a load of many stations, not a geography.
 */
public final class SyntheticWeatherGenerator {

    public static final String STATION_ID = "adelaide-synthetic";
    public static final String SOURCE = "synthetic";
    private static final double LATITUDE = -34.93;
    private static final double LONGITUDE = 138.60;

    private final long seed;
    private final String stationId;

    /** The first site, {@value #STATION_ID}. */
    public SyntheticWeatherGenerator(long seed) {
        this(seed, STATION_ID);
    }

    private SyntheticWeatherGenerator(long seed, String stationId) {
        this.seed = seed;
        this.stationId = stationId;
    }

    /** Site {@code number} (from 1) of a demo with several stations: its own weather, from {@code seed + number - 1}. */
    public static SyntheticWeatherGenerator forSite(int number, long seed) {
        return new SyntheticWeatherGenerator(seed + number - 1, site(number).id);
    }

    public static Station station() {
        return new Station(STATION_ID, "Adelaide-like site (synthetic data)", LATITUDE, LONGITUDE, SOURCE);
    }

    /** Site 1 is {@link #station()}; site n > 1 is {@code synthetic-00n}, at the same place. */
    public static Station site(int number) {
        if (number < 1) {
            throw new IllegalArgumentException("sites are numbered from 1, not " + number);
        }
        return number == 1 ? station() : new Station("synthetic-%03d".formatted(number),
                "Synthetic site " + number + " (Adelaide-like, synthetic data)", LATITUDE, LONGITUDE, SOURCE);
    }

    /** Hourly records from 1 January {@code startYear} 00 UTC for {@code years} years. */
    public void generate(int startYear, int years, Consumer<ObservationRecord> sink) {
        SplittableRandom random = new SplittableRandom(seed);
        Instant start = LocalDate.of(startYear, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
        int hours = Math.toIntExact((LocalDate.of(startYear + years, 1, 1).toEpochDay()
                - LocalDate.of(startYear, 1, 1).toEpochDay()) * 24);
        // synoptic pressure: AR(2) with a ~5-day period, e-folding ~3 days
        double omega = 2 * Math.PI / 120.0;
        double r = 0.985;
        double a1 = 2 * r * Math.cos(omega);
        double a2 = -r * r;
        double p1 = 0;
        double p2 = 0;
        double warmAnomaly = 0;
        double moistAnomaly = 0;
        double uNoise = 0;
        double vNoise = 0;
        double[] recentPressure = new double[4];
        double rainSpell = 0;
        for (int h = 0; h < hours; h++) {
            Instant time = start.plusSeconds(3600L * h);
            double dayOfYear = (time.getEpochSecond() / 86400.0) % 365.2425;
            // +1 in mid-January (southern summer), -1 in mid-July
            double summer = Math.cos(2 * Math.PI * (dayOfYear - 15) / 365.2425);
            double solarHour = ((time.getEpochSecond() % 86400) / 3600.0 + LONGITUDE / 15.0) % 24;

            double winterStorminess = 1.25 - 0.35 * summer;
            double pressureAnomaly = a1 * p1 + a2 * p2 + 0.066 * winterStorminess * random.nextGaussian();
            p2 = p1;
            p1 = pressureAnomaly;
            double msl = 1016.5 - 3.0 * summer + pressureAnomaly;
            double tendency3h = pressureAnomaly - recentPressure[h % 4];
            recentPressure[h % 4] = pressureAnomaly;

            // wind: falling pressure -> northerly (v < 0), rising -> south-westerly; background winter westerlies
            uNoise = 0.9 * uNoise + 0.45 * random.nextGaussian();
            vNoise = 0.9 * vNoise + 0.45 * random.nextGaussian();
            double seaBreeze = Math.max(0, summer) * Math.max(0, Math.sin(Math.PI * (solarHour - 11) / 9)) * 3.5;
            double u = 1.0 - 1.5 * summer + 2.2 * Math.max(0, tendency3h) + 0.6 * Math.max(0, -pressureAnomaly)
                    + 0.6 * seaBreeze + uNoise;
            double v = 2.7 * tendency3h + 0.8 * seaBreeze + vNoise;

            // temperature: season + diurnal + advection memory (northerlies warm, southerlies cool)
            warmAnomaly = 0.97 * warmAnomaly + 0.035 * (-2.2 * v) + 0.25 * random.nextGaussian();
            double diurnalAmplitude = 4.5 + 2.0 * summer;
            double t2m = 17.0 + 6.0 * summer + diurnalAmplitude * Math.cos(2 * Math.PI * (solarHour - 15) / 24)
                    + warmAnomaly - 0.3 * seaBreeze;

            // rain: showers around the trough passage, more frequent in winter
            double rainDrive = -0.35 * pressureAnomaly + 1.0 * Math.max(0, tendency3h) - 0.8 * summer - 5.3;
            double rainChance = 1 / (1 + Math.exp(-rainDrive));
            rainSpell = random.nextDouble() < rainChance ? 0.6 * rainSpell + random.nextExponential() * 0.8 : 0.15 * rainSpell;
            double precip = rainSpell > 0.05 ? Math.round(rainSpell * 10) / 10.0 : 0.0;

            // dew point: dry northerlies, moist after rain and in winter
            moistAnomaly = 0.95 * moistAnomaly + 0.05 * (Math.min(precip, 3) * 1.5 + 0.8 * v) + 0.2 * random.nextGaussian();
            double depression = Math.max(0.3, 7.0 + 4.0 * summer + 0.45 * diurnalAmplitude
                    * Math.cos(2 * Math.PI * (solarHour - 15) / 24) - 2.0 * moistAnomaly - 0.3 * precip);
            double d2m = t2m - depression;

            float[] values = ObservationRecord.emptyValues();
            values[Variable.T2M.column()] = round1(t2m);
            values[Variable.D2M.column()] = round1(d2m);
            values[Variable.RH.column()] = round1(Meteo.relativeHumidity(values[Variable.T2M.column()], values[Variable.D2M.column()]));
            values[Variable.MSL.column()] = round1(msl);
            values[Variable.U10.column()] = round1(u);
            values[Variable.V10.column()] = round1(v);
            values[Variable.WSPD.column()] = round1(Meteo.speed(values[Variable.U10.column()], values[Variable.V10.column()]));
            values[Variable.PRECIP.column()] = (float) precip;
            sink.accept(new ObservationRecord(stationId, time, values));
        }
    }

    public List<ObservationRecord> generate(int startYear, int years) {
        List<ObservationRecord> records = new ArrayList<>();
        generate(startYear, years, records::add);
        return records;
    }

    private static float round1(double value) {
        return (float) (Math.round(value * 10) / 10.0);
    }
}
