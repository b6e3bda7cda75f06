package io.analogcast.cli;

import io.analogcast.DataBootstrap;
import io.analogcast.analog.AnalogIndexRegistry;
import io.analogcast.observation.ObservationStore;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

import java.util.Arrays;
import java.util.List;

/**
 * Entry point: without arguments the service runs; {@code build-index} builds the indices for the configured
 * data with a progress bar and exits.
 */
@QuarkusMain
public class AnalogcastMain implements QuarkusApplication {

    static final String BUILD_INDEX = "build-index";

    @Inject
    DataBootstrap bootstrap;
    @Inject
    ObservationStore store;
    @Inject
    AnalogIndexRegistry registry;

    public static void main(String... args) {
        if (args.length > 0) {
            // a command: no index loading at boot and no clash with a running service's port
            System.setProperty("analogcast.index.load-on-boot", "false");
            System.setProperty("quarkus.http.port", "0");
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
        if (!arguments.get(0).equals(BUILD_INDEX) || arguments.contains("--help")) {
            System.err.println("usage: analogcast [build-index]\n  build-index  build FAISS indices for the configured "
                    + "data (analogcast.data.*, analogcast.index.*) and exit");
            return arguments.contains("--help") ? 0 : 2;
        }
        ProgressBar bar = ProgressBar.onStderr();
        String buildId = registry.build(bar::update);
        System.out.println("built index " + buildId + " for " + store.stations().size() + " station(s), horizons "
                + registry.horizons());
        return 0;
    }
}
