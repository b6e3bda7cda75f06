package io.analogcast.config;

import io.analogcast.analog.Horizon;
import io.quarkus.runtime.configuration.ConfigurationException;

import java.util.Set;

/**
 * Map keys that name a horizon ({@code analogcast.index.type.24h}): SmallRye converts map values, not keys, so a
 * key is parsed here, and a wrong one refused like a wrong value, with the key named.
 */
public final class HorizonKeys {

    private HorizonKeys() {
    }

    /** The horizon of {@code prefix."key"}; a ConfigurationException naming the key when it is none. */
    public static Horizon parse(String prefix, String key) {
        try {
            return Horizon.parse(key);
        } catch (IllegalArgumentException e) {
            String property = prefix + ".\"" + key + "\"";
            throw new ConfigurationException(property + " is not valid: " + e.getMessage(), Set.of(property));
        }
    }
}
