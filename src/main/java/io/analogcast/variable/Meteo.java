package io.analogcast.variable;

/** Small meteorological conversions shared by importers, the generator and the forecast. */
public final class Meteo {
    private Meteo() {
    }

    /** Wind components from speed and the direction the wind blows from (degrees clockwise from north). */
    public static double u(double speed, double fromDegrees) {
        return -speed * Math.sin(Math.toRadians(fromDegrees));
    }

    public static double v(double speed, double fromDegrees) {
        return -speed * Math.cos(Math.toRadians(fromDegrees));
    }

    public static double speed(double u, double v) {
        return Math.hypot(u, v);
    }

    /** Direction the wind blows from, in [0, 360); NaN for calm air. */
    public static double directionFrom(double u, double v) {
        if (Double.isNaN(u) || Double.isNaN(v) || (u == 0 && v == 0)) {
            return Double.NaN;
        }
        double deg = Math.toDegrees(Math.atan2(-u, -v));
        return deg < 0 ? deg + 360 : deg;
    }

    /** Relative humidity (%) from temperature and dew point (Magnus formula over water). */
    public static double relativeHumidity(double tempC, double dewPointC) {
        if (Double.isNaN(tempC) || Double.isNaN(dewPointC)) {
            return Double.NaN;
        }
        double rh = 100 * Math.exp(17.625 * dewPointC / (243.04 + dewPointC) - 17.625 * tempC / (243.04 + tempC));
        return Math.min(100, Math.max(0, rh));
    }
}
