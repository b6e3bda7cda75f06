package io.analogcast.verification;

import io.analogcast.variable.Variable;

/**
 * A yes/no event scored with the Brier score: the variable exceeds a fixed threshold, or (when
 * {@code climateQuantile} is set) the station's own quantile of the training period, so that the definition
 * carries over to any climate.
 */
public record EventDefinition(Variable variable, Double threshold, Double climateQuantile) {

    /** Parses {@code t2m>p90} (station's 90th percentile) or {@code precip>0.1}. */
    public static EventDefinition parse(String text) {
        String[] parts = text.trim().split(">", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("event '" + text + "': expected variable>threshold or variable>pNN");
        }
        Variable variable = Variable.byId(parts[0].trim())
                .orElseThrow(() -> new IllegalArgumentException("event '" + text + "': unknown variable"));
        String bound = parts[1].trim();
        try {
            if (bound.startsWith("p")) {
                double q = Double.parseDouble(bound.substring(1)) / 100;
                if (q <= 0 || q >= 1) {
                    throw new IllegalArgumentException("event '" + text + "': percentile must be between 0 and 100");
                }
                return new EventDefinition(variable, null, q);
            }
            return new EventDefinition(variable, Double.parseDouble(bound), null);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("event '" + text + "': '" + bound + "' is not a number");
        }
    }

    public String label() {
        return variable.id() + " > " + (climateQuantile != null
                ? "p" + Math.round(climateQuantile * 100) + " (station climate)"
                : threshold + " " + variable.unit());
    }
}
