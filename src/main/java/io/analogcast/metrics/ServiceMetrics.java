package io.analogcast.metrics;

import io.analogcast.analog.Horizon;
import io.analogcast.analog.IndexBuildRejected;
import io.analogcast.analog.IndexLifecycle;
import io.analogcast.analog.IndexSnapshot;
import io.analogcast.analog.StationOpened;
import jakarta.enterprise.event.Observes;
import io.analogcast.cache.TwoTierCache;
import io.analogcast.observation.importer.ImportReport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Analogcast's own meters. Index gauges read the build being served at scrape time, so a reload needs no
 * re-registration and a replaced build is never kept alive by a gauge; stations are counted, never one series each.
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
        Gauge.builder("analogcast.index.library.changes", indices, IndexLifecycle::changes)
                .description("Changes of the served analog library (new builds, appended rows, refused builds)")
                .register(meters);
        // counts, not one series per station: a network of thousands of stations stays a handful of series
        stations("analogcast.index.stations.served", "Stations with indices in the served build", c -> c.served());
        stations("analogcast.index.stations.unindexed", "Stations of the served build without any index (build-index "
                + "logs why)", c -> c.unindexed());
        stations("analogcast.index.stations.open", "Stations open now (indices mapped, recent observations held)",
                c -> c.open());
        stations("analogcast.index.stations.refused", "Stations of the served build whose files could not be used",
                c -> c.refused());
        stations("analogcast.index.mapped.bytes", "Bytes of the open stations' indices and sidecars (mapped or "
                + "native)", c -> c.mappedBytes());
        FunctionCounter.builder("analogcast.index.station.opens", indices, l -> l.stationCounts().opened())
                .description("Stations opened by a first request").register(meters);
        FunctionCounter.builder("analogcast.index.station.evictions", indices, l -> l.stationCounts().evicted())
                .description("Open stations evicted by the bound on open stations").register(meters);
    }

    private void stations(String name, String description, ToDoubleFunction<IndexLifecycle.StationCounts> value) {
        Gauge.builder(name, indices, l -> value.applyAsDouble(l.stationCounts())).description(description)
                .register(meters);
    }

    void onOpened(@Observes StationOpened opened) {
        Timer.builder("analogcast.index.station.open").description("Time to open a station at its first request "
                + "(files verified and mapped, recent observations read)").register(meters)
                .record(Duration.ofNanos(opened.nanos()));
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
