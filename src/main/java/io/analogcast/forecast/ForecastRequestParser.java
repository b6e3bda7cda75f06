package io.analogcast.forecast;

import io.analogcast.analog.IndexLifecycle;
import io.analogcast.analog.Horizon;
import io.analogcast.config.AnalogcastConfig;
import io.analogcast.error.ProblemException;
import io.analogcast.error.RequestTimes;
import io.analogcast.variable.Variable;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates forecast requests from query parameters or JSON into a {@link ForecastQuery}. Every rejection is a
 * {@link ProblemException} whose detail says what was wrong and what is accepted.
 */
@ApplicationScoped
public class ForecastRequestParser {

    private final AnalogcastConfig config;
    private final IndexLifecycle registry;

    public ForecastRequestParser(AnalogcastConfig config, IndexLifecycle registry) {
        this.config = config;
        this.registry = registry;
    }

    public ForecastQuery fromParameters(String station, String time, String horizon, String vars, String k,
            String exceed, String include) {
        return new ForecastQuery(station(station), time(time, "time"), horizons(split(horizon, "horizon")),
                variables(vars == null ? null : split(vars, "vars")), k(k), thresholds(exceed),
                includeAnalogs(include), null);
    }

    /** A request of the analog explorer: one horizon, its analogs listed. */
    public ForecastQuery forExplorer(String station, String time, String horizon, String vars, String k) {
        ForecastQuery query = fromParameters(station, time, horizon, vars, k, null, "analogs");
        if (query.horizons().size() != 1) {
            throw ProblemException.badRequest("one-horizon", "the analog explorer shows one horizon at a time, got "
                    + query.horizons() + "; ask for each separately");
        }
        return query;
    }

    public ForecastQuery fromBody(ForecastDtos.ForecastRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("missing-body", "send a JSON forecast request body");
        }
        Map<Variable, double[]> state = null;
        Instant time = time(request.time(), "time");
        if (request.state() != null) {
            time = time(request.state().time(), "state.time");
            if (time == null) {
                throw ProblemException.unprocessable("invalid-state", "state.time is required with an explicit state");
            }
            state = explicitState(request.state().values());
        }
        Map<Variable, List<Double>> thresholds = new LinkedHashMap<>();
        if (request.exceed() != null) {
            for (Map.Entry<String, List<Double>> e : request.exceed().entrySet()) {
                Variable v = variable(e.getKey());
                List<Double> values = e.getValue() == null ? List.of() : e.getValue();
                for (Double value : values) {
                    if (value == null || !Double.isFinite(value)) {
                        throw ProblemException.badRequest("invalid-threshold", "exceed." + v.id() + " thresholds must be finite numbers");
                    }
                }
                thresholds.put(v, List.copyOf(values));
            }
        }
        return new ForecastQuery(station(request.station()), time,
                horizons(request.horizons() == null ? List.of() : request.horizons()), variables(request.vars()),
                request.k() == null ? config.forecast().defaultK() : checkK(request.k()), thresholds,
                Boolean.TRUE.equals(request.includeAnalogs()), state);
    }

    private static List<String> split(String text, String name) {
        if (text == null) {
            return List.of();
        }
        List<String> parts = Arrays.stream(text.split(",")).map(String::trim).toList();
        if (parts.stream().anyMatch(String::isEmpty)) {
            throw ProblemException.badRequest("invalid-parameter", name + " has an empty item: '" + text + "'");
        }
        return parts;
    }

    public String station(String station) {
        if (station == null || station.isBlank()) {
            return null;
        }
        return station.trim();
    }

    private static Instant time(String text, String name) {
        return RequestTimes.parse(text, name);
    }

    List<Horizon> horizons(List<String> texts) {
        Set<Horizon> served = new LinkedHashSet<>(registry.horizons());
        if (texts.isEmpty()) {
            throw ProblemException.badRequest("missing-horizon", "horizon is required; served horizons: " + served);
        }
        Set<Horizon> horizons = new LinkedHashSet<>();
        for (String text : texts) {
            Horizon h;
            try {
                h = Horizon.parse(text);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("unknown-horizon", e.getMessage() + "; served horizons: " + served);
            }
            if (!served.contains(h)) {
                throw ProblemException.badRequest("unknown-horizon", "horizon " + h + " is not served; served horizons: " + served);
            }
            horizons.add(h);
        }
        return List.copyOf(horizons);
    }

    private List<Variable> variables(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return config.forecast().defaultVars();
        }
        return ids.stream().map(ForecastRequestParser::variable).distinct().toList();
    }

    private static Variable variable(String id) {
        return Variable.byId(id).orElseThrow(() -> ProblemException.badRequest("unknown-variable",
                "unknown variable '" + id + "'; known variables: " + Variable.knownIds()));
    }

    private int k(String text) {
        if (text == null || text.isBlank()) {
            return config.forecast().defaultK();
        }
        try {
            return checkK(Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("invalid-k", "k '" + text + "' is not a whole number; use 1.."
                    + config.forecast().maxK());
        }
    }

    private int checkK(int k) {
        if (k < 1 || k > config.forecast().maxK()) {
            throw ProblemException.badRequest("invalid-k", "k must be between 1 and " + config.forecast().maxK() + ", got " + k);
        }
        return k;
    }

    /** {@code t2m:30,t2m:35,precip:0.1}. */
    private static Map<Variable, List<Double>> thresholds(String text) {
        Map<Variable, List<Double>> thresholds = new LinkedHashMap<>();
        for (String item : split(text, "exceed")) {
            String[] parts = item.split(":");
            if (parts.length != 2) {
                throw ProblemException.badRequest("invalid-threshold", "exceed item '" + item + "' must be variable:threshold, e.g. t2m:30");
            }
            Variable v = variable(parts[0]);
            double threshold;
            try {
                threshold = Double.parseDouble(parts[1]);
            } catch (NumberFormatException e) {
                threshold = Double.NaN;
            }
            if (!Double.isFinite(threshold)) {
                throw ProblemException.badRequest("invalid-threshold", "exceed threshold '" + parts[1] + "' is not a finite number");
            }
            thresholds.computeIfAbsent(v, x -> new ArrayList<>()).add(threshold);
        }
        return thresholds;
    }

    private static boolean includeAnalogs(String include) {
        boolean analogs = false;
        for (String item : split(include, "include")) {
            if (!item.toLowerCase(Locale.ROOT).equals("analogs")) {
                throw ProblemException.badRequest("invalid-parameter", "include accepts only 'analogs', got '" + item + "'");
            }
            analogs = true;
        }
        return analogs;
    }

    /**
     * Explicit state values: configured predictors, each with exactly one finite value per window hour. Which of
     * them a station's index uses is checked when its state is embedded (a station may use fewer).
     */
    private Map<Variable, double[]> explicitState(Map<String, List<Double>> values) {
        List<Variable> predictors = registry.settings().predictors();
        int window = registry.settings().windowHours();
        String expected = "state.values takes the station's predictors, of " + predictors.stream().map(Variable::id)
                .collect(Collectors.joining(", ")) + ", each with " + window + " hourly values, oldest first";
        if (values == null || values.isEmpty()) {
            throw ProblemException.unprocessable("invalid-state", expected);
        }
        List<String> errors = new ArrayList<>();
        Map<Variable, double[]> state = new LinkedHashMap<>();
        for (String id : values.keySet()) {
            Variable v = Variable.byId(id).orElse(null);
            if (v == null || !predictors.contains(v)) {
                errors.add("'" + id + "' is not a predictor");
            }
        }
        for (Variable v : predictors) {
            List<Double> series = values.get(v.id());
            if (series == null) {
                continue;
            }
            if (series.size() != window) {
                errors.add(v.id() + " has " + series.size() + " values, needs " + window);
                continue;
            }
            double[] row = new double[window];
            for (int i = 0; i < window; i++) {
                Double x = series.get(i);
                if (x == null || !Double.isFinite(x)) {
                    errors.add(v.id() + "[" + i + "] is " + (x == null ? "null" : x) + ", needs a finite number");
                } else if (!v.isValid(x)) {
                    errors.add(v.id() + "[" + i + "]=" + x + " is outside " + v.min() + ".." + v.max() + " " + v.unit());
                } else {
                    row[i] = x;
                }
            }
            state.put(v, row);
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(422, "invalid-state", "Unprocessable request",
                    "invalid state: " + String.join("; ", errors) + " (" + expected + ")", errors);
        }
        return state;
    }
}
