package io.analogcast.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/** The packaged artifact the build produced (the jar, or the native executable after {@code -Pnative}). */
final class PackagedArtifact {

    private PackagedArtifact() {
    }

    /**
     * Starts it as a container would: with only the given environment (no leftovers of the build's), output and
     * errors to the log.
     */
    static Process start(Map<String, String> environment, Path log, String... arguments) throws IOException {
        return start(environment, log, List.of(), arguments);
    }

    /** As {@link #start(Map, Path, String...)}, with system properties ({@code -Dkey=value}) for the runtime. */
    static Process start(Map<String, String> environment, Path log, List<String> systemProperties, String... arguments)
            throws IOException {
        Properties artifact = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("target/quarkus-artifact.properties"))) {
            artifact.load(in);
        }
        Path path = Path.of("target").resolve(artifact.getProperty("path"));
        // the native executable takes -D options among its arguments; the JVM before -jar
        List<String> launcher = artifact.getProperty("type").equals("native")
                ? Stream.concat(Stream.of(path.toString()), systemProperties.stream()).toList()
                : Stream.of(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED"), systemProperties, List.of("-jar", path.toString()))
                        .flatMap(List::stream).toList();
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(launcher.stream(), Stream.of(arguments)).toList());
        Map<String, String> env = builder.environment();
        String pathVariable = env.get("PATH");
        env.clear();
        env.put("PATH", pathVariable);
        // metrics on a port of the system's choosing, unless the caller needs to know it: two such processes, or one
        // beside the integration tests' packaged service, must not clash on the management interface's 9000
        env.put("QUARKUS_MANAGEMENT_PORT", "0");
        env.putAll(environment);
        return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
