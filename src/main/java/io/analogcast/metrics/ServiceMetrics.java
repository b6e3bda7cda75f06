package io.analogcast.metrics;

import io.analogcast.analog.AnalogIndex;
import io.analogcast.analog.Horizon;
import io.analogcast.analog.IndexBuildRejected;
import io.analogcast.analog.IndexBuildServed;
import io.analogcast.analog.IndexLifecycle;
import io.analogcast.analog.IndexManifest;
import io.analogcast.analog.IndexSnapshot;
import jakarta.enterprise.event.Observes;
import io.analogcast.cache.TwoTierCache;
import io.analogcast.observation.importer.ImportReport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Analogcast's own meters. Index gauges read the build being served at scrape time, so a reload needs no
 * re-registration and a replaced build is never kept alive by a gauge.
 */
@ApplicationScoped
public class ServiceMetrics {

    private final MeterRegistry meters;
    private final IndexLifecycle indices;

    public ServiceMetrics(MeterRegistry meters, IndexLifecycle indices, TwoTierCache cache) {
        this.meters = meters;
        this.indices = indices;
        cache(cache);
        Gauge.builder("analogcast.index.build.age", this, m -> m.buildAgeSeconds())
                .description("Seconds since the served index build was loaded").baseUnit("seconds").register(meters);
        Gauge.builder("analogcast.index.library.generation", indices, l -> {
            try (IndexSnapshot snapshot = l.acquire()) {
                return snapshot.generation();
            }
        }).description("Changes of the served analog library (new builds and appended rows)").register(meters);
    }

    void onServed(@Observes IndexBuildServed served) {
        served.manifests().forEach(this::index);
    }

    void onRejected(@Observes IndexBuildRejected rejected) {
        meters.counter("analogcast.index.build.rejections").increment();
    }

    /** Records one FAISS search. */
    public void faissSearch(Horizon horizon, String indexType, long nanos) {
        Timer.builder("analogcast.faiss.search").description("FAISS analog search time")
                .tags("horizon", horizon.toString(), "index_type", indexType).register(meters)
                .record(Duration.ofNanos(nanos));
    }

    /** Records the ensemble statistics of one horizon's forecast. */
    public void ensemble(Horizon horizon, long nanos) {
        Timer.builder("analogcast.ensemble.compute").description("Ensemble statistics computation time")
                .tags("horizon", horizon.toString()).register(meters).record(Duration.ofNanos(nanos));
    }

    /** Gauges for one served index (idempotent: Micrometer keeps the first registration). */
    private void index(IndexManifest manifest) {
        String station = manifest.stationId();
        Horizon horizon = manifest.horizon();
        Tags tags = Tags.of("station", station, "horizon", horizon.toString(), "index_type",
                manifest.spec().type().configName());
        gauge("analogcast.index.vectors", "Analogs in the served library (build and appended rows)", tags, station,
                horizon, AnalogIndex::vectors);
        gauge("analogcast.index.appended.rows", "Analog rows appended since the build from newer observations", tags,
                station, horizon, AnalogIndex::appendedRows);
        gauge("analogcast.index.offheap.bytes", "Native bytes of the index and its mapped sidecar", tags, station,
                horizon, AnalogIndex::offHeapBytes);
    }

    /** A gauge read from the snapshot served at scrape time, so a replaced build is never kept alive by it. */
    private void gauge(String name, String description, Tags tags, String station, Horizon horizon,
            ToDoubleFunction<AnalogIndex> value) {
        Gauge.builder(name, indices, lifecycle -> {
            try (IndexSnapshot snapshot = lifecycle.acquire()) {
                return snapshot.index(station, horizon).map(value::applyAsDouble).orElse(Double.NaN);
            }
        }).description(description).tags(tags).register(meters);
    }

    /** Hit and miss counters per cache tier. */
    private void cache(TwoTierCache cache) {
        counter(cache, "local", "hit", s -> s.localHits());
        counter(cache, "local", "miss", s -> s.localMisses());
        counter(cache, "redis", "hit", s -> s.redisHits());
        counter(cache, "redis", "miss", s -> s.redisMisses());
    }

    private void counter(TwoTierCache cache, String tier, String result, ToDoubleFunction<TwoTierCache.Status> value) {
        FunctionCounter.builder("analogcast.cache.requests", cache, c -> value.applyAsDouble(c.counters()))
                .tags("tier", tier, "result", result).description("Cache look-ups per tier").register(meters);
    }

    /** Counts what an import did. */
    public void imported(ImportReport report) {
        meters.counter("analogcast.import.rows", "format", report.format(), "outcome", "accepted").increment(report.rowsAccepted());
        meters.counter("analogcast.import.rows", "format", report.format(), "outcome", "rejected").increment(report.rowsRejected());
        meters.counter("analogcast.import.values.rejected", "format", report.format()).increment(report.valuesRejected());
    }

    private double buildAgeSeconds() {
        Instant loadedAt;
        try (IndexSnapshot snapshot = indices.acquire()) {
            loadedAt = snapshot.loadedAt();
        }
        return Optional.ofNullable(loadedAt)
                .map(at -> (double) Duration.between(at, Instant.now()).toSeconds()).orElse(Double.NaN);
    }
}
