package io.analogcast.verification;

import io.analogcast.analog.BuildSettings;
import io.analogcast.analog.Horizon;
import io.analogcast.forecast.AnalogMethod;
import io.analogcast.variable.Variable;

import java.time.Instant;
import java.util.List;

/**
 * One evaluation: forecasts issued every {@code strideHours} in [from, to), indices rebuilt every
 * {@code refitDays} from the data before each origin, analog search limited to outcomes known at issue time.
 */
public record EvaluationSettings(Instant from, Instant to, List<String> stations, List<Horizon> horizons,
        List<Variable> variables, List<EventDefinition> events, int strideHours, int refitDays, int k,
        AnalogMethod method, BuildSettings build, int bootstrapSamples, long seed) {

    public EvaluationSettings {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("evaluation period is empty: " + from + " to " + to);
        }
        if (strideHours < 1 || refitDays < 1 || k < 2) {
            throw new IllegalArgumentException("stride-hours and refit-days must be >= 1 and k >= 2");
        }
    }
}
