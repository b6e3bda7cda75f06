package io.analogcast.startup;

import io.analogcast.database.DatabaseStartFailure;
import io.quarkus.logging.LoggingFilter;
import io.quarkus.runtime.QuarkusBindException;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigValidationException;

import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a start failed, in one line per cause on standard error, without a stack trace unless asked for
 * ({@code analogcast.trace-start-failure}): a pod in CrashLoopBackOff must say in its log what to change. The entry
 * point prints it ({@link #report}); this filter drops the trace Quarkus would log for the same failure.
 *
 * <p>Exit codes: {@value #WRONG_SETTING} for a setting (unknown key, wrong value), {@value #FAILED} for everything
 * else (port taken, database, files).
 */
@LoggingFilter(name = "start-failure")
public class StartFailure implements Filter {

    public static final int FAILED = 1;
    public static final int WRONG_SETTING = 2;
    private static final String PREFIX = "analogcast: ";
    /** The logger Quarkus reports a failed start with. */
    private static final String START_FAILURE_LOGGER = "io.quarkus.runtime.Application";

    // SmallRye Config's messages, by their stable codes
    private static final Pattern UNKNOWN = Pattern.compile("SRCFG00050: (\\S+) in (\\S+?)(\\[.*)? does not map to any root.*",
            Pattern.DOTALL);
    private static final Pattern NOT_CONVERTED = Pattern.compile(
            ".*The config property (\\S+) with the config value \"(.*?)\" threw an Exception whilst being converted"
                    + "\\s*(.*)", Pattern.DOTALL);
    private static final Pattern MISSING = Pattern.compile("SRCFG00014: The config property (\\S+) is required.*",
            Pattern.DOTALL);
    private static final Pattern SRCFG_CODE = Pattern.compile("SRCFG\\d+: ");

    /** What to print and the exit code. */
    public record Explanation(int exitCode, List<String> lines) {
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        return !(START_FAILURE_LOGGER.equals(record.getLoggerName()) && record.getThrown() != null);
    }

    /** Prints the explanation (and the trace when asked for); returns the exit code to use. */
    public static int report(Throwable failure, int quarkusCode, PrintStream err) {
        Explanation explanation = explain(failure, quarkusCode);
        explanation.lines().forEach(line -> err.println(PREFIX + line));
        if (traceRequested()) {
            failure.printStackTrace(err);
        }
        err.flush();
        return explanation.exitCode();
    }

    static boolean traceRequested() {
        return Boolean.parseBoolean(System.getProperty("analogcast.trace-start-failure",
                System.getenv().getOrDefault("ANALOGCAST_TRACE_START_FAILURE", "false")));
    }

    public static Explanation explain(Throwable failure, int quarkusCode) {
        Optional<ConfigValidationException> invalid = find(failure, ConfigValidationException.class);
        if (invalid.isPresent()) {
            List<String> lines = new ArrayList<>();
            ConfigValidationException e = invalid.get();
            for (int i = 0; i < e.getProblemCount(); i++) {
                lines.add(setting(e.getProblem(i).getMessage()));
            }
            return new Explanation(WRONG_SETTING, lines);
        }
        Optional<ConfigurationException> configuration = find(failure, ConfigurationException.class);
        if (configuration.isPresent()) {
            return new Explanation(WRONG_SETTING, List.of(setting(configuration.get().getMessage())));
        }
        Optional<QuarkusBindException> bind = find(failure, QuarkusBindException.class);
        if (bind.isPresent()) {
            return new Explanation(FAILED, List.of("cannot listen on " + bind.get().getHost() + ":" + bind.get().getPort()
                    + ": the port is in use by another process. Stop that process, or set QUARKUS_HTTP_PORT "
                    + "(quarkus.http.port) to a free port"));
        }
        Optional<String> database = DatabaseStartFailure.explain(failure);
        if (database.isPresent()) {
            return new Explanation(FAILED, List.of(database.get().substring(PREFIX.length())));
        }
        Optional<StartupRefusal> refusal = find(failure, StartupRefusal.class);
        if (refusal.isPresent()) {
            return new Explanation(FAILED, List.of(refusal.get().getMessage()));
        }
        Optional<FileSystemException> file = find(failure, FileSystemException.class);
        if (file.isPresent()) {
            return new Explanation(FAILED, List.of(file(file.get())));
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getName()
                : root.getClass().getSimpleName() + ": " + firstLine(root.getMessage());
        return new Explanation(quarkusCode == 0 ? FAILED : quarkusCode, List.of("the service did not start: " + message
                + (traceRequested() ? "" : " (ANALOGCAST_TRACE_START_FAILURE=true prints the stack trace)")));
    }

    /** One configuration problem, reworded: the key, its value and what it accepts, or the nearest known key. */
    static String setting(String message) {
        Matcher m = UNKNOWN.matcher(message);
        if (m.matches()) {
            String name = m.group(1);
            KnownSettings known = KnownSettings.load();
            String source = known.source(name).orElse("in " + sourceName(m.group(2)));
            return known.knowsProperty(name)
                    ? known.otherSpelling(name, source, System.getProperties(), System.getenv())
                    : known.unknownProperty(name, source);
        }
        m = NOT_CONVERTED.matcher(message);
        if (m.matches()) {
            String why = SRCFG_CODE.matcher(firstLine(m.group(3))).replaceAll("");
            return m.group(1) + "=" + m.group(2) + " is not valid: " + why;
        }
        m = MISSING.matcher(message);
        if (m.matches()) {
            return m.group(1) + " is required and not set";
        }
        // a constraint of the mapping ("analogcast.forecast.max-batch must be greater than or equal to 1") or ours
        return SRCFG_CODE.matcher(firstLine(message)).replaceAll("");
    }

    private static String sourceName(String configSource) {
        return switch (configSource) {
            case "SysPropConfigSource" -> "a system property";
            case "EnvConfigSource" -> "an environment variable";
            default -> configSource;
        };
    }

    private static String file(FileSystemException e) {
        String what = e instanceof NoSuchFileException ? "does not exist"
                : e instanceof AccessDeniedException ? "is not accessible (permissions, or a read-only file system)"
                : "cannot be used: " + Optional.ofNullable(e.getReason()).orElse(e.getClass().getSimpleName());
        return e.getFile() + " " + what + ". Check the path settings (ANALOGCAST_INDEX_DIRECTORY, "
                + "analogcast.verification.directory, analogcast.data.path) and the volume it lies on";
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("").trim();
    }

    private static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (type.isInstance(suppressed)) {
                    return Optional.of(type.cast(suppressed));
                }
            }
        }
        return Optional.empty();
    }
}
