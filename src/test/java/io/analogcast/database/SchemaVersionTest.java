package io.analogcast.database;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaVersionTest {

    @Test
    void theRequiredVersionIsTheNewestMigrationShipped() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            String newest = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V[0-9.]+__.*\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__"))).max(SchemaVersionCheck::compare).orElseThrow();
            assertEquals(newest, SchemaVersionCheck.REQUIRED, "a new migration needs SchemaVersionCheck.REQUIRED too");
        }
    }

    @Test
    void versionsCompareNumerically() {
        assertTrue(SchemaVersionCheck.compare("1.10.0", "1.9.0") > 0);
        assertTrue(SchemaVersionCheck.compare("1.2", "1.2.0") == 0);
        assertTrue(SchemaVersionCheck.compare("1.2.0", "1.3.0") < 0);
    }
}
