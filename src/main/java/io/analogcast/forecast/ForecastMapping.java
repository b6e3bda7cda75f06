package io.analogcast.forecast;

import io.analogcast.analog.AnalogIndex;
import io.analogcast.error.ProblemException;
import io.analogcast.forecast.ForecastDtos.AnalogInfo;
import io.analogcast.forecast.ForecastDtos.Exceedance;
import io.analogcast.forecast.ForecastDtos.HorizonForecast;
import io.analogcast.forecast.ForecastDtos.IndexInfo;
import io.analogcast.forecast.ForecastDtos.VariableForecast;
import io.analogcast.variable.Variable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pipeline's ensembles as the API shows them: statistics per variable, rounded, in the wire's shapes. */
final class ForecastMapping {

    private ForecastMapping() {
    }

    static HorizonForecast horizon(HorizonEnsemble ensemble, Instant stateTime, ForecastQuery query) {
        AnalogIndex index = ensemble.index();
        Map<String, VariableForecast> variables = new LinkedHashMap<>();
        for (Variable v : query.variables()) {
            variables.put(v.id(), v == Variable.WDIR ? windDirection(ensemble)
                    : variable(ensemble, v, query.thresholds().getOrDefault(v, List.of())));
        }
        List<AnalogInfo> analogs = null;
        if (query.includeAnalogs()) {
            double total = java.util.Arrays.stream(ensemble.weights()).sum();
            analogs = new ArrayList<>(ensemble.analogs().size());
            for (int i = 0; i < ensemble.analogs().size(); i++) {
                analogs.add(new AnalogInfo(Instant.ofEpochSecond(ensemble.analogs().epochSeconds()[i]),
                        round(ensemble.analogs().distances()[i], 4), round(ensemble.weights()[i] / total, 5)));
            }
        }
        return new HorizonForecast(index.horizon().toString(), stateTime.plusSeconds(index.horizon().seconds()),
                new IndexInfo(index.manifest().buildId(), index.manifest().spec().type().configName(),
                        index.manifest().spec().describe(), index.vectors(), index.manifest().predictors(),
                        anchor(ensemble, index)),
                ensemble.analogs().size(), variables, analogs);
    }

    private static ForecastDtos.AnchorInfo anchor(HorizonEnsemble ensemble, AnalogIndex index) {
        if (ensemble.anchorCentres().isEmpty()) {
            return null;
        }
        Map<String, Double> centres = new LinkedHashMap<>();
        ensemble.anchorCentres().forEach((v, centre) -> centres.put(v.id(), round(centre, 3)));
        Map<String, Double> spreads = new LinkedHashMap<>();
        ensemble.anchorSpreads().forEach((v, spread) -> spreads.put(v.id(), spread));
        return new ForecastDtos.AnchorInfo(ensemble.anchorWeight(), centres, spreads,
                index.manifest().lastAnalogTime().plusSeconds(index.horizon().seconds()));
    }

    private static VariableForecast variable(HorizonEnsemble ensemble, Variable v, List<Double> thresholds) {
        EnsembleStatistics.Summary s = EnsembleStatistics.summarize(ensemble.members().get(v), ensemble.weights(),
                thresholds);
        if (s == null) {
            throw ProblemException.unprocessable("variable-unavailable", "none of the " + ensemble.analogs().size()
                    + " analogs has a " + v.id() + " outcome");
        }
        List<Exceedance> exceedance = thresholds.isEmpty() ? null : new ArrayList<>();
        for (int t = 0; t < thresholds.size(); t++) {
            exceedance.add(new Exceedance(thresholds.get(t), round(s.exceedance()[t], 4)));
        }
        return new VariableForecast(v.unit(), round(s.mean(), 3), round(s.quantile(0.5), 3), round(s.quantile(0.05), 3),
                round(s.quantile(0.10), 3), round(s.quantile(0.25), 3), round(s.quantile(0.75), 3),
                round(s.quantile(0.90), 3), round(s.quantile(0.95), 3), round(s.std(), 3), round(s.min(), 3),
                round(s.max(), 3), s.count(), round(ensemble.confidence(s.count()), 3), exceedance);
    }

    /** Direction of the weighted mean wind vector (a circular quantity has no meaningful linear quantiles). */
    private static VariableForecast windDirection(HorizonEnsemble ensemble) {
        HorizonEnsemble.WindDirection wind = ensemble.windDirection();
        if (wind.count() == 0) {
            throw ProblemException.unprocessable("variable-unavailable", "none of the analogs has a wind outcome");
        }
        return new VariableForecast(Variable.WDIR.unit(), Double.isNaN(wind.degrees()) ? 0 : round(wind.degrees(), 1),
                null, null, null, null, null, null, null, null, null, null, wind.count(),
                round(ensemble.confidence(wind.count()), 3), null);
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
