package io.analogcast.variable;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The variable registry: every quantity Analogcast stores or derives, with its unit and the physically valid
 * range used to reject bad observations. Stored variables are columns of the observation table; derived ones
 * are computed from them.
 */
public enum Variable {
    T2M("t2m", "degC", "air temperature at 2 m", -90, 60, true),
    D2M("d2m", "degC", "dew point at 2 m", -100, 40, true),
    RH("rh", "%", "relative humidity", 0, 100, true),
    MSL("msl", "hPa", "mean sea-level pressure", 850, 1090, true),
    U10("u10", "m/s", "eastward wind at 10 m", -75, 75, true),
    V10("v10", "m/s", "northward wind at 10 m", -75, 75, true),
    WSPD("wspd", "m/s", "wind speed at 10 m", 0, 75, true),
    WDIR("wdir", "deg", "wind direction at 10 m (from, clockwise from north)", 0, 360, false),
    PRECIP("precip", "mm", "precipitation in the past hour", 0, 300, true),
    TP6H("tp6h", "mm", "precipitation in the past 6 hours", 0, 1800, false),
    PM25("pm25", "ug/m3", "fine particulate matter (PM2.5)", 0, 2000, true),
    PM10("pm10", "ug/m3", "particulate matter (PM10)", 0, 3000, true),
    NO2("no2", "ug/m3", "nitrogen dioxide", 0, 2000, true),
    O3("o3", "ug/m3", "ozone", 0, 2000, true),
    SO2("so2", "ug/m3", "sulphur dioxide", 0, 2000, true),
    CO("co", "ug/m3", "carbon monoxide", 0, 50000, true);

    /** Variables with a column of their own, in column order. */
    public static final List<Variable> STORED = Arrays.stream(values()).filter(Variable::stored).toList();

    private final String id;
    private final String unit;
    private final String description;
    private final double min;
    private final double max;
    private final boolean stored;

    Variable(String id, String unit, String description, double min, double max, boolean stored) {
        this.id = id;
        this.unit = unit;
        this.description = description;
        this.min = min;
        this.max = max;
        this.stored = stored;
    }

    public String id() {
        return id;
    }

    public String unit() {
        return unit;
    }

    public String description() {
        return description;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public boolean stored() {
        return stored;
    }

    /** Position among {@link #STORED}, or -1 for derived variables. */
    public int column() {
        return STORED.indexOf(this);
    }

    public boolean isValid(double value) {
        return !Double.isNaN(value) && value >= min && value <= max;
    }

    public static Optional<Variable> byId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (Variable v : values()) {
            if (v.id.equals(wanted)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    public static String knownIds() {
        return String.join(", ", Arrays.stream(values()).map(Variable::id).toList());
    }
}
