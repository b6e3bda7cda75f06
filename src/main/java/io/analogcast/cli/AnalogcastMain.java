package io.analogcast.cli;

import io.analogcast.faiss.FaissIndex;
import io.analogcast.startup.StartFailure;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point: without arguments the service runs; with arguments a command ({@link AnalogcastCommand}) does one
 * job against the configured database and exits with its code.
 */
@QuarkusMain
public class AnalogcastMain implements QuarkusApplication {

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
            // a command: no index loading at boot, no seeding, and no clash with a running service's ports
            System.setProperty("analogcast.index.load-on-boot", "false");
            System.setProperty("quarkus.http.port", "0");
            System.setProperty("quarkus.management.port", "0");
            if (args[0].equals("import") || args[0].equals("migrate")) {
                System.setProperty("analogcast.data.source", "none");
            }
            if (args[0].equals("migrate")) {
                // the command is the migration: Flyway runs when the application starts, before it reports
                System.setProperty("quarkus.flyway.migrate-at-start", "true");
            }
        }
        Quarkus.run(AnalogcastMain.class, AnalogcastMain::exit, args);
    }

    /**
     * Quarkus's exit, after a failure's one-line explanation (Quarkus prints nothing itself when given an exit
     * handler). The default handler exits the JVM when packaged; in dev mode it keeps the JVM for the restart that
     * stopped the application.
     */
    private static void exit(int code, Throwable failure) {
        int exitCode = failure == null ? code : StartFailure.report(failure, code, System.err);
        ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(exitCode, failure);
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        return AnalogcastCommand.commandLine(new CdiFactory()).execute(args);
    }
}
