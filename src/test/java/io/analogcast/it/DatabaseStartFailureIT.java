package io.analogcast.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production service started against a database it cannot use (the README's first command followed by the
 * second replaces the embedded build with this one) stops with one line that says what to set, not a stack trace.
 */
class DatabaseStartFailureIT {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "no such role,        jdbc:postgresql://127.0.0.1:5432/test, analogcast_no_such_role, 'role \"analogcast_no_such_role\" does not exist'",
            "no such database,    jdbc:postgresql://127.0.0.1:5432/analogcast_no_such_db, postgres, 'database \"analogcast_no_such_db\" does not exist'",
            "nothing listening,   CLOSED_PORT, postgres, 'Connection to 127.0.0.1:'"})
    void oneLineSaysWhatToSet(String name, String url, String user, String cause, @TempDir Path dir) throws Exception {
        if (url.equals("CLOSED_PORT")) {
            try (ServerSocket socket = new ServerSocket(0)) {
                url = "jdbc:postgresql://127.0.0.1:" + socket.getLocalPort() + "/test";
            }
        }
        Path log = dir.resolve("service.log");
        Process service = PackagedArtifact.start(Map.of("ANALOGCAST_DB_URL", url, "ANALOGCAST_DB_USER", user,
                "QUARKUS_HTTP_PORT", "0", "ANALOGCAST_INDEX_DIRECTORY", dir.resolve("indices").toString()), log);
        boolean exited = service.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            service.destroyForcibly();
        }
        String output = Files.readString(log);
        assertTrue(exited, "still running: " + output);
        assertEquals(1, service.exitValue(), output);
        List<String> explained = output.lines().filter(line -> line.startsWith("analogcast: cannot use the database"))
                .toList();
        assertEquals(1, explained.size(), output);
        String line = explained.get(0);
        assertTrue(line.contains(url) && line.contains("as user " + user) && line.contains(cause), line);
        assertTrue(line.contains("Set ANALOGCAST_DB_URL") && line.contains("-Dquarkus.profile=embedded"), line);
        assertTrue(output.lines().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")),
                "no stack trace: " + output);
    }
}
