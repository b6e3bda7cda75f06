package io.analogcast.cli;

import io.analogcast.analog.IndexLifecycle;
import io.analogcast.analog.IndexBuildLog;
import io.analogcast.observation.IngestService;
import io.analogcast.observation.ObservationStore;
import io.analogcast.observation.importer.ImportReport;
import io.analogcast.observation.importer.ObservationImporter;
import io.analogcast.config.AnalogcastConfig;
import io.analogcast.database.DatabaseStartFailure;
import io.analogcast.faiss.FaissIndex;
import io.analogcast.verification.EvaluationSettings;
import io.analogcast.verification.VerificationReport;
import io.analogcast.verification.VerificationService;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
              build-index [--shard I/N --run ID]   build FAISS indices for the data in the database, publish
                                                   them and exit; with --shard, build share I of N of the
                                                   stations for run ID; the shard that completes the run
                                                   merges the shares and publishes one build
              evaluate --from DATE --to DATE [--stations a,b] [--stride-hours N] [--refit-days N] [--out DIR]
                                                   rolling-origin verification over [from, to) (UTC dates or
                                                   instants); writes verification.json and verification.html
            """;

    @Inject
    ObservationStore store;
    @Inject
    IndexLifecycle registry;
    @Inject
    IndexBuildLog buildLog;
    @Inject
    IngestService ingest;
    @Inject
    VerificationService verification;
    @Inject
    AnalogcastConfig config;

    public static void main(String... args) {
        // every native buffer is closed explicitly (FaissIndex, search scratch): no deallocator thread needed
        if (System.getProperty("org.bytedeco.javacpp.nopointergc") == null) {
            System.setProperty("org.bytedeco.javacpp.nopointergc", "true");
        }
        if (args.length == 0) {
            FaissIndex.loadInBackground();
            // SIGTERM is how Kubernetes asks a pod to stop: shut down gracefully (in-flight requests complete, queued
            // issued forecasts are written) and report success, not the signal's 143
            try {
                sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> System.exit(0));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                System.err.println("SIGTERM handler not installed (" + e.getMessage() + "): stopping exits with 143");
            }
        } else {
            // a command: no index loading at boot, no seeding, and no clash with a running service's port
            System.setProperty("analogcast.index.load-on-boot", "false");
            System.setProperty("quarkus.http.port", "0");
            if (args[0].equals("import")) {
                System.setProperty("analogcast.data.source", "none");
            }
        }
        Quarkus.run(AnalogcastMain.class, AnalogcastMain::exit, args);
    }

    /** Quarkus's exit, after one line instead of a stack trace when the database cannot be used at start. */
    private static void exit(int code, Throwable failure) {
        DatabaseStartFailure.explain(failure).ifPresent(System.err::println);
        System.exit(code);
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
            case "build-index" -> buildIndex(arguments.subList(1, arguments.size()));
            case "import" -> importFile(arguments.subList(1, arguments.size()));
            case "evaluate" -> evaluate(arguments.subList(1, arguments.size()));
            default -> usage("unknown command '" + arguments.get(0) + "'");
        };
    }

    private int buildIndex(List<String> arguments) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < arguments.size(); i += 2) {
            if (!Set.of("--shard", "--run").contains(arguments.get(i)) || i + 1 >= arguments.size()) {
                return usage("build-index: expected --shard I/N and --run ID, got '" + arguments.get(i) + "'");
            }
            options.put(arguments.get(i), arguments.get(i + 1));
        }
        if (options.containsKey("--shard") != options.containsKey("--run")) {
            return usage("build-index: --shard and --run go together");
        }
        if (store.stations().isEmpty()) {
            // a fresh deployment's index Job runs before anything was imported: not a failure
            System.out.println("build-index: the database holds no observations yet, nothing to build (import or "
                    + "POST observations, then build again)");
            return 0;
        }
        ProgressBar bar = ProgressBar.onStderr();
        Optional<String> buildId;
        try {
            if (options.containsKey("--shard")) {
                java.util.regex.Matcher shard = java.util.regex.Pattern.compile("(\\d{1,6})/(\\d{1,6})")
                        .matcher(options.get("--shard"));
                if (!shard.matches()) {
                    return usage("build-index: --shard wants I/N (share I of N, from 0), got '"
                            + options.get("--shard") + "'");
                }
                buildId = registry.buildShard(options.get("--run"), Integer.parseInt(shard.group(1)),
                        Integer.parseInt(shard.group(2)), bar::update);
            } else {
                buildId = Optional.of(registry.build(bar::update));
            }
        } catch (IndexLifecycle.BuildRejectedException e) {
            System.err.println(e.getMessage());
            return 3;
        } catch (IllegalArgumentException e) {
            return usage("build-index: " + e.getMessage());
        } catch (RuntimeException e) {
            // a full disk, a read-only directory, a database gone: one line says what, the log has the trace
            io.quarkus.logging.Log.debug("build-index failed", e);
            System.err.println("build-index: " + e.getMessage());
            return 1;
        }
        if (buildId.isEmpty()) {
            System.out.println("built shard " + options.get("--shard") + " of run " + options.get("--run")
                    + "; the shard that completes the run publishes the build");
            return 0;
        }
        try {
            buildLog.record(registry.directory().manifests(buildId.get()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        System.out.println("built index " + buildId.get() + " for " + store.stations().size()
                + " station(s), horizons " + registry.horizons());
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
        ImportReport report;
        try {
            report = ingest.importFile(importer, file, stations);
        } catch (RuntimeException e) {
            // one transaction: a database that fails half-way (full, gone) keeps none of the file's observations
            io.quarkus.logging.Log.debug("import failed", e);
            System.err.println("import: " + e.getMessage().lines().findFirst().orElse("") + "; no observation of "
                    + file + " was stored");
            return 1;
        }
        System.out.printf("imported %s in %.1f s: %s%n", file, (System.nanoTime() - started) / 1e9, report);
        return 0;
    }

    private int evaluate(List<String> arguments) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < arguments.size(); i += 2) {
            if (!arguments.get(i).startsWith("--") || i + 1 >= arguments.size()) {
                return usage("evaluate: expected --option value pairs, got '" + arguments.get(i) + "'");
            }
            options.put(arguments.get(i).substring(2), arguments.get(i + 1));
        }
        if (!options.containsKey("from") || !options.containsKey("to")) {
            return usage("evaluate needs --from and --to");
        }
        EvaluationSettings settings;
        try {
            settings = verification.settings(instant(options.get("from")), instant(options.get("to")),
                    options.containsKey("stations") ? List.of(options.get("stations").split(",")) : List.of(),
                    options.containsKey("stride-hours") ? Integer.valueOf(options.get("stride-hours")) : null,
                    options.containsKey("refit-days") ? Integer.valueOf(options.get("refit-days")) : null);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return usage("evaluate: " + e.getMessage());
        }
        Path out = Path.of(options.getOrDefault("out", config.verification().directory()));
        ProgressBar bar = ProgressBar.onStderr();
        VerificationReport report = verification.evaluate(settings, out, bar::update);
        long met = report.targets().stream().filter(VerificationReport.TargetCheck::met).count();
        System.out.printf("%d forecasts in %.0f s; %d of %d targets met; report: %s, %s%n",
                report.meta().forecasts(), report.meta().runtimeSeconds(), met, report.targets().size(),
                out.resolve(VerificationService.JSON_FILE), out.resolve(VerificationService.HTML_FILE));
        for (VerificationReport.SkillRow r : report.summary()) {
            System.out.printf("  %-6s %-4s CRPSS clim %s  pers %s  spread/skill %.2f  (%d cases, %d missing)%n",
                    r.variable(), r.horizon(), interval(r.crpssClimatology()), interval(r.crpssPersistence()),
                    r.spreadSkill(), r.cases(), r.missingObservations());
        }
        return 0;
    }

    private static String interval(VerificationReport.Interval i) {
        return String.format(java.util.Locale.ROOT, "%6.3f [%6.3f, %6.3f]", i.value(), i.low(), i.high());
    }

    /** A UTC date (2016-03-01) or an instant (2016-03-01T00:00:00Z). */
    private static Instant instant(String text) {
        return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
    }

    private static int usage(String problem) {
        System.err.println(problem);
        System.err.print(USAGE);
        return 2;
    }
}
