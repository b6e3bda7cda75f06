package io.analogcast.forecast;

import io.analogcast.analog.AnalogIndex;
import io.analogcast.analog.Analogs;
import io.analogcast.analog.Horizon;
import io.analogcast.config.AnalogcastConfig;
import io.analogcast.config.HorizonKeys;
import io.analogcast.variable.Variable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The forecasting pipeline, one for the service and the verification so that what is verified is what is served:
 * a state is embedded in a library's state space, its analogs searched (no look-ahead, separation), weighted, and
 * turned into members per variable.
 *
 * @param separationHours  per horizon: analogs closer in time than this to a nearer one are skipped (0: none)
 * @param tendencyHorizons horizons at which an analog contributes its change over the horizon, added to the
 *                         current value, instead of its outcome itself (for {@code tendencyVariables})
 */
public record AnalogMethod(String weighting, Map<Horizon, Integer> separationHours, Set<Horizon> tendencyHorizons,
        Set<Variable> tendencyVariables) {

    public static AnalogMethod from(AnalogcastConfig.Forecast config) {
        return new AnalogMethod(config.weighting(),
                config.separationHours().entrySet().stream().collect(Collectors.toMap(
                        e -> HorizonKeys.parse("analogcast.forecast.separation-hours", e.getKey()), Map.Entry::getValue)),
                Set.copyOf(config.tendencyHorizons().orElse(List.of())), Set.copyOf(config.tendencyVariables()));
    }

    /**
     * One horizon's ensemble of {@code variables} (wind direction is derived from u10/v10 by the caller) from the
     * {@code k} nearest analogs whose outcome was known at the state time.
     *
     * @throws io.analogcast.analog.IncompleteStateException when the state lacks a predictor
     */
    public HorizonEnsemble forecast(AnalogIndex index, ForecastState state, int k, java.util.Collection<Variable> variables) {
        return forecastAll(index, List.of(new Embedded(state, embed(index, state), k, variables))).get(0);
    }

    /** A state in a library's state space, with what its ensemble asks for. */
    public record Embedded(ForecastState state, float[] vector, int k, java.util.Collection<Variable> variables) {
    }

    /**
     * The state's vector in the library's state space.
     *
     * @throws io.analogcast.analog.IncompleteStateException when the state lacks a predictor
     */
    public float[] embed(AnalogIndex index, ForecastState state) {
        return state.embed(index.stateSpace());
    }

    /**
     * The ensembles of several states from one library, their analogs searched together
     * ({@link AnalogIndex#search(List, int)}): each the one {@link #forecast} makes of its state alone.
     */
    public List<HorizonEnsemble> forecastAll(AnalogIndex index, List<Embedded> states) {
        List<Analogs> found = index.search(states.stream().map(e -> new AnalogIndex.Query(e.vector(), e.k(),
                e.state().time().minusSeconds(index.horizon().seconds()))).toList(), separation(index.horizon()));
        List<HorizonEnsemble> ensembles = new ArrayList<>(states.size());
        for (int i = 0; i < states.size(); i++) {
            Embedded e = states.get(i);
            Analogs analogs = found.get(i);
            Map<Variable, double[]> members = new java.util.LinkedHashMap<>();
            for (Variable v : e.variables()) {
                if (v != Variable.WDIR) {
                    members.put(v, members(index, analogs, v, e.state().current(v)));
                }
            }
            ensembles.add(new HorizonEnsemble(index, analogs, weights(analogs), members));
        }
        return ensembles;
    }

    public int separation(Horizon horizon) {
        return separationHours.getOrDefault(horizon, 0);
    }

    public double[] weights(Analogs analogs) {
        return EnsembleStatistics.weights(analogs.distances(), weighting);
    }

    /**
     * One member per analog for {@code v} (NaN when unknown). With a tendency, the analog's change from its own
     * time to its outcome (both in the library) is added to {@code current} and kept inside the variable's valid
     * range; without a current value ({@code NaN}) the outcome is used as it is.
     */
    double[] members(AnalogIndex index, Analogs analogs, Variable v, double current) {
        boolean tendency = tendencyHorizons.contains(index.horizon()) && tendencyVariables.contains(v)
                && !Double.isNaN(current);
        double[] values = new double[analogs.size()];
        for (int i = 0; i < values.length; i++) {
            double outcome = index.outcome(analogs.rows()[i], v);
            if (tendency) {
                double then = index.ownValue(analogs.rows()[i], v);
                outcome = Math.max(v.min(), Math.min(v.max(), current + outcome - then));
            }
            values[i] = outcome;
        }
        return values;
    }
}
