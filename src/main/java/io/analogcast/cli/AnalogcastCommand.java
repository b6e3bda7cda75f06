package io.analogcast.cli;

import io.analogcast.observation.importer.InputUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.time.ZoneId;
import java.time.DateTimeException;

/** The commands the packaged service runs instead of serving when it is given arguments. */
@Command(name = "analogcast", mixinStandardHelpOptions = true, versionProvider = AnalogcastCommand.Version.class,
        subcommands = {MigrateCommand.class, ImportCommand.class, BuildIndexCommand.class, EvaluateCommand.class,
                CommandLine.HelpCommand.class},
        description = "Analog-ensemble forecasting. Without a command the service runs; a command does one job "
                + "against the configured database and exits.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failed (a file, the disk, the database, a port): one line says why",
                "2:wrong usage or a wrong setting: the message (and the usage) are printed",
                "3:build-index: refused by the recall gate"})
public class AnalogcastCommand {

    /** Exit code of a build refused by the recall gate (the Helm chart's index Job fails without retrying). */
    public static final int REJECTED = 3;

    /** The command line with its subcommands created by {@code factory} (CDI beans) and our type converters. */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        return new CommandLine(AnalogcastCommand.class, factory)
                .registerConverter(ZoneId.class, AnalogcastCommand::zone)
                .registerConverter(InputUnit.class, symbol -> InputUnit.bySymbol(symbol).orElseThrow(() ->
                        new CommandLine.TypeConversionException("unknown unit '" + symbol + "'; known: "
                                + InputUnit.symbols())));
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new CommandLine.TypeConversionException("unknown time zone '" + id + "' (an IANA name such as "
                    + "Europe/Berlin, or an offset such as +08:00)");
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"analogcast " + org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getOptionalValue("quarkus.application.version", String.class).orElse("")};
        }
    }
}
