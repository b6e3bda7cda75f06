package io.analogcast.observation.importer;

import io.analogcast.variable.Variable;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * How to read a file whose conventions differ from Analogcast's own: the time zone of times written without an
 * offset, whether unknown columns reject the file, and the units of its values.
 *
 * @param timezone zone of local times ({@code 2013-01-01 08:00}); null: a local time needs a timezone column
 * @param strict   unknown columns reject the whole file instead of being ignored and listed
 * @param units    at most one unit per stored unit (degF and K together are refused)
 * @param stationList a list of station names and coordinates (NOAA's isd-history.csv for ISD-Lite), or null
 */
public record ImportOptions(ZoneId timezone, boolean strict, List<InputUnit> units, Path stationList) {

    public static final ImportOptions DEFAULTS = new ImportOptions(ZoneOffset.UTC, false, List.of(), null);

    public ImportOptions {
        units = List.copyOf(units);
        for (InputUnit unit : units) {
            if (units.stream().filter(u -> u.storedUnit().equals(unit.storedUnit())).count() > 1) {
                throw new IllegalArgumentException("units " + units.stream().filter(u -> u.storedUnit()
                        .equals(unit.storedUnit())).map(InputUnit::symbol).toList() + " both convert to "
                        + unit.storedUnit() + ": give one");
            }
        }
    }

    /** The unit a variable's values arrive in, when it is not the stored one. */
    public Optional<InputUnit> unitOf(Variable variable) {
        return units.stream().filter(u -> u.storedUnit().equals(variable.unit())).findFirst();
    }
}
