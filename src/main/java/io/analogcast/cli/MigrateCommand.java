package io.analogcast.cli;

import io.analogcast.database.SchemaVersionCheck;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * Brings the configured schema to this release's version and exits: what the chart's migration Job runs before the
 * serving pods of a release start (they only check the version). The entry point makes Flyway migrate as the
 * application starts; reaching this command means it did.
 */
@Dependent
@Unremovable
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Migrates the database schema to this release's version (Flyway) and exits; serving pods started "
                + "with QUARKUS_FLYWAY_MIGRATE_AT_START=false only check it.")
public class MigrateCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.println("migrate: the schema is at version " + SchemaVersionCheck.REQUIRED);
        return 0;
    }
}
