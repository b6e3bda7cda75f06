package io.analogcast.forecast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.analogcast.analog.AnalogIndex;
import io.analogcast.analog.Horizon;
import io.analogcast.analog.IncompleteStateException;
import io.analogcast.analog.IndexBuildServed;
import io.analogcast.analog.IndexLifecycle;
import io.analogcast.analog.IndexSnapshot;
import io.analogcast.cache.TwoTierCache;
import io.analogcast.config.AnalogcastConfig;
import io.analogcast.error.ProblemException;
import io.analogcast.forecast.ForecastDtos.DataInfo;
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

import java.time.Instant;
import java.util.ArrayList;
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

    /** Requests pre-computed at startup: the popular ones of the original system. */
    static final List<Map.Entry<String, String>> POPULAR = List.of(Map.entry("24h", "t2m,u10,v10,msl"),
            Map.entry("6h", "t2m,u10,v10"), Map.entry("48h", "t2m,msl"), Map.entry("12h", "t2m,u10,v10,msl,precip"));

    private final AnalogcastConfig config;
    private final IndexLifecycle lifecycle;
    private final ObservationStore store;
    private final ServiceMetrics metrics;
    private final ExecutorService horizonPool;
    private final TwoTierCache cache;
    private final ObjectMapper json;
    private final IssuedForecastLog issued;
    private final AnalogMethod method;

    public ForecastService(AnalogcastConfig config, IndexLifecycle lifecycle, ObservationStore store,
            ServiceMetrics metrics, TwoTierCache cache, ObjectMapper json, IssuedForecastLog issued) {
        this.issued = issued;
        this.method = AnalogMethod.from(config.forecast());
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
        Optional<Instant> stateTime = query.time() != null ? Optional.of(floorToHour(query.time()))
                : store.latestInMemory(station.id);
        if (stateTime.isEmpty()) {
            return Optional.empty();
        }
        try (IndexSnapshot snapshot = lifecycle.acquire()) {
            return cache.localOrRunning("forecast", query.cacheKey(snapshot.libraryKey(station.id), stateTime.get()))
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
        ForecastState state = state(station, query);
        try (IndexSnapshot snapshot = lifecycle.acquire()) {
            checkVariables(snapshot, station, query);
            String cacheKey = query.explicitState() == null
                    ? query.cacheKey(snapshot.libraryKey(station.id), state.time()) : null;
            // serialized once: the cache keeps the text, and a cached answer is written as it is
            Supplier<String> compute = () -> serialize(computeAll(snapshot, query, station, state, record));
            String forecasts = cacheKey == null ? compute.get() : cache.get("forecast", cacheKey, compute);
            return response(station, state.time(), forecasts, started);
        }
    }

    private static ForecastResponse response(Station station, Instant stateTime, String forecasts, long started) {
        return new ForecastResponse(new StationInfo(station.id, station.name, station.latitude, station.longitude),
                new DataInfo(station.source, station.synthetic()), stateTime, new SerializedForecasts(forecasts),
                (System.nanoTime() - started) / 1e6);
    }

    private String serialize(List<HorizonForecast> forecasts) {
        try {
            return json.writeValueAsString(forecasts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("forecasts are not serializable", e);
        }
    }

    /** The state the query starts from: explicit, at a past time, or the latest observation. */
    private ForecastState state(Station station, ForecastQuery query) {
        if (query.explicitState() != null) {
            return ForecastState.explicit(floorToHour(query.time()), query.explicitState(), station.longitude);
        }
        Instant stateTime = query.time() != null ? floorToHour(query.time()) : store.latest(station.id).orElseThrow(
                () -> ProblemException.notFound("no-data", "station " + station.id + " has no observations"));
        HourlySeries window = store.window(station.id, stateTime, lifecycle.settings().windowHours() + 6).orElseThrow(
                () -> ProblemException.notFound("no-data", "no observations of station " + station.id + " at "
                        + stateTime + store.extent(station.id).map(e -> "; data covers " + e[0] + " to " + e[1])
                                .orElse("; the station has no observations")));
        return ForecastState.observed(window, window.indexOf(stateTime), station.longitude);
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
        AnalogIndex index = index(snapshot, station, horizon);
        AnalogMethod.Embedded embedded = embed(index, state, query);
        long searchStarted = System.nanoTime();
        HorizonEnsemble ensemble = method.forecastAll(index, List.of(embedded)).get(0);
        metrics.faissSearch(horizon, index.manifest().spec().type().configName(), System.nanoTime() - searchStarted);
        return mapped(ensemble, station, state, query);
    }

    private static AnalogIndex index(IndexSnapshot snapshot, Station station, Horizon horizon) {
        return snapshot.index(station.id, horizon).orElseThrow(() -> ProblemException.notFound("no-index",
                "no " + horizon + " index for station " + station.id + " (too little complete history to build one)"));
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
                responses.add(response(item.station(), item.state().time(), text, started));
            }
            return responses;
        }
    }

    /** A request of a batch (at {@code position}): its station, state and cache look-up (null: not cached). */
    private record BatchItem(int position, ForecastQuery query, Station station, ForecastState state,
            TwoTierCache.Lookup cached, HorizonForecast[] forecasts) {

        String cachedText() {
            return cached == null ? null : cached.cached();
        }
    }

    /** One horizon's search of a batch item. */
    private record Search(BatchItem item, int horizon, AnalogIndex index, AnalogMethod.Embedded embedded) {
    }

    private BatchItem batchItem(IndexSnapshot snapshot, int position, ForecastQuery query) {
        Station station = station(query.stationId());
        ForecastState state = state(station, query);
        checkVariables(snapshot, station, query);
        TwoTierCache.Lookup cached = query.explicitState() == null
                ? cache.find("forecast", query.cacheKey(snapshot.libraryKey(station.id), state.time())) : null;
        return new BatchItem(position, query, station, state, cached, new HorizonForecast[query.horizons().size()]);
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

    /**
     * Computes the popular requests for every station when a build is served, so the first clients find them
     * cached. Warm-up forecasts are not issued to anyone, so they are not recorded.
     */
    void warmOnServe(@Observes IndexBuildServed served) {
        Log.infof("warmed the cache with %d popular forecasts of build %s", warm(), served.buildId());
    }

    int warm() {
        int warmed = 0;
        for (Station station : store.stations()) {
            for (Map.Entry<String, String> popular : POPULAR) {
                try {
                    forecast(new ForecastQuery(station.id, null, List.of(Horizon.parse(popular.getKey())),
                            java.util.Arrays.stream(popular.getValue().split(",")).map(id -> Variable.byId(id).orElseThrow())
                                    .toList(), config.forecast().defaultK(), Map.of(), false, null), false);
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
