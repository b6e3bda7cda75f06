package io.analogcast.cli;

import io.analogcast.observation.IngestService;
import io.analogcast.observation.importer.ImportFormatException;
import io.analogcast.observation.importer.ImportOptions;
import io.analogcast.observation.importer.ImportReport;
import io.analogcast.observation.importer.InputUnit;
import io.analogcast.observation.importer.ObservationImporter;
import io.quarkus.logging.Log;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** A CDI bean (created through {@link CdiFactory}), kept although nothing injects it. */
@Dependent
@Unremovable
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Upserts observation files into the database, each file in one transaction, and prints what "
                + "was read: rows accepted, rows and values rejected (with line numbers in the log), columns ignored.")
public class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FORMAT", description = "canonical-csv, beijing-csv or isd-lite "
            + "(docs/data-format.md)")
    String format;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = "files, plain or gzipped; for "
            + "isd-lite also directories of USAF-WBAN-YEAR[.gz] files")
    List<Path> files;

    @Option(names = "--stations", split = ",", paramLabel = "ID", description = "import only these station ids")
    Set<String> stations = Set.of();

    @Option(names = "--timezone", paramLabel = "ZONE", defaultValue = "UTC", description = "zone of times written "
            + "without an offset (canonical-csv; a 'timezone' column overrides it per row), default ${DEFAULT-VALUE}")
    ZoneId timezone;

    @Option(names = "--units", split = ",", paramLabel = "UNIT", description = "units of the file's values where they "
            + "are not Analogcast's (canonical-csv): degF or K; km/h, mph or knots; kPa or inHg; in")
    List<InputUnit> units = List.of();

    @Option(names = "--strict", description = "refuse a file with columns the format does not know (canonical-csv; "
            + "otherwise they are ignored and listed)")
    boolean strict;

    @Option(names = "--station-list", paramLabel = "FILE", description = "station names and coordinates: NOAA's "
            + "isd-history.csv (isd-lite)")
    Path stationList;

    @Inject
    IngestService ingest;

    @Override
    public Integer call() {
        ImportOptions options;
        try {
            options = new ImportOptions(timezone, strict, units, stationList);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ObservationImporter importer = ObservationImporter.forFormat(format, options).orElseThrow(() ->
                new ParameterException(spec.commandLine(), "unknown format '" + format + "'; known: "
                        + ObservationImporter.formats()));
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                throw new ParameterException(spec.commandLine(), "cannot read " + file);
            }
        }
        for (Path file : files) {
            long started = System.nanoTime();
            ImportReport report;
            try {
                report = ingest.importFile(importer, file, stations);
            } catch (ImportFormatException e) {
                System.err.println("import: " + file + ": " + e.getMessage() + "; nothing of it was stored");
                return 1;
            } catch (RuntimeException e) {
                // one transaction per file: a database that fails half-way (full, gone) keeps none of the file
                Log.debug("import failed", e);
                System.err.println("import: " + e.getMessage().lines().findFirst().orElse("") + "; no observation of "
                        + file + " was stored");
                return 1;
            }
            System.out.printf("imported %s in %.1f s: %s%n", file, (System.nanoTime() - started) / 1e9, report);
        }
        return 0;
    }
}
