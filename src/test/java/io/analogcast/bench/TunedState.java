package io.analogcast.bench;

import io.analogcast.analog.BuildSettings;
import io.analogcast.analog.Horizon;
import io.analogcast.analog.StateSpace;
import io.analogcast.faiss.IndexSpec;
import io.analogcast.observation.HourlySeries;
import io.analogcast.variable.Variable;

import java.util.List;
import java.util.Map;

/**
 * The state space the service ships (application.properties, tuned in docs/verification.md): five predictors over
 * 3 hours, pressure counted twice, time terms weighted 10. The benchmark programs measure on it.
 */
final class TunedState {

    static final List<Variable> PREDICTORS = List.of(Variable.T2M, Variable.D2M, Variable.MSL, Variable.U10,
            Variable.V10);
    static final int WINDOW_HOURS = 3;
    private static final Map<String, Double> WEIGHTS = Map.of("msl", 2.0);
    private static final double TIME_WEIGHT = 10.0;

    private TunedState() {
    }

    static int dimension() {
        return PREDICTORS.size() * WINDOW_HOURS + StateSpace.TIME_COMPONENTS;
    }

    static BuildSettings settings(Map<Horizon, IndexSpec> specs) {
        return new BuildSettings(PREDICTORS, WINDOW_HOURS, WEIGHTS, TIME_WEIGHT, specs);
    }

    static StateSpace fit(HourlySeries series) {
        return StateSpace.fit(series, PREDICTORS, WINDOW_HOURS, WEIGHTS, TIME_WEIGHT);
    }
}
