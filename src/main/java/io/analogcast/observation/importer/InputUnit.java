package io.analogcast.observation.importer;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * A unit an input file may use instead of the one Analogcast stores ({@code GET /variables}); each converts to its
 * stored unit and applies to every variable stored in that unit (degF to t2m and d2m, mph to wspd, u10 and v10).
 */
public enum InputUnit {
    DEG_C("degC", "degC", v -> v),
    DEG_F("degF", "degC", v -> (v - 32) * 5 / 9),
    KELVIN("K", "degC", v -> v - 273.15),
    METRES_PER_SECOND("m/s", "m/s", v -> v),
    KILOMETRES_PER_HOUR("km/h", "m/s", v -> v / 3.6),
    MILES_PER_HOUR("mph", "m/s", v -> v * 0.44704),
    KNOTS("knots", "m/s", v -> v * 1852.0 / 3600.0),
    HECTOPASCAL("hPa", "hPa", v -> v),
    KILOPASCAL("kPa", "hPa", v -> v * 10),
    INCHES_OF_MERCURY("inHg", "hPa", v -> v * 33.8639),
    MILLIMETRES("mm", "mm", v -> v),
    INCHES("in", "mm", v -> v * 25.4);

    private final String symbol;
    private final String storedUnit;
    private final DoubleUnaryOperator toStored;

    InputUnit(String symbol, String storedUnit, DoubleUnaryOperator toStored) {
        this.symbol = symbol;
        this.storedUnit = storedUnit;
        this.toStored = toStored;
    }

    public String symbol() {
        return symbol;
    }

    /** The stored unit this one converts to: the unit of the variables it applies to. */
    public String storedUnit() {
        return storedUnit;
    }

    public double toStored(double value) {
        return toStored.applyAsDouble(value);
    }

    /** The unit with this symbol, case-insensitively ({@code degF}, {@code knots}, {@code inHg}). */
    public static Optional<InputUnit> bySymbol(String symbol) {
        return Arrays.stream(values()).filter(u -> u.symbol.toLowerCase(Locale.ROOT)
                .equals(symbol.trim().toLowerCase(Locale.ROOT))).findFirst();
    }

    public static String symbols() {
        return String.join(", ", Arrays.stream(values()).map(InputUnit::symbol).toList());
    }
}
