package io.analogcast.cli;

import io.analogcast.config.AnalogcastConfig;
import io.analogcast.verification.EvaluationSettings;
import io.analogcast.verification.VerificationReport;
import io.analogcast.verification.VerificationService;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** A CDI bean (created through {@link CdiFactory}), kept although nothing injects it. */
@Dependent
@Unremovable
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Rolling-origin verification over [from, to): indices rebuilt from the data before each origin, "
                + "the served forecasting pipeline, scores against climatology, persistence and a persistence-climatology "
                + "blend; writes "
                + "verification.json and verification.html.")
public class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DATE", description = "first origin: a UTC date "
            + "(2016-03-01) or an instant (2016-03-01T00:00:00Z)")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DATE", description = "end of the period (exclusive)")
    String to;

    @Option(names = "--stations", split = ",", paramLabel = "ID", description = "stations to verify (default all)")
    List<String> stations = List.of();

    @Option(names = "--stride-hours", paramLabel = "N", description = "hours between origins")
    Integer strideHours;

    @Option(names = "--refit-days", paramLabel = "N", description = "days between index rebuilds")
    Integer refitDays;

    @Option(names = "--out", paramLabel = "DIR", description = "report directory (default "
            + "analogcast.verification.directory)")
    Path out;

    @Inject
    VerificationService verification;
    @Inject
    AnalogcastConfig config;

    @Override
    public Integer call() {
        EvaluationSettings settings;
        try {
            settings = verification.settings(instant(from), instant(to), stations, strideHours, refitDays);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path directory = out != null ? out : Path.of(config.verification().directory());
        ProgressBar bar = ProgressBar.onStderr();
        VerificationReport report = verification.evaluate(settings, directory, bar::update);
        if (report.meta().forecasts() == 0) {
            // stations without an index (no predictor observed often enough) or without data in the period
            System.err.println("evaluate: no forecast could be made in [" + from + ", " + to + ") for "
                    + report.meta().stations() + "; predictors per station: " + report.meta().stationPredictors()
                    + " (build-index logs why a station gets no index); report: " + directory);
            return 1;
        }
        long met = report.targets().stream().filter(VerificationReport.TargetCheck::met).count();
        System.out.printf("%d forecasts in %.0f s; %d of %d targets met; report: %s, %s%n",
                report.meta().forecasts(), report.meta().runtimeSeconds(), met, report.targets().size(),
                directory.resolve(VerificationService.JSON_FILE), directory.resolve(VerificationService.HTML_FILE));
        System.out.println("predictors: " + report.meta().stationPredictors());
        for (VerificationReport.SkillRow r : report.summary()) {
            System.out.printf("  %-6s %-4s CRPSS clim %s  pers %s  blend %s  spread/skill %.2f  (%d cases, %d missing"
                    + ", %d climatology fallbacks)%n", r.variable(), r.horizon(), interval(r.crpssClimatology()),
                    interval(r.crpssPersistence()), interval(r.crpssBlend()), r.spreadSkill(), r.cases(),
                    r.missingObservations(), r.climatologyFallbacks());
        }
        return 0;
    }

    private static String interval(VerificationReport.Interval i) {
        return String.format(Locale.ROOT, "%6.3f [%6.3f, %6.3f]", i.value(), i.low(), i.high());
    }

    /** A UTC date (2016-03-01) or an instant (2016-03-01T00:00:00Z). */
    private static Instant instant(String text) {
        return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
    }
}
