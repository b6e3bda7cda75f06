package io.analogcast.forecast;

import io.analogcast.analog.IncompleteStateException;
import io.analogcast.analog.StateSpace;
import io.analogcast.observation.HourlySeries;
import io.analogcast.variable.Variable;

import java.time.Instant;
import java.util.Map;

/**
 * The state a forecast starts from: observed (a series and the index of the state hour in it) or explicit
 * (predictor values per hour, oldest first, ending at {@code time}).
 */
public record ForecastState(Instant time, HourlySeries series, int index, Map<Variable, double[]> explicit,
        Double longitude) {

    public static ForecastState observed(HourlySeries series, int index, Double longitude) {
        return new ForecastState(series.time(index), series, index, null, longitude);
    }

    public static ForecastState explicit(Instant time, Map<Variable, double[]> values, Double longitude) {
        return new ForecastState(time, null, -1, values, longitude);
    }

    /** The state vector in an index's state space (a gap in an observed window takes the nearest hour). */
    public float[] embed(StateSpace space) {
        if (explicit == null) {
            return space.embedQuery(series, index, longitude);
        }
        double[][] values = new double[space.predictors().size()][];
        for (int j = 0; j < values.length; j++) {
            values[j] = explicit.get(space.predictors().get(j));
            if (values[j] == null) {
                throw new IncompleteStateException("state.values lacks " + space.predictors().get(j).id()
                        + ": this station's index is searched on " + space.predictors().stream().map(Variable::id).toList());
            }
        }
        return space.embedValues(values, time, longitude, false);
    }

    /** The value of a variable at the state time (NaN when unknown): where tendency members start. */
    public double current(Variable v) {
        if (explicit == null) {
            return series.value(v, index);
        }
        double[] given = explicit.get(v);
        return given == null || given.length == 0 ? Double.NaN : given[given.length - 1];
    }
}
