package io.analogcast.forecast;

import io.analogcast.analog.AnalogIndex;
import io.analogcast.analog.Analogs;
import io.analogcast.variable.Meteo;
import io.analogcast.variable.Variable;

import java.util.Arrays;
import java.util.Map;

/**
 * One horizon's analog ensemble, as the pipeline makes it for the API and the verification alike: the library it
 * came from, the analogs and their weights, per variable the members (NaN where an analog has no value), and the
 * centre of the library's blend for each variable whose members were anchored on it, with the share of the way
 * they moved and the factor their spread was scaled by per variable.
 */
public record HorizonEnsemble(AnalogIndex index, Analogs analogs, double[] weights, Map<Variable, double[]> members,
        double anchorWeight, Map<Variable, Double> anchorCentres, Map<Variable, Double> anchorSpreads) {

    public WeightedEnsemble ensemble(Variable v) {
        return WeightedEnsemble.of(members.get(v), weights);
    }

    public double meanDistance() {
        return Arrays.stream(analogs.distances()).average().orElse(0);
    }

    /** Confidence of a variable with {@code withValue} members, against the library's typical analog distance. */
    public double confidence(int withValue) {
        return EnsembleStatistics.confidence(withValue, analogs.size(), meanDistance(),
                index.manifest().typicalDistance());
    }

    /** Direction the weighted mean wind vector of the analogs' outcomes comes from; NaN when none has wind. */
    public WindDirection windDirection() {
        double u = 0;
        double v = 0;
        double total = 0;
        int count = 0;
        for (int i = 0; i < analogs.size(); i++) {
            double ui = index.outcome(analogs.rows()[i], Variable.U10);
            double vi = index.outcome(analogs.rows()[i], Variable.V10);
            if (!Double.isNaN(ui) && !Double.isNaN(vi)) {
                u += weights[i] * ui;
                v += weights[i] * vi;
                total += weights[i];
                count++;
            }
        }
        return new WindDirection(count == 0 ? Double.NaN : Meteo.directionFrom(u / total, v / total), count);
    }

    public record WindDirection(double degrees, int count) {
    }
}
