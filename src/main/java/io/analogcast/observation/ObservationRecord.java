package io.analogcast.observation;

import io.analogcast.variable.Variable;

import java.time.Instant;
import java.util.Arrays;

/**
 * One hourly observation in UTC: a value per stored variable ({@link Variable#STORED} order), NaN where missing.
 */
public record ObservationRecord(String stationId, Instant time, float[] values) {

    public static float[] emptyValues() {
        float[] values = new float[Variable.STORED.size()];
        Arrays.fill(values, Float.NaN);
        return values;
    }

    public double value(Variable variable) {
        return values[variable.column()];
    }
}
