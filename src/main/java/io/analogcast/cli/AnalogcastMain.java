package io.analogcast.cli;

import io.analogcast.analog.AnalogIndexRegistry;
import io.analogcast.analog.IndexBuildLog;
import io.analogcast.observation.IngestService;
import io.analogcast.observation.ObservationStore;
import io.analogcast.observation.importer.ImportReport;
import io.analogcast.observation.importer.ObservationImporter;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Entry point: without arguments the service runs; a command does one job against the configured database and
 * exits: {@code import} loads a file, {@code build-index} builds the indices with a progress bar.
 */
@QuarkusMain
public class AnalogcastMain implements QuarkusApplication {

    static final String USAGE = """
            usage: analogcast [command]
              (none)                               run the service
              import <format> <file> [stations]    upsert a file into the database; format canonical-csv or
                                                   beijing-csv; stations: comma-separated ids to keep (default all)
              build-index                          build FAISS indices for the data in the database and exit
            """;

    @Inject
    ObservationStore store;
    @Inject
    AnalogIndexRegistry registry;
    @Inject
    IndexBuildLog buildLog;
    @Inject
    IngestService ingest;

    public static void main(String... args) {
        if (args.length > 0) {
            // a command: no index loading at boot, no seeding, and no clash with a running service's port
            System.setProperty("analogcast.index.load-on-boot", "false");
            System.setProperty("quarkus.http.port", "0");
            if (args[0].equals("import")) {
                System.setProperty("analogcast.data.source", "none");
            }
        }
        Quarkus.run(AnalogcastMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help")) {
            System.out.print(USAGE);
            return 0;
        }
        return switch (arguments.get(0)) {
            case "build-index" -> buildIndex();
            case "import" -> importFile(arguments.subList(1, arguments.size()));
            default -> usage("unknown command '" + arguments.get(0) + "'");
        };
    }

    private int buildIndex() {
        ProgressBar bar = ProgressBar.onStderr();
        String buildId = registry.build(bar::update);
        buildLog.record(registry.load(buildId));
        System.out.println("built index " + buildId + " for " + store.stations().size() + " station(s), horizons "
                + registry.horizons());
        return 0;
    }

    private int importFile(List<String> arguments) {
        if (arguments.size() < 2 || arguments.size() > 3) {
            return usage("import needs a format and a file");
        }
        ObservationImporter importer = ObservationImporter.forFormat(arguments.get(0)).orElse(null);
        if (importer == null) {
            return usage("unknown format '" + arguments.get(0) + "'");
        }
        Path file = Path.of(arguments.get(1));
        if (!Files.isReadable(file)) {
            return usage("cannot read " + file);
        }
        Set<String> stations = arguments.size() == 3 ? Set.of(arguments.get(2).split(",")) : Set.of();
        long started = System.nanoTime();
        ImportReport report = ingest.importFile(importer, file, stations);
        System.out.printf("imported %s in %.1f s: %s%n", file, (System.nanoTime() - started) / 1e9, report);
        return 0;
    }

    private static int usage(String problem) {
        System.err.println(problem);
        System.err.print(USAGE);
        return 2;
    }
}
