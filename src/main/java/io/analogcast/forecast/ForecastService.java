package io.analogcast.forecast;

import io.analogcast.analog.AnalogIndex;
import io.analogcast.analog.AnalogIndexRegistry;
import io.analogcast.analog.Analogs;
import io.analogcast.analog.Horizon;
import io.analogcast.analog.IncompleteStateException;
import io.analogcast.analog.StateSpace;
import io.analogcast.cache.TwoTierCache;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.analogcast.config.AnalogcastConfig;
import io.analogcast.error.ProblemException;
import io.analogcast.forecast.ForecastDtos.AnalogInfo;
import io.analogcast.forecast.ForecastDtos.DataInfo;
import io.analogcast.forecast.ForecastDtos.Exceedance;
import io.analogcast.forecast.ForecastDtos.ForecastResponse;
import io.analogcast.forecast.ForecastDtos.HorizonForecast;
import io.analogcast.forecast.ForecastDtos.IndexInfo;
import io.analogcast.forecast.ForecastDtos.StationInfo;
import io.analogcast.forecast.ForecastDtos.VariableForecast;
import io.analogcast.metrics.ServiceMetrics;
import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.ObservationStore;
import io.analogcast.observation.Station;
import io.analogcast.variable.Meteo;
import io.analogcast.variable.Variable;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a validated query into an analog-ensemble forecast: the state at the query time, the nearest analogs per
 * horizon (several horizons searched in parallel), and weighted ensemble statistics of what followed them.
 */
@ApplicationScoped
public class ForecastService {

    /** Requests pre-computed at startup: the popular ones of the original system. */
    static final List<Map.Entry<String, String>> POPULAR = List.of(Map.entry("24h", "t2m,u10,v10,msl"),
            Map.entry("6h", "t2m,u10,v10"), Map.entry("48h", "t2m,msl"), Map.entry("12h", "t2m,u10,v10,msl,precip"));

    private final AnalogcastConfig config;
    private final AnalogIndexRegistry registry;
    private final ObservationStore store;
    private final ServiceMetrics metrics;
    private final ExecutorService horizonPool;
    private final TwoTierCache cache;
    private final JavaType cachedType;
    private final IssuedForecastLog issued;
    private final AnalogMethod method;

    public ForecastService(AnalogcastConfig config, AnalogIndexRegistry registry, ObservationStore store,
            ServiceMetrics metrics, TwoTierCache cache, ObjectMapper json, IssuedForecastLog issued) {
        this.issued = issued;
        this.method = AnalogMethod.from(config.forecast());
        this.config = config;
        this.registry = registry;
        this.store = store;
        this.metrics = metrics;
        this.cache = cache;
        this.cachedType = json.getTypeFactory().constructCollectionType(List.class, HorizonForecast.class);
        AtomicInteger counter = new AtomicInteger();
        this.horizonPool = Executors.newFixedThreadPool(Math.max(1, config.faiss().parallelism()), r -> {
            Thread t = new Thread(r, "horizon-search-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public ForecastResponse forecast(ForecastQuery query) {
        long started = System.nanoTime();
        Station station = station(query.stationId());
        HourlySeries series = store.series(station.id).filter(s -> !s.isEmpty()).orElseThrow(
                () -> ProblemException.notFound("no-data", "station " + station.id + " has no observations"));
        Instant stateTime;
        int stateIndex = -1;
        if (query.explicitState() != null) {
            stateTime = floorToHour(query.time());
        } else if (query.time() != null) {
            stateTime = floorToHour(query.time());
            stateIndex = series.indexOf(stateTime);
            if (stateIndex < 0) {
                throw ProblemException.notFound("no-data", "no observations of station " + station.id + " at "
                        + stateTime + "; data covers " + series.start() + " to " + series.end());
            }
        } else {
            stateIndex = series.lastObservedIndex();
            if (stateIndex < 0) {
                throw ProblemException.notFound("no-data", "station " + station.id + " has no observations");
            }
            stateTime = series.time(stateIndex);
        }
        checkVariables(station, query);

        String buildId = registry.current().buildId();
        String cacheKey = query.explicitState() == null ? query.cacheKey(buildId, stateTime) : null;
        int index = stateIndex;
        Instant time = stateTime;
        List<HorizonForecast> forecasts = cacheKey == null ? computeAll(query, station, series, index, time)
                : cache.get("forecast", cacheKey, cachedType, () -> computeAll(query, station, series, index, time));
        return new ForecastResponse(new StationInfo(station.id, station.name, station.latitude, station.longitude),
                new DataInfo(station.source, station.synthetic()), stateTime, forecasts,
                (System.nanoTime() - started) / 1e6);
    }

    private List<HorizonForecast> computeAll(ForecastQuery query, Station station, HourlySeries series,
            int stateIndex, Instant stateTime) {
        List<HorizonForecast> forecasts = searchAll(query, station, series, stateIndex, stateTime);
        issued.record(query, station.id, stateTime, forecasts);
        return forecasts;
    }

    private List<HorizonForecast> searchAll(ForecastQuery query, Station station, HourlySeries series,
            int stateIndex, Instant stateTime) {
        if (query.horizons().size() == 1) {
            return List.of(forecastHorizon(query, station, series, stateIndex, stateTime, query.horizons().get(0)));
        }
        List<CompletableFuture<HorizonForecast>> futures = query.horizons().stream()
                .map(h -> CompletableFuture.supplyAsync(
                        () -> forecastHorizon(query, station, series, stateIndex, stateTime, h), horizonPool))
                .toList();
        try {
            return futures.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private HorizonForecast forecastHorizon(ForecastQuery query, Station station, HourlySeries series, int stateIndex,
            Instant stateTime, Horizon horizon) {
        AnalogIndex index = registry.index(station.id, horizon).orElseThrow(() -> ProblemException.notFound("no-index",
                "no " + horizon + " index for station " + station.id + " (too little complete history to build one)"));
        StateSpace space = index.stateSpace();
        float[] state;
        try {
            state = query.explicitState() != null
                    ? space.embedValues(explicitValues(space, query.explicitState()), stateTime, station.longitude, false)
                    : space.embedQuery(series, stateIndex, station.longitude);
        } catch (IncompleteStateException e) {
            throw ProblemException.unprocessable("incomplete-state", e.getMessage());
        }
        Instant notAfter = stateTime.minusSeconds(horizon.seconds());
        long searchStarted = System.nanoTime();
        Analogs analogs = method.search(index, state, query.k(), notAfter);
        long ensembleStarted = System.nanoTime();
        metrics.faissSearch(horizon, index.manifest().spec().type().configName(), ensembleStarted - searchStarted);
        if (analogs.size() == 0) {
            throw ProblemException.notFound("no-analogs", "no analogs at or before " + notAfter + " for station "
                    + station.id + " (history starts " + index.manifest().firstAnalogTime() + ")");
        }
        double[] weights = method.weights(analogs);
        double meanDistance = java.util.Arrays.stream(analogs.distances()).average().orElse(0);
        Map<String, VariableForecast> variables = new LinkedHashMap<>();
        for (Variable v : query.variables()) {
            List<Double> thresholds = query.thresholds().getOrDefault(v, List.of());
            variables.put(v.id(), v == Variable.WDIR
                    ? windDirection(index, analogs, weights, meanDistance)
                    : variable(index, v, analogs, weights, thresholds, meanDistance,
                            members(index, analogs, v, query, series, stateIndex)));
        }
        metrics.ensemble(horizon, System.nanoTime() - ensembleStarted);
        List<AnalogInfo> analogInfo = null;
        if (query.includeAnalogs()) {
            double total = java.util.Arrays.stream(weights).sum();
            analogInfo = new ArrayList<>(analogs.size());
            for (int i = 0; i < analogs.size(); i++) {
                analogInfo.add(new AnalogInfo(Instant.ofEpochSecond(analogs.epochSeconds()[i]),
                        round(analogs.distances()[i], 4), round(weights[i] / total, 5)));
            }
        }
        return new HorizonForecast(horizon.toString(), stateTime.plusSeconds(horizon.seconds()),
                new IndexInfo(index.manifest().buildId(), index.manifest().spec().type().configName(),
                        index.manifest().spec().describe(), index.vectors()),
                analogs.size(), variables, analogInfo);
    }

    /** The members for a variable; the current value (for tendencies) from the stored or the explicit state. */
    private double[] members(AnalogIndex index, Analogs analogs, Variable v, ForecastQuery query, HourlySeries series,
            int stateIndex) {
        double current;
        if (query.explicitState() != null) {
            double[] given = query.explicitState().get(v);
            current = given == null || given.length == 0 ? Double.NaN : given[given.length - 1];
        } else {
            current = series.value(v, stateIndex);
        }
        return method.members(index, analogs, v, series, current);
    }

    private VariableForecast variable(AnalogIndex index, Variable v, Analogs analogs, double[] weights,
            List<Double> thresholds, double meanDistance, double[] values) {
        EnsembleStatistics.Summary s = EnsembleStatistics.summarize(values, weights, thresholds);
        if (s == null) {
            throw ProblemException.unprocessable("variable-unavailable", "none of the " + analogs.size()
                    + " analogs has a " + v.id() + " outcome");
        }
        List<Exceedance> exceedance = thresholds.isEmpty() ? null : new ArrayList<>();
        for (int t = 0; t < thresholds.size(); t++) {
            exceedance.add(new Exceedance(thresholds.get(t), round(s.exceedance()[t], 4)));
        }
        double confidence = EnsembleStatistics.confidence(s.count(), analogs.size(), meanDistance,
                index.manifest().typicalDistance());
        return new VariableForecast(v.unit(), round(s.mean(), 3), round(s.quantile(0.5), 3), round(s.quantile(0.05), 3),
                round(s.quantile(0.10), 3), round(s.quantile(0.25), 3), round(s.quantile(0.75), 3),
                round(s.quantile(0.90), 3), round(s.quantile(0.95), 3), round(s.std(), 3), round(s.min(), 3),
                round(s.max(), 3), s.count(), round(confidence, 3), exceedance);
    }

    /** Direction of the weighted mean wind vector (a circular quantity has no meaningful linear quantiles). */
    private VariableForecast windDirection(AnalogIndex index, Analogs analogs, double[] weights, double meanDistance) {
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
        if (count == 0) {
            throw ProblemException.unprocessable("variable-unavailable", "none of the analogs has a wind outcome");
        }
        double direction = Meteo.directionFrom(u / total, v / total);
        double confidence = EnsembleStatistics.confidence(count, analogs.size(), meanDistance,
                index.manifest().typicalDistance());
        return new VariableForecast(Variable.WDIR.unit(), Double.isNaN(direction) ? 0 : round(direction, 1), null, null,
                null, null, null, null, null, null, null, null, count, round(confidence, 3), null);
    }

    private Station station(String id) {
        String wanted = id != null ? id : config.forecast().defaultStation().orElse(null);
        if (wanted == null) {
            return store.stations().stream().findFirst().orElseThrow(
                    () -> ProblemException.notFound("no-data", "no stations are loaded"));
        }
        return store.station(wanted).orElseThrow(() -> ProblemException.notFound("unknown-station",
                "unknown station '" + wanted + "'; stations: " + store.stations().stream().map(s -> s.id).toList()));
    }

    private void checkVariables(Station station, ForecastQuery query) {
        for (Horizon h : query.horizons()) {
            registry.index(station.id, h).ifPresent(index -> {
                for (Variable v : query.variables()) {
                    Variable needed = v == Variable.WDIR ? Variable.U10 : v;
                    if (!index.hasOutcome(needed)) {
                        throw ProblemException.unprocessable("variable-unavailable", "station " + station.id
                                + " has no " + v.id() + " data; available: "
                                + index.outcomes().stream().map(Variable::id).toList());
                    }
                }
            });
        }
    }

    private static double[][] explicitValues(StateSpace space, Map<Variable, double[]> state) {
        double[][] values = new double[space.predictors().size()][];
        for (int j = 0; j < values.length; j++) {
            values[j] = state.get(space.predictors().get(j));
        }
        return values;
    }

    private static Instant floorToHour(Instant time) {
        return Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), 3600) * 3600);
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    /** Drops cached forecasts on every pod (new data). A new build needs nothing: keys carry the build id. */
    public void invalidate() {
        cache.invalidate();
    }

    /** Computes the popular requests for every station so the first clients find them cached. */
    public int warm() {
        int warmed = 0;
        for (Station station : store.stations()) {
            for (Map.Entry<String, String> popular : POPULAR) {
                try {
                    forecast(new ForecastQuery(station.id, null, List.of(Horizon.parse(popular.getKey())),
                            java.util.Arrays.stream(popular.getValue().split(",")).map(id -> Variable.byId(id).orElseThrow())
                                    .toList(), config.forecast().defaultK(), Map.of(), false, null));
                    warmed++;
                } catch (ProblemException e) {
                    // a horizon not served or a variable this station lacks: nothing to warm
                }
            }
        }
        return warmed;
    }

    @PreDestroy
    void shutdown() {
        horizonPool.shutdownNow();
    }
}
