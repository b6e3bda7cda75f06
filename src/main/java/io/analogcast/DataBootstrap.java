package io.analogcast;

import io.analogcast.analog.AnalogIndex;
import io.analogcast.analog.AnalogIndexRegistry;
import io.analogcast.analog.IndexBuildLog;
import io.analogcast.config.AnalogcastConfig;
import io.analogcast.demo.SyntheticWeatherGenerator;
import io.analogcast.forecast.ForecastService;
import io.analogcast.metrics.ServiceMetrics;
import io.analogcast.observation.ObservationRecord;
import io.analogcast.observation.IngestService;
import io.analogcast.observation.ObservationStore;
import io.analogcast.observation.importer.BeijingCsvImporter;
import io.analogcast.observation.importer.CanonicalCsvImporter;
import io.analogcast.observation.importer.ObservationImporter;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Boot sequence: seed an empty database from the configured source (synthetic demo data by default), load the
 * observations into memory, then build (if needed) and load the indices. The service answers only after this.
 */
@ApplicationScoped
public class DataBootstrap {

    private final AnalogcastConfig config;
    private final ObservationStore store;
    private final AnalogIndexRegistry registry;
    private final ServiceMetrics metrics;
    private final ForecastService forecasts;
    private final IndexBuildLog buildLog;
    private final IngestService ingest;
    private volatile boolean ready;

    public DataBootstrap(AnalogcastConfig config, ObservationStore store, AnalogIndexRegistry registry,
            ServiceMetrics metrics, ForecastService forecasts, IndexBuildLog buildLog, IngestService ingest) {
        this.buildLog = buildLog;
        this.ingest = ingest;
        this.config = config;
        this.store = store;
        this.registry = registry;
        this.metrics = metrics;
        this.forecasts = forecasts;
    }

    /** True once data and indices are in place (the startup probe). */
    public boolean ready() {
        return ready;
    }

    void onStart(@Observes StartupEvent event) {
        seedIfEmpty();
        store.reload();
        if (store.stations().isEmpty()) {
            Log.warn("no stations in the database: serving no forecasts until data arrives");
        } else if (config.index().loadOnBoot()) {
            registry.ensureLoaded(config.index().buildOnBoot(),
                    (fraction, label) -> Log.debugf("index build %.0f%% %s", fraction * 100, label));
            registry.current().all().forEach(metrics::index);
            buildLog.record(registry.current().all().map(AnalogIndex::manifest).toList());
            Log.infof("warmed the cache with %d popular forecasts", forecasts.warm());
        }
        ready = true;
    }

    public void seedIfEmpty() {
        if (!store.isEmpty()) {
            return;
        }
        String source = config.data().source();
        switch (source) {
            case "none" -> Log.info("analogcast.data.source=none: starting with the database as it is");
            case "demo" -> {
                SyntheticWeatherGenerator generator = new SyntheticWeatherGenerator(config.demo().seed());
                List<ObservationRecord> records = generator.generate(config.demo().startYear(), config.demo().years());
                store.ingest(List.of(SyntheticWeatherGenerator.station()), records);
                Log.infof("seeded %d hours of SYNTHETIC demo data for station %s", records.size(),
                        SyntheticWeatherGenerator.STATION_ID);
            }
            default -> importFile(ObservationImporter.forFormat(source).orElseThrow(() -> new IllegalArgumentException(
                    "analogcast.data.source: unknown source '" + source + "'; use demo, "
                            + CanonicalCsvImporter.FORMAT + ", " + BeijingCsvImporter.FORMAT + " or none")));
        }
    }

    private void importFile(ObservationImporter importer) {
        Path file = Path.of(config.data().path().orElseThrow(() -> new IllegalArgumentException(
                "analogcast.data.path is required with analogcast.data.source=" + importer.format())));
        ingest.importFile(importer, file, Set.copyOf(config.data().stations().orElse(List.of())));
    }
}
