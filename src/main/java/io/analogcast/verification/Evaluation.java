package io.analogcast.verification;

import io.analogcast.forecast.ForecastState;
import io.analogcast.forecast.HorizonEnsemble;
import io.analogcast.forecast.WeightedEnsemble;
import io.analogcast.analog.AnalogIndex;
import io.analogcast.analog.AnalogIndexBuilder;
import io.analogcast.analog.IndexBuilder.BuildListener;
import io.analogcast.analog.Horizon;
import io.analogcast.analog.IncompleteStateException;
import io.analogcast.analog.IndexManifest;
import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.Station;
import io.analogcast.variable.Variable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Rolling-origin evaluation of analog-ensemble forecasts on any hourly data set. For each station, the indices
 * are rebuilt at every origin from the data strictly before it; each forecast issued at T searches only analogs
 * whose outcome was known at T. Every forecast is scored against what was observed, next to climatology
 * ({@link Climatology}), persistence and a persistence-climatology blend ({@link DampedPersistence}).
 */
public final class Evaluation {

    /**
     * One scored forecast of one variable. Reference scores are NaN where the reference had no value;
     * {@code climatologyFellBack} when climatology needed a window wider than the reference one.
     */
    record Case(int day, double crps, double crpsClimatology, double crpsPersistence, double crpsDiurnal,
            double crpsBlend, boolean climatologyFellBack, double error, double variance, int members, double pit) {
    }

    record EventCase(int day, double probability, double climatologyProbability, boolean occurred) {
    }

    /** Cases of one station, variable and horizon, and what could not be scored. */
    static final class CaseLog {
        final List<Case> cases = new ArrayList<>();
        long missingObservations;
        long noForecast;
    }

    record Key(String station, Variable variable, Horizon horizon) {
    }

    record EventKey(String station, EventDefinition event, Horizon horizon) {
    }

    private static final int FAN_DAYS = 21;

    private final EvaluationSettings settings;
    private final Map<Key, CaseLog> logs = new HashMap<>();
    private final Map<EventKey, List<EventCase>> events = new HashMap<>();
    private final List<VerificationReport.FanPoint> fan = new ArrayList<>();
    private final SplittableRandom random;
    private String fanStation;
    private long forecasts;

    public Evaluation(EvaluationSettings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
    }

    /** Runs over the given stations; {@code progress} receives the fraction done. */
    public VerificationReport run(List<Station> stations, Map<String, HourlySeries> series, String dataSource,
            BuildListener progress) {
        long started = System.nanoTime();
        List<Instant> origins = origins();
        int steps = stations.size() * origins.size() * settings.horizons().size();
        int done = 0;
        Path work = tempDirectory();
        // what each station's states are made of (the history before the period decides; later refits rarely differ)
        Map<String, List<String>> stationPredictors = new java.util.TreeMap<>();
        try {
            for (Station station : stations) {
                HourlySeries full = series.get(station.id);
                if (full == null || full.isEmpty()) {
                    stationPredictors.put(station.id, List.of());
                    done += origins.size() * settings.horizons().size();
                    continue;
                }
                if (fanStation == null) {
                    fanStation = station.id;
                }
                HourlySeries history = full.before(settings.from());
                stationPredictors.put(station.id, settings.build().predictorsFor(history).stream().map(Variable::id)
                        .toList());
                Climatology climatology = new Climatology(full, settings.variables());
                Map<EventDefinition, Double> thresholds = new HashMap<>();
                settings.events().forEach(e -> thresholds.put(e, climatology.threshold(e, settings.from())));
                AnalogIndexBuilder builder = new AnalogIndexBuilder(settings.build()); // fits an origin's anchors once
                for (int o = 0; o < origins.size(); o++) {
                    Instant origin = origins.get(o);
                    Instant next = o + 1 < origins.size() ? origins.get(o + 1) : settings.to();
                    HourlySeries known = full.before(origin);
                    Map<Horizon, DampedPersistence> blends = DampedPersistence.fit(known, settings.variables(),
                            settings.horizons());
                    for (Horizon horizon : settings.horizons()) {
                        progress.progress((double) done / steps, station.id + " " + horizon + " from " + origin);
                        forecastWindow(builder, station, full, known, new References(climatology, thresholds,
                                blends.get(horizon)), horizon, origin, next, work);
                        done++;
                    }
                }
            }
            progress.progress(1.0, "scoring");
        } finally {
            deleteRecursively(work);
        }
        return new ReportBuilder(settings, random).build(logs, events, fanStation, fan, stations, dataSource,
                forecasts, (System.nanoTime() - started) / 1e9, stationPredictors);
    }

    /** Origins every refit-days from the start of the period. */
    List<Instant> origins() {
        List<Instant> origins = new ArrayList<>();
        for (Instant o = settings.from(); o.isBefore(settings.to()); o = o.plusSeconds(settings.refitDays() * 86_400L)) {
            origins.add(o);
        }
        return origins;
    }

    private void forecastWindow(AnalogIndexBuilder builder, Station station, HourlySeries full, HourlySeries known,
            References references, Horizon horizon, Instant origin, Instant next, Path work) {
        Path dir = work.resolve(station.id + "-" + horizon + "-" + origin.getEpochSecond());
        IndexManifest manifest;
        try {
            manifest = builder.build(known, station, horizon, dir, "evaluation",
                    "evaluation", f -> {
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Instant> times = issueTimes(origin, next);
        if (manifest == null) {
            // too little history before this origin: every forecast of the window is unavailable
            for (Variable v : settings.variables()) {
                log(station.id, v, horizon).noForecast += times.size();
            }
            return;
        }
        AnalogIndexBuilder.Files3 files = AnalogIndexBuilder.Files3.in(dir, station.id, horizon);
        try (AnalogIndex index = AnalogIndex.open(files.faiss(), files.sidecar(), manifest, false)) {
            for (Instant issued : times) {
                forecastAt(station, full, references, index, horizon, issued);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteRecursively(dir);
        }
    }

    private List<Instant> issueTimes(Instant origin, Instant next) {
        long stride = settings.strideHours() * 3600L;
        long first = settings.from().getEpochSecond();
        long start = origin.getEpochSecond();
        // align to the period's grid so that every origin continues the same sequence of issue times
        long t = first + Math.floorDiv(start - first + stride - 1, stride) * stride;
        List<Instant> times = new ArrayList<>();
        for (; t < next.getEpochSecond(); t += stride) {
            times.add(Instant.ofEpochSecond(t));
        }
        return times;
    }

    /** What a case is compared with: climatology (up to its issue time), the blend fitted at its origin, events. */
    private record References(Climatology climatology, Map<EventDefinition, Double> thresholds,
            DampedPersistence blend) {
    }

    private void forecastAt(Station station, HourlySeries full, References references, AnalogIndex index,
            Horizon horizon, Instant issued) {
        int i = full.indexOf(issued);
        int day = (int) ((issued.getEpochSecond() - settings.from().getEpochSecond()) / 86_400);
        HorizonEnsemble forecast;
        try {
            if (i < 0) {
                throw new IncompleteStateException("no data at " + issued);
            }
            // the service's own pipeline, on the library as it was at the origin
            forecast = settings.method().forecast(index, ForecastState.observed(full, i, station.longitude),
                    settings.k(), settings.variables());
        } catch (IncompleteStateException e) {
            for (Variable v : settings.variables()) {
                log(station.id, v, horizon).noForecast++;
            }
            return;
        }
        forecasts++;
        int valid = i + horizon.hours();
        Instant validTime = issued.plusSeconds(horizon.seconds());
        Map<Variable, WeightedEnsemble> ensembles = new HashMap<>();
        Map<Variable, Climatology.Reference> climates = new HashMap<>();
        for (Variable v : settings.variables()) {
            CaseLog log = log(station.id, v, horizon);
            if (!index.hasOutcome(v)) {
                log.noForecast++;
                continue;
            }
            WeightedEnsemble ensemble = forecast.ensemble(v);
            double observed = full.value(v, valid);
            if (ensemble.size() < 2) {
                log.noForecast++;
                continue;
            }
            ensembles.put(v, ensemble);
            if (Double.isNaN(observed)) {
                log.missingObservations++; // counted, never scored as zero
                continue;
            }
            Climatology.Reference climate = references.climatology().at(v, validTime, issued);
            climates.put(v, climate);
            double persistence = full.value(v, i);
            // the latest value at the valid time's hour of day: yesterday's for 6h/12h, today's for 24h and 48h
            double diurnal = full.value(v, valid - 24 * (int) Math.ceil(horizon.hours() / 24.0));
            WeightedEnsemble blend = references.blend().forecast(v, issued, persistence, validTime);
            double mean = ensemble.mean();
            log.cases.add(new Case(day, Scores.fairCrps(ensemble, observed),
                    climate == null ? Double.NaN : Scores.fairCrps(climate.ensemble(), observed),
                    Double.isNaN(persistence) ? Double.NaN : Scores.pointCrps(persistence, observed),
                    Double.isNaN(diurnal) ? Double.NaN : Scores.pointCrps(diurnal, observed),
                    blend == null ? Double.NaN : Scores.fairCrps(blend, observed),
                    climate != null && climate.fellBack(), mean - observed, ensemble.variance(), ensemble.size(),
                    Scores.pit(ensemble, observed, random.nextDouble())));
            if (inFanChart(station, v, horizon)) {
                fan.add(new VerificationReport.FanPoint(validTime, ensemble.quantile(0.05), ensemble.quantile(0.25),
                        ensemble.quantile(0.5), ensemble.quantile(0.75), ensemble.quantile(0.95), observed));
            }
        }
        for (EventDefinition event : settings.events()) {
            WeightedEnsemble ensemble = ensembles.get(event.variable());
            double observed = full.value(event.variable(), valid);
            Double threshold = references.thresholds().get(event);
            if (ensemble == null || Double.isNaN(observed) || threshold == null) {
                continue;
            }
            // computed above for every case with an ensemble and an observation
            Climatology.Reference climate = climates.get(event.variable());
            events.computeIfAbsent(new EventKey(station.id, event, horizon), k -> new ArrayList<>())
                    .add(new EventCase(day, ensemble.exceedance(threshold),
                            climate == null ? Double.NaN : climate.ensemble().exceedance(threshold),
                            observed > threshold));
        }
    }

    /** The example fan chart: the first variable at 24 h for the first station, over its first three weeks. */
    private boolean inFanChart(Station station, Variable v, Horizon horizon) {
        return station.id.equals(fanStation) && v == settings.variables().get(0) && horizon.hours() == 24
                && fan.size() < FAN_DAYS * 24 / settings.strideHours();
    }

    private CaseLog log(String station, Variable v, Horizon h) {
        return logs.computeIfAbsent(new Key(station, v, h), k -> new CaseLog());
    }

    private static Path tempDirectory() {
        try {
            return Files.createTempDirectory("analogcast-evaluation");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


}
