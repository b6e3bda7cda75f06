package io.analogcast.cli;

import io.analogcast.analog.IndexBuilder;
import io.analogcast.observation.ObservationStore;
import io.quarkus.logging.Log;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A CDI bean (created through {@link CdiFactory}), kept although nothing injects it. */
@Dependent
@Unremovable
@Command(name = "build-index", mixinStandardHelpOptions = true,
        description = "Builds the FAISS indices for the data in the database, verifies them (recall gate), publishes "
                + "them as the current build and exits. With --shard, builds one share of the stations of a run; the "
                + "shard that completes the run merges the shares and publishes one build.")
public class BuildIndexCommand implements Callable<Integer> {

    private static final Pattern SHARD = Pattern.compile("(\\d{1,6})/(\\d{1,6})");

    @Spec
    CommandSpec spec;

    @Option(names = "--shard", paramLabel = "I/N", description = "build share I of N (from 0): the stations at "
            + "positions I, I+N, ...")
    String shard;

    @Option(names = "--run", paramLabel = "ID", description = "the run the shares belong to (same for all N)")
    String run;

    @Inject
    ObservationStore store;
    @Inject
    IndexBuilder builder;

    @Override
    public Integer call() {
        Matcher share = shard == null ? null : SHARD.matcher(shard);
        if ((shard == null) != (run == null)) {
            throw new ParameterException(spec.commandLine(), "--shard and --run go together");
        }
        if (share != null && !share.matches()) {
            throw new ParameterException(spec.commandLine(), "--shard wants I/N (share I of N, from 0), got '" + shard + "'");
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
            buildId = share == null ? Optional.of(builder.build(bar::update))
                    : builder.buildShard(run, Integer.parseInt(share.group(1)), Integer.parseInt(share.group(2)),
                            bar::update);
        } catch (IndexBuilder.BuildRejectedException e) {
            System.err.println(e.getMessage());
            return AnalogcastCommand.REJECTED;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (RuntimeException e) {
            // a full disk, a read-only directory, a database gone: one line says what, the log has the trace
            Log.debug("build-index failed", e);
            System.err.println("build-index: " + e.getMessage());
            return 1;
        }
        if (buildId.isEmpty()) {
            System.out.println("built shard " + shard + " of run " + run
                    + "; the shard that completes the run publishes the build");
            return 0;
        }
        // the build's rows in index_build were written when it was published (IndexBuildLog)
        System.out.println("built index " + buildId.get() + " for " + store.stations().size()
                + " station(s), horizons " + builder.settings().horizons());
        return 0;
    }
}
