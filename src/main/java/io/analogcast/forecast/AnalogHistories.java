package io.analogcast.forecast;

import io.analogcast.analog.Analogs;
import io.analogcast.forecast.ForecastDtos.AnalogsResponse;
import io.analogcast.forecast.ForecastDtos.DataInfo;
import io.analogcast.forecast.ForecastDtos.ExploredAnalog;
import io.analogcast.forecast.ForecastDtos.HorizonForecast;
import io.analogcast.forecast.ForecastDtos.StationInfo;
import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.ObservationStore;
import io.analogcast.variable.Variable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stored hours around a forecast's analogs: each analog's state and what followed it, read from the station's
 * observations. Nothing after the forecast's state time is read, so a forecast for a past time shows only what was
 * known then.
 */
final class AnalogHistories {

    private final ObservationStore store;

    AnalogHistories(ObservationStore store) {
        this.store = store;
    }

    AnalogsResponse explore(StationInfo station, DataInfo data, ForecastState state, HorizonEnsemble ensemble,
            HorizonForecast forecast, List<Variable> variables, int followingHours, long startedNanos) {
        Set<Variable> shown = new LinkedHashSet<>(ensemble.index().stateSpace().predictors());
        shown.addAll(variables);
        Map<String, Double> current = new LinkedHashMap<>();
        for (Variable v : shown) {
            current.put(v.id(), value(state.current(v)));
        }
        Analogs analogs = ensemble.analogs();
        double total = Arrays.stream(ensemble.weights()).sum();
        List<ExploredAnalog> explored = new ArrayList<>(analogs.size());
        for (int i = 0; i < analogs.size(); i++) {
            Instant time = Instant.ofEpochSecond(analogs.epochSeconds()[i]);
            explored.add(analog(station.id(), time, state.time(), followingHours, shown, variables, ensemble, i,
                    total));
        }
        return new AnalogsResponse(station, data, state.time(), forecast, current, followingHours, explored,
                (System.nanoTime() - startedNanos) / 1e6);
    }

    private ExploredAnalog analog(String stationId, Instant time, Instant stateTime, int followingHours,
            Set<Variable> shown, List<Variable> variables, HorizonEnsemble ensemble, int i, double totalWeight) {
        // the analog's own hour is at or before the state time (its outcome is); the hours after it stop there
        Instant end = time.plusSeconds(3600L * followingHours);
        if (end.isAfter(stateTime)) {
            end = stateTime;
        }
        int hours = (int) ((end.getEpochSecond() - time.getEpochSecond()) / 3600);
        HourlySeries series = store.window(stationId, end, hours).orElse(null);
        int at = series == null ? -1 : series.indexOf(time);
        Map<String, Double> analogState = new LinkedHashMap<>();
        for (Variable v : shown) {
            analogState.put(v.id(), at < 0 ? null : value(series.value(v, at)));
        }
        Map<String, Double> member = new LinkedHashMap<>();
        Map<String, List<Double>> following = new LinkedHashMap<>();
        for (Variable v : variables) {
            double[] members = ensemble.members().get(v);
            if (members != null) {
                member.put(v.id(), value(members[i]));
            }
            List<Double> values = new ArrayList<>(followingHours + 1);
            for (int h = 0; h <= followingHours; h++) {
                values.add(at < 0 || h > hours ? null : value(series.value(v, at + h)));
            }
            following.put(v.id(), values);
        }
        return new ExploredAnalog(time, ForecastMapping.round(ensemble.analogs().distances()[i], 4),
                ForecastMapping.round(ensemble.weights()[i] / totalWeight, 5), analogState, member, following);
    }

    private static Double value(double value) {
        return Double.isNaN(value) ? null : ForecastMapping.round(value, 2);
    }
}
