package io.analogcast.forecast;

import io.analogcast.analog.Horizon;
import io.analogcast.variable.Variable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A validated forecast request.
 *
 * @param time          state time, or null for the latest observation
 * @param explicitState predictor values per hour (oldest first) ending at {@code time}, or null to use stored data
 */
public record ForecastQuery(String stationId, Instant time, List<Horizon> horizons, List<Variable> variables, int k,
        Map<Variable, List<Double>> thresholds, boolean includeAnalogs, Map<Variable, double[]> explicitState) {

    /** Key for cached results; explicit states are never cached. */
    public String cacheKey(String buildId, Instant stateTime) {
        return String.join("|", buildId, stationId, stateTime.toString(), horizons.toString(),
                variables.stream().map(Variable::id).toList().toString(), Integer.toString(k),
                thresholds.toString(), Boolean.toString(includeAnalogs));
    }
}
