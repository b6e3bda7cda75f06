package io.analogcast;

import io.analogcast.analog.IndexLifecycle;
import io.analogcast.config.AnalogcastConfig;
import io.analogcast.demo.SyntheticWeatherGenerator;
import io.analogcast.observation.ObservationRecord;
import io.analogcast.observation.IngestService;
import io.analogcast.observation.ObservationStore;
import io.analogcast.observation.importer.ImportOptions;
import io.analogcast.observation.importer.ObservationImporter;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Boot sequence: seed an empty database from the configured source (synthetic demo data by default), read the
 * stations, then hand over to the index lifecycle (build when allowed and needed, then serve the build's catalog).
 * No station's files or observations are read here: each is opened by its first request.
 */
@ApplicationScoped
public class DataBootstrap {

    private final AnalogcastConfig config;
    private final ObservationStore store;
    private final IndexLifecycle lifecycle;
    private final IngestService ingest;
    private volatile boolean ready;

    public DataBootstrap(AnalogcastConfig config, ObservationStore store, IndexLifecycle lifecycle,
            IngestService ingest) {
        this.config = config;
        this.store = store;
        this.lifecycle = lifecycle;
        this.ingest = ingest;
    }

    /** True once the boot sequence has run (the startup probe); readiness also needs a served build. */
    public boolean ready() {
        return ready;
    }

    void onStart(@Observes StartupEvent event) {
        seedIfEmpty();
        store.loadStations();
        if (store.stations().isEmpty()) {
            Log.warn("no stations in the database: serving no forecasts until data arrives");
        } else if (config.index().loadOnBoot()) {
            lifecycle.start((fraction, label) -> Log.debugf("index build %.0f%% %s", fraction * 100, label));
        }
        ready = true;
    }

    public void seedIfEmpty() {
        String source = config.data().source();
        if (source.equals("none") || !store.isEmpty()) {
            return; // a serving pod (none) does not even ask
        }
        switch (source) {
            case "demo" -> seedDemo(config.demo());
            default -> importFile(ObservationImporter.forFormat(source, ImportOptions.DEFAULTS).orElseThrow(() ->
                    new ConfigurationException("analogcast.data.source=" + source + " is not valid: use demo, "
                            + ObservationImporter.formats() + " or none", Set.of("analogcast.data.source"))));
        }
    }

    /** One station at a time, so the records of only one are in memory. */
    private void seedDemo(AnalogcastConfig.Demo demo) {
        long hours = 0;
        for (int site = 1; site <= demo.stations(); site++) {
            List<ObservationRecord> records = SyntheticWeatherGenerator.forSite(site, demo.seed())
                    .generate(demo.startYear(), demo.years());
            store.ingest(List.of(SyntheticWeatherGenerator.site(site)), records);
            hours += records.size();
        }
        Log.infof("seeded %d hours of SYNTHETIC demo data for %s", hours, demo.stations() == 1
                ? "station " + SyntheticWeatherGenerator.STATION_ID : demo.stations() + " synthetic stations");
    }

    private void importFile(ObservationImporter importer) {
        Path file = Path.of(config.data().path().orElseThrow(() -> new ConfigurationException(
                "analogcast.data.path is required with analogcast.data.source=" + importer.format(),
                Set.of("analogcast.data.path"))));
        ingest.importFile(importer, file, Set.copyOf(config.data().stations().orElse(List.of())));
    }
}
