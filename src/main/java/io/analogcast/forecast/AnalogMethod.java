package io.analogcast.forecast;

import io.analogcast.analog.AnalogIndex;
import io.analogcast.analog.Analogs;
import io.analogcast.analog.Horizon;
import io.analogcast.config.AnalogcastConfig;
import io.analogcast.config.MapKeys;
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
 * @param anchorWeights    per horizon: the share of the way the ensemble moves towards the centre of the blend its
 *                         library fitted, for the variables it fitted one for (none: not anchored)
 * @param anchorSpreads    per variable and horizon: the factor an anchored ensemble's spread around its mean is
 *                         scaled by (none: 1)
 */
public record AnalogMethod(String weighting, Map<Horizon, Integer> separationHours, Set<Horizon> tendencyHorizons,
        Set<Variable> tendencyVariables, Map<Horizon, Double> anchorWeights,
        Map<Variable, Map<Horizon, Double>> anchorSpreads) {

    public AnalogMethod(String weighting, Map<Horizon, Integer> separationHours, Set<Horizon> tendencyHorizons,
            Set<Variable> tendencyVariables) {
        this(weighting, separationHours, tendencyHorizons, tendencyVariables, Map.of(), Map.of());
    }

    public static AnalogMethod from(AnalogcastConfig.Forecast config) {
        return new AnalogMethod(config.weighting(),
                byHorizon("analogcast.forecast.separation-hours", config.separationHours()),
                Set.copyOf(config.tendencyHorizons().orElse(List.of())), Set.copyOf(config.tendencyVariables()),
                byHorizon("analogcast.forecast.anchor-weight", config.anchorWeight()),
                config.anchorSpread().entrySet().stream().collect(Collectors.toMap(
                        e -> MapKeys.variable("analogcast.forecast.anchor-spread", e.getKey()),
                        e -> byHorizon("analogcast.forecast.anchor-spread." + e.getKey(), e.getValue()))));
    }

    private static <T> Map<Horizon, T> byHorizon(String setting, Map<String, T> values) {
        return values.entrySet().stream().collect(Collectors.toMap(e -> MapKeys.horizon(setting, e.getKey()),
                Map.Entry::getValue));
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
            double[] weights = weights(analogs);
            double anchorWeight = anchorWeights.getOrDefault(index.horizon(), 0.0);
            Map<Variable, double[]> members = new java.util.LinkedHashMap<>();
            Map<Variable, Double> centres = new java.util.LinkedHashMap<>();
            Map<Variable, Double> spreads = new java.util.LinkedHashMap<>();
            for (Variable v : e.variables()) {
                if (v != Variable.WDIR) {
                    double current = e.state().current(v);
                    double[] values = members(index, analogs, v, current);
                    var anchor = index.manifest().anchor(v);
                    if (anchorWeight > 0 && !Double.isNaN(current) && anchor.isPresent()) {
                        Instant issued = e.state().time();
                        double centre = anchor.get().centre(issued, current, issued.plusSeconds(index.horizon().seconds()));
                        double spread = anchorSpread(v, index.horizon());
                        anchor(values, weights, centre, anchorWeight, spread, v);
                        centres.put(v, centre);
                        spreads.put(v, spread);
                    }
                    members.put(v, values);
                }
            }
            ensembles.add(new HorizonEnsemble(index, analogs, weights, members, centres.isEmpty() ? 0 : anchorWeight,
                    centres, spreads));
        }
        return ensembles;
    }

    /**
     * Moves the members by {@code share x (centre - their weighted mean)} and scales their distances from that mean by
     * {@code spread}, in place: the ensemble's mean goes that share of the way to {@code centre}; members stay within
     * the variable's valid range.
     */
    static void anchor(double[] members, double[] weights, double centre, double share, double spread, Variable v) {
        double sum = 0;
        double total = 0;
        for (int m = 0; m < members.length; m++) {
            if (!Double.isNaN(members[m])) {
                sum += weights[m] * members[m];
                total += weights[m];
            }
        }
        if (total == 0 || Double.isNaN(centre)) {
            return;
        }
        double mean = sum / total;
        double anchoredMean = mean + share * (centre - mean);
        for (int m = 0; m < members.length; m++) {
            members[m] = Math.max(v.min(), Math.min(v.max(), anchoredMean + spread * (members[m] - mean)));
        }
    }

    /**
     * The settings that shape a forecast, in a canonical order and hashed: a cached forecast's key carries it, so that
     * instances with other settings sharing the Redis tier (a rolling change of settings) never serve each other's
     * forecasts.
     */
    public String fingerprint() {
        String canonical = String.join(";", weighting, new java.util.TreeMap<>(separationHours).toString(),
                new java.util.TreeSet<>(tendencyHorizons).toString(),
                tendencyVariables.stream().map(Variable::id).sorted().toList().toString(),
                new java.util.TreeMap<>(anchorWeights).toString(),
                anchorSpreads.entrySet().stream().map(e -> e.getKey().id() + "=" + new java.util.TreeMap<>(e.getValue()))
                        .sorted().toList().toString());
        return Integer.toHexString(canonical.hashCode());
    }

    /** The factor {@code v}'s anchored spread is scaled by at {@code horizon} (1: kept). */
    public double anchorSpread(Variable v, Horizon horizon) {
        return anchorSpreads.getOrDefault(v, Map.of()).getOrDefault(horizon, 1.0);
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
