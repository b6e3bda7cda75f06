package io.analogcast.config;

import io.analogcast.analog.Horizon;
import io.analogcast.faiss.IndexType;
import io.analogcast.variable.Variable;
import org.eclipse.microprofile.config.spi.Converter;

import java.util.Arrays;

/**
 * Converters that parse the enum-like settings once, when the configuration is read: a typo in a horizon, an index
 * type or a variable stops the start with the key and the values it accepts (StartFailure), not at first use.
 * Registered in {@code META-INF/services/org.eclipse.microprofile.config.spi.Converter}.
 */
public final class SettingConverters {

    private SettingConverters() {
    }

    public static final class HorizonConverter implements Converter<Horizon> {
        @Override
        public Horizon convert(String value) {
            return value == null || value.isBlank() ? null : Horizon.parse(value);
        }
    }

    public static final class IndexTypeConverter implements Converter<IndexType> {
        @Override
        public IndexType convert(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            return IndexType.parse(value).orElseThrow(() -> new IllegalArgumentException("unknown index type '"
                    + value.trim() + "'; known: " + String.join(", ", Arrays.stream(IndexType.values())
                            .map(IndexType::configName).toList())));
        }
    }

    public static final class VariableConverter implements Converter<Variable> {
        @Override
        public Variable convert(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            return Variable.byId(value).orElseThrow(() -> new IllegalArgumentException("unknown variable '"
                    + value.trim() + "'; known: " + Variable.knownIds()));
        }
    }
}
