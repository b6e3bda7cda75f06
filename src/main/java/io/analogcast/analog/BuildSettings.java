package io.analogcast.analog;

import io.analogcast.faiss.IndexSpec;
import io.analogcast.variable.Variable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Everything that shapes an index build besides the data. */
public record BuildSettings(List<Variable> predictors, int windowHours, Map<String, Double> predictorWeights,
        double timeEncodingWeight, Map<Horizon, IndexSpec> specs) {

    /** Minimum analog rows for an index to be worth building. */
    public static final int MIN_ROWS = 100;

    public IndexSpec spec(Horizon horizon) {
        return specs.get(horizon);
    }

    public List<Horizon> horizons() {
        return specs.keySet().stream().sorted().toList();
    }

    /** Stable hash of the settings; part of the reuse check at boot. */
    public String hash() {
        StringBuilder text = new StringBuilder();
        text.append(predictors.stream().map(Variable::id).toList()).append('|').append(windowHours).append('|')
                .append(new TreeMap<>(predictorWeights)).append('|').append(timeEncodingWeight);
        specs.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> text.append('|').append(e.getKey()).append('=').append(e.getValue()));
        return sha256(text.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
