package io.analogcast.config;

import io.analogcast.analog.Horizon;
import io.analogcast.variable.Variable;
import io.quarkus.runtime.configuration.ConfigurationException;

import java.util.Set;

/**
 * Map keys that name a horizon ({@code analogcast.index.type.24h}) or a variable
 * ({@code analogcast.forecast.anchor-spread.t2m.48h}): SmallRye converts map values, not keys, so a key is parsed
 * here, and a wrong one refused like a wrong value, with the key named.
 */
public final class MapKeys {

    private MapKeys() {
    }

    /** The horizon of {@code prefix.key}; a ConfigurationException naming the key when it is none. */
    public static Horizon horizon(String prefix, String key) {
        try {
            return Horizon.parse(key);
        } catch (IllegalArgumentException e) {
            throw invalid(prefix, key, e.getMessage());
        }
    }

    /** The variable of {@code prefix.key}; a ConfigurationException naming the key when it is none. */
    public static Variable variable(String prefix, String key) {
        return Variable.byId(key).orElseThrow(() -> invalid(prefix, key, "unknown variable '" + key + "'; known: "
                + Variable.knownIds()));
    }

    private static ConfigurationException invalid(String prefix, String key, String why) {
        String property = prefix + "." + key;
        return new ConfigurationException(property + " is not valid: " + why, Set.of(property));
    }
}
