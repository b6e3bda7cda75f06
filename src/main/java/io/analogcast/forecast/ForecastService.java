package io.analogcast.forecast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.analogcast.analog.AnalogIndex;
import io.analogcast.analog.Horizon;
import io.analogcast.analog.IncompleteStateException;
import io.analogcast.analog.IndexLifecycle;
import io.analogcast.analog.IndexSnapshot;
import io.analogcast.analog.StateSpace;
import io.analogcast.cache.TwoTierCache;
import io.analogcast.config.AnalogcastConfig;
import io.analogcast.error.ProblemException;
import io.analogcast.forecast.ForecastDtos.AnalogsResponse;
import io.analogcast.forecast.ForecastDtos.DataInfo;
import io.analogcast.forecast.ForecastDtos.OptionsResponse;
import io.analogcast.forecast.ForecastDtos.RiskInfo;
import io.analogcast.forecast.ForecastDtos.VariableInfo;
import io.analogcast.forecast.ForecastDtos.ForecastResponse;
import io.analogcast.forecast.ForecastDtos.HorizonForecast;
import io.analogcast.forecast.ForecastDtos.SerializedForecasts;
import io.analogcast.forecast.ForecastDtos.StationInfo;
import io.analogcast.metrics.ServiceMetrics;
import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.ObservationStore;
import io.analogcast.observation.Station;
import io.analogcast.variable.Variable;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Turns a validated query into an analog-ensemble forecast: the state at the query time, the nearest analogs per
 * horizon (several horizons searched in parallel), and weighted ensemble statistics of what followed them.
 */
@ApplicationScoped
public class ForecastService {

    /** Hours after each analog the explorer shows: two days, the longest default horizon. */
    static final int FOLLOWING_HOURS = 48;

    private final AnalogcastConfig config;
    private final IndexLifecycle lifecycle;
    private final ObservationStore store;
    private final ServiceMetrics metrics;
    private final ExecutorService horizonPool;
    private final TwoTierCache cache;
    private final ObjectMapper json;
    private final IssuedForecastLog issued;
    private final AnalogMethod method;
    /** The method's settings, in the key of every cached forecast ({@link AnalogMethod#fingerprint}). */
    private final String methodKey;
    private final AnalogHistories histories;

    public ForecastService(AnalogcastConfig config, IndexLifecycle lifecycle, ObservationStore store,
            ServiceMetrics metrics, TwoTierCache cache, ObjectMapper json, IssuedForecastLog issued, AnalogMethod method) {
        this.issued = issued;
        this.histories = new AnalogHistories(store);
        this.method = method;
        this.methodKey = method.fingerprint();
        this.config = config;
        this.lifecycle = lifecycle;
        this.store = store;
        this.metrics = metrics;
        this.cache = cache;
        this.json = json;
        AtomicInteger counter = new AtomicInteger();
        this.horizonPool = Executors.newFixedThreadPool(Math.max(1, config.faiss().parallelism()), r -> {
            Thread t = new Thread(r, "horizon-search-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public ForecastResponse forecast(ForecastQuery query) {
        return forecast(query, true);
    }

    /**
     * The answer when this pod's memory holds it or is computing it for another request: no database, Redis or
     * search, and no waiting, so an event loop may ask (the future completes on the computing thread). Empty when
     * anything needed is not at hand (an explicit state, a latest hour not in the recent window, an entry neither
     * cached nor being computed); {@link #forecast} then answers on a worker. A cached entry was computed for the
     * same build, station, hour and request, so it needs none of the checks that computing it passed.
     */
    public Optional<CompletableFuture<ForecastResponse>> fromMemory(ForecastQuery query) {
        if (query.explicitState() != null) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        Station station = station(query.stationId());
        try (IndexSnapshot snapshot = lifecycle.acquire()) {
            // a station that is not open is opened on a worker: files and the database are no event loop's work
            Optional<Map<Horizon, AnalogIndex>> libraries = snapshot.stationIfOpen(station.id);
            Optional<Instant> stateTime = query.time() != null ? Optional.of(floorToHour(query.time()))
                    : store.latestInMemory(station.id);
            if (libraries.isEmpty() || stateTime.isEmpty()) {
                return Optional.empty();
            }
            return cache.localOrRunning("forecast",
                            query.cacheKey(cachedUnder(snapshot, libraries.get()), stateTime.get()))
                    .map(forecasts -> forecasts.thenApply(text -> response(station, stateTime.get(), text, started)));
        }
    }

    /**
     * The whole request runs on one snapshot of the analog libraries: its build id keys the cache, and its indices
     * stay alive until the answer is complete, whatever is swapped in meanwhile.
     */
    private ForecastResponse forecast(ForecastQuery query, boolean record) {
        long started = System.nanoTime();
        Station station = station(query.stationId());
        try (IndexSnapshot snapshot = lifecycle.acquire()) {
            // opened first: its recent observations are then in memory for the state
            Map<Horizon, AnalogIndex> libraries = snapshot.station(station.id);
            ChosenState chosen = state(station, query, libraries);
            ForecastState state = chosen.state();
            checkVariables(snapshot, station, query);
            String cacheKey = query.explicitState() == null
                    ? query.cacheKey(cachedUnder(snapshot, libraries), state.time()) : null;
            // serialized once: the cache keeps the text, and a cached answer is written as it is
            Supplier<String> compute = () -> serialize(computeAll(snapshot, query, station, state, record));
            String forecasts = cacheKey == null ? compute.get() : cache.get("forecast", cacheKey, compute);
            return response(station, state.time(), chosen.newestObservation(), forecasts, started);
        }
    }

    private static ForecastResponse response(Station station, Instant stateTime, String forecasts, long started) {
        return response(station, stateTime, null, forecasts, started);
    }

    /** {@code newestObservation}: set when the state is not the newest hour (which lacks a predictor). */
    private static ForecastResponse response(Station station, Instant stateTime, Instant newestObservation,
            String forecasts, long started) {
        return new ForecastResponse(stationInfo(station),
                new DataInfo(station.source, station.synthetic()), stateTime,
                newestObservation == null ? null : Boolean.FALSE, newestObservation, new SerializedForecasts(forecasts),
                (System.nanoTime() - started) / 1e6);
    }

    private static StationInfo stationInfo(Station station) {
        return new StationInfo(station.id, station.name, station.latitude, station.longitude);
    }

    private String serialize(List<HorizonForecast> forecasts) {
        try {
            return json.writeValueAsString(forecasts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("forecasts are not serializable", e);
        }
    }

    /** A request's state, and the newest observation when the state is an earlier hour (null otherwise). */
    private record ChosenState(ForecastState state, Instant newestObservation) {
    }

    /**
     * The state the query starts from: explicit, at a past time, or the latest observation. Without a time, real
     * stations often report an hour partly (a sensor late or down): the newest hour whose state is complete for the
     * station's predictors is used, at most analogcast.forecast.max-state-age before the newest observation; beyond
     * that, a problem names the newest complete hour.
     */
    private ChosenState state(Station station, ForecastQuery query, Map<Horizon, AnalogIndex> libraries) {
        if (query.explicitState() != null) {
            return new ChosenState(ForecastState.explicit(floorToHour(query.time()), query.explicitState(),
                    station.longitude), null);
        }
        int window = lifecycle.settings().windowHours() + 6;
        if (query.time() != null) {
            Instant stateTime = floorToHour(query.time());
            HourlySeries series = window(station, stateTime, window);
            return new ChosenState(ForecastState.observed(series, series.indexOf(stateTime), station.longitude), null);
        }
        Instant newest = store.latest(station.id).orElseThrow(
                () -> ProblemException.notFound("no-data", "station " + station.id + " has no observations"));
        Optional<StateSpace> space = libraries.values().stream().findFirst().map(AnalogIndex::stateSpace);
        int maxAgeHours = (int) config.forecast().maxStateAge().toHours();
        HourlySeries series = window(station, newest, window + maxAgeHours);
        Optional<ForecastState> complete = newestComplete(series, newest, maxAgeHours, space, station);
        if (complete.isPresent()) {
            Instant chosen = complete.get().time();
            return new ChosenState(complete.get(), chosen.equals(newest) ? null : newest);
        }
        // beyond the bound: say which hour is complete, from a longer look back
        Instant lookBack = newest.minus(Duration.ofDays(7));
        HourlySeries week = window(station, newest, window + 7 * 24);
        String newestComplete = newestComplete(week, newest, 7 * 24, space, station)
                .map(s -> "its newest complete hour is " + s.time() + " (ask for it with time=" + s.time() + ")")
                .orElse("no hour since " + lookBack + " is complete");
        throw ProblemException.unprocessable("stale-state", "station " + station.id + " has no complete state within "
                + maxAgeHours + " h of its newest observation " + newest + " (predictors "
                + space.map(s -> s.predictors().stream().map(Variable::id).toList()).orElse(List.of())
                + ", analogcast.forecast.max-state-age); " + newestComplete);
    }

    private Optional<ForecastState> newestComplete(HourlySeries series, Instant newest, int hoursBack,
            Optional<StateSpace> space, Station station) {
        for (int back = 0; back <= hoursBack; back++) {
            int index = series.indexOf(newest.minusSeconds(3600L * back));
            if (index < 0) {
                break;
            }
            ForecastState candidate = ForecastState.observed(series, index, station.longitude);
            if (space.isEmpty()) {
                return Optional.of(candidate); // no index: the request answers 404 for that, not for the state
            }
            try {
                candidate.embed(space.get());
                return Optional.of(candidate);
            } catch (IncompleteStateException e) {
                // an hour that lacks a predictor: try the one before
            }
        }
        return Optional.empty();
    }

    private HourlySeries window(Station station, Instant end, int hours) {
        return store.window(station.id, end, hours).orElseThrow(
                () -> ProblemException.notFound("no-data", "no observations of station " + station.id + " at "
                        + end + store.extent(station.id).map(e -> "; data covers " + e[0] + " to " + e[1])
                                .orElse("; the station has no observations")));
    }

    private List<HorizonForecast> computeAll(IndexSnapshot snapshot, ForecastQuery query, Station station,
            ForecastState state, boolean record) {
        List<HorizonForecast> forecasts;
        if (query.horizons().size() == 1) {
            forecasts = List.of(forecastHorizon(snapshot, query, station, state, query.horizons().get(0)));
        } else {
            List<CompletableFuture<HorizonForecast>> futures = query.horizons().stream()
                    .map(h -> CompletableFuture.supplyAsync(
                            () -> forecastHorizon(snapshot, query, station, state, h), horizonPool))
                    .toList();
            try {
                forecasts = futures.stream().map(CompletableFuture::join).toList();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw e;
            }
        }
        if (record) {
            issued.record(query, station.id, state.time(), forecasts);
        }
        return forecasts;
    }

    private HorizonForecast forecastHorizon(IndexSnapshot snapshot, ForecastQuery query, Station station,
            ForecastState state, Horizon horizon) {
        return mapped(ensemble(snapshot, query, station, state, horizon), station, state, query);
    }

    private HorizonEnsemble ensemble(IndexSnapshot snapshot, ForecastQuery query, Station station,
            ForecastState state, Horizon horizon) {
        AnalogIndex index = index(snapshot, station, horizon);
        AnalogMethod.Embedded embedded = embed(index, state, query);
        long searchStarted = System.nanoTime();
        HorizonEnsemble ensemble = method.forecastAll(index, List.of(embedded)).get(0);
        metrics.faissSearch(horizon, index.manifest().spec().type().configName(), System.nanoTime() - searchStarted);
        return ensemble;
    }

    /**
     * What a client may ask of a station: the horizons its build serves, the variables its libraries can forecast,
     * the predictors it is searched on, and the configured risk events among those variables.
     */
    public OptionsResponse options(String stationId) {
        Station station = station(stationId);
        try (IndexSnapshot snapshot = lifecycle.acquire()) {
            Map<Horizon, AnalogIndex> libraries = snapshot.station(station.id);
            List<Horizon> horizons = lifecycle.horizons().stream().filter(libraries::containsKey).toList();
            AnalogIndex any = horizons.isEmpty() ? null : libraries.get(horizons.get(0));
            List<Variable> variables = any == null ? List.of() : forecastable(any);
            List<RiskInfo> risks = config.forecast().risk().entrySet().stream()
                    .filter(r -> variables.contains(r.getValue().variable()))
                    .map(r -> new RiskInfo(r.getKey(), r.getValue().variable().id(), r.getValue().above(),
                            r.getValue().variable().unit()))
                    .sorted(Comparator.comparing(RiskInfo::name)).toList();
            return new OptionsResponse(stationInfo(station), new DataInfo(station.source, station.synthetic()),
                    store.latest(station.id).orElse(null), horizons.stream().map(Horizon::toString).toList(),
                    variables.stream().map(v -> new VariableInfo(v.id(), v.unit(), v.description())).toList(),
                    any == null ? List.of() : any.manifest().predictors(), config.forecast().defaultK(),
                    config.forecast().maxK(), risks);
        }
    }

    /** The variables a library has outcomes for, with wind direction when it has both wind components. */
    private static List<Variable> forecastable(AnalogIndex index) {
        List<Variable> variables = new ArrayList<>(index.outcomes());
        if (index.hasOutcome(Variable.U10) && index.hasOutcome(Variable.V10) && !variables.contains(Variable.WDIR)) {
            variables.add(Variable.WDIR);
        }
        variables.sort(Comparator.naturalOrder());
        return List.copyOf(variables);
    }

    /**
     * The analogs of one horizon's forecast, as the forecast finds them (the same state, search and weights), each
     * with its state and the hours that followed it, up to the state time and no further.
     */
    public AnalogsResponse explore(ForecastQuery query) {
        long started = System.nanoTime();
        Station station = station(query.stationId());
        try (IndexSnapshot snapshot = lifecycle.acquire()) {
            Map<Horizon, AnalogIndex> libraries = snapshot.station(station.id);
            ChosenState chosen = state(station, query, libraries);
            checkVariables(snapshot, station, query);
            ForecastState state = chosen.state();
            Horizon horizon = query.horizons().get(0);
            HorizonEnsemble ensemble = ensemble(snapshot, query, station, state, horizon);
            HorizonForecast forecast = mapped(ensemble, station, state, query);
            return histories.explore(stationInfo(station), new DataInfo(station.source, station.synthetic()), state,
                    ensemble, forecast, query.variables(), FOLLOWING_HOURS, started);
        }
    }

    private static AnalogIndex index(IndexSnapshot snapshot, Station station, Horizon horizon) {
        return snapshot.index(station.id, horizon).orElseThrow(() -> ProblemException.notFound("no-index",
                "no " + horizon + " index for station " + station.id + " in build " + snapshot.buildId() + ": "
                        + snapshot.catalog().flatMap(c -> c.whyUnindexed(station.id)).orElse(snapshot.hasStation(station.id)
                                ? "too little complete history at this horizon"
                                : "the station is newer than the build, or has too little complete history")));
    }

    private AnalogMethod.Embedded embed(AnalogIndex index, ForecastState state, ForecastQuery query) {
        try {
            return new AnalogMethod.Embedded(state, method.embed(index, state), query.k(), query.variables());
        } catch (IncompleteStateException e) {
            throw ProblemException.unprocessable("incomplete-state", e.getMessage());
        }
    }

    private HorizonForecast mapped(HorizonEnsemble ensemble, Station station, ForecastState state, ForecastQuery query) {
        Horizon horizon = ensemble.index().horizon();
        if (ensemble.analogs().size() == 0) {
            throw ProblemException.notFound("no-analogs", "no analogs at or before "
                    + state.time().minusSeconds(horizon.seconds()) + " for station " + station.id + " (history starts "
                    + ensemble.index().manifest().firstAnalogTime() + ")");
        }
        long mappingStarted = System.nanoTime();
        HorizonForecast forecast = ForecastMapping.horizon(ensemble, state.time(), query);
        metrics.ensemble(horizon, System.nanoTime() - mappingStarted);
        return forecast;
    }

    /**
     * Several forecasts on one snapshot of the libraries, in order. Cached ones come from the cache; the others'
     * searches go to FAISS together, one batched search per library ({@link AnalogMethod#forecastAll}), each
     * finding the analogs its own search would. A failure names the request it concerns ({@code requests[i]}).
     */
    public List<ForecastResponse> forecastAll(List<ForecastQuery> queries) {
        long started = System.nanoTime();
        try (IndexSnapshot snapshot = lifecycle.acquire()) {
            List<BatchItem> items = new ArrayList<>(queries.size());
            Map<AnalogIndex, List<Search>> searches = new LinkedHashMap<>();
            for (int i = 0; i < queries.size(); i++) {
                int position = i;
                BatchItem item = about(position, () -> batchItem(snapshot, position, queries.get(position)));
                items.add(item);
                if (item.cachedText() == null) {
                    for (int h = 0; h < item.query().horizons().size(); h++) {
                        int at = h;
                        Search search = about(position, () -> {
                            AnalogIndex index = index(snapshot, item.station(), item.query().horizons().get(at));
                            return new Search(item, at, index, embed(index, item.state(), item.query()));
                        });
                        searches.computeIfAbsent(search.index(), x -> new ArrayList<>()).add(search);
                    }
                }
            }
            for (Map.Entry<AnalogIndex, List<Search>> library : searches.entrySet()) {
                AnalogIndex index = library.getKey();
                List<Search> batch = library.getValue();
                long searchStarted = System.nanoTime();
                List<HorizonEnsemble> ensembles = method.forecastAll(index, batch.stream().map(Search::embedded).toList());
                long each = (System.nanoTime() - searchStarted) / batch.size();
                for (int j = 0; j < batch.size(); j++) {
                    Search search = batch.get(j);
                    HorizonEnsemble ensemble = ensembles.get(j);
                    metrics.faissSearch(index.horizon(), index.manifest().spec().type().configName(), each);
                    BatchItem item = search.item();
                    item.forecasts()[search.horizon()] = about(item.position(),
                            () -> mapped(ensemble, item.station(), item.state(), item.query()));
                }
            }
            List<ForecastResponse> responses = new ArrayList<>(items.size());
            for (BatchItem item : items) {
                String text = item.cachedText();
                if (text == null) {
                    List<HorizonForecast> forecasts = List.of(item.forecasts());
                    issued.record(item.query(), item.station().id, item.state().time(), forecasts);
                    text = serialize(forecasts);
                    if (item.cached() != null) {
                        cache.put(item.cached(), text);
                    }
                }
                responses.add(response(item.station(), item.state().time(), item.newestObservation(), text, started));
            }
            return responses;
        }
    }

    /** A request of a batch (at {@code position}): its station, state and cache look-up (null: not cached). */
    private record BatchItem(int position, ForecastQuery query, Station station, ForecastState state,
            Instant newestObservation, TwoTierCache.Lookup cached, HorizonForecast[] forecasts) {

        String cachedText() {
            return cached == null ? null : cached.cached();
        }
    }

    /** One horizon's search of a batch item. */
    private record Search(BatchItem item, int horizon, AnalogIndex index, AnalogMethod.Embedded embedded) {
    }

    /** What a cached forecast was made from: the station's libraries and the forecasting method's settings. */
    private String cachedUnder(IndexSnapshot snapshot, Map<Horizon, AnalogIndex> libraries) {
        return snapshot.libraryKey(libraries) + "~" + methodKey;
    }

    private BatchItem batchItem(IndexSnapshot snapshot, int position, ForecastQuery query) {
        Station station = station(query.stationId());
        Map<Horizon, AnalogIndex> libraries = snapshot.station(station.id); // opened first, as for a single forecast
        ChosenState chosen = state(station, query, libraries);
        checkVariables(snapshot, station, query);
        TwoTierCache.Lookup cached = query.explicitState() == null
                ? cache.find("forecast", query.cacheKey(cachedUnder(snapshot, libraries), chosen.state().time())) : null;
        return new BatchItem(position, query, station, chosen.state(), chosen.newestObservation(), cached,
                new HorizonForecast[query.horizons().size()]);
    }

    /** {@code work}'s result, a client error in it attributed to the batch's request {@code index}. */
    private static <T> T about(int index, Supplier<T> work) {
        try {
            return work.get();
        } catch (ProblemException e) {
            throw e.about("requests[" + index + "]");
        }
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

    private void checkVariables(IndexSnapshot snapshot, Station station, ForecastQuery query) {
        for (Horizon h : query.horizons()) {
            snapshot.index(station.id, h).ifPresent(index -> {
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

    private static Instant floorToHour(Instant time) {
        return Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), 3600) * 3600);
    }

    @PreDestroy
    void shutdown() {
        horizonPool.shutdownNow();
    }
}
