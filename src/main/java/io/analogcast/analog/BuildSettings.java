package io.analogcast.analog;

import io.analogcast.config.AnalogcastConfig;
import io.analogcast.config.MapKeys;
import io.analogcast.faiss.IndexSpec;
import io.analogcast.faiss.IndexType;
import io.analogcast.observation.HourlySeries;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.analogcast.variable.Variable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything that shapes an index build besides the data.
 *
 * @param predictors        the configured predictors; a station uses those it observes ({@link #predictorsFor})
 * @param predictorCoverage the fraction of a station's hours a predictor needs a value in to be used there
 * @param anchorVariables   the variables whose persistence-climatology blend the build fits ({@link BlendAnchor})
 */
public record BuildSettings(List<Variable> predictors, int windowHours, Map<String, Double> predictorWeights,
        double timeEncodingWeight, Map<Horizon, IndexSpec> specs, double predictorCoverage,
        List<Variable> anchorVariables) {

    /** Minimum analog rows for an index to be worth building. */
    public static final int MIN_ROWS = 100;
    public static final double DEFAULT_PREDICTOR_COVERAGE = 0.5;

    public BuildSettings(List<Variable> predictors, int windowHours, Map<String, Double> predictorWeights,
            double timeEncodingWeight, Map<Horizon, IndexSpec> specs) {
        this(predictors, windowHours, predictorWeights, timeEncodingWeight, specs, DEFAULT_PREDICTOR_COVERAGE, List.of());
    }

    /**
     * The settings configured under {@code analogcast.index}; a horizon map key or a predictor weight that names no
     * predictor is refused with its key (a ConfigurationException, which a failed start explains).
     */
    public static BuildSettings from(AnalogcastConfig.Index index) {
        for (String variable : index.predictorWeight().keySet()) {
            if (index.predictors().stream().noneMatch(p -> p.id().equals(variable))) {
                String key = "analogcast.index.predictor-weight.\"" + variable + "\"";
                throw new ConfigurationException(key + " is not valid: '" + variable + "' is not a predictor; predictors: "
                        + index.predictors().stream().map(Variable::id).toList(), Set.of(key));
            }
        }
        Map<Horizon, IndexType> types = new HashMap<>();
        index.type().forEach((key, type) -> types.put(MapKeys.horizon("analogcast.index.type", key), type));
        Map<Horizon, IndexSpec> specs = new LinkedHashMap<>();
        for (Horizon horizon : index.horizons()) {
            specs.put(horizon, configuredSpec(index, types.getOrDefault(horizon, index.defaultType())));
        }
        return new BuildSettings(index.predictors(), index.windowHours(), index.predictorWeight(),
                index.timeEncodingWeight(), specs, index.predictorCoverage(), index.anchorVariables().orElse(List.of()));
    }

    /** The configured parameters of an index type (analogcast.index.ivfpq.*, .ivf-flat.*, .hnsw.*). */
    public static IndexSpec configuredSpec(AnalogcastConfig.Index index, IndexType type) {
        return switch (type) {
            case FLAT_IP -> IndexSpec.flatIp();
            case FLAT_L2 -> IndexSpec.flatL2();
            case IVFPQ -> IndexSpec.ivfpq(index.ivfpq().nlist(), index.ivfpq().m(), index.ivfpq().nbits(),
                    index.ivfpq().nprobe());
            case IVF_FLAT -> IndexSpec.ivfFlat(index.ivfFlat().nlist(), index.ivfFlat().nprobe());
            case HNSW -> IndexSpec.hnsw(index.hnsw().neighbours(), index.hnsw().efConstruction(), index.hnsw().efSearch());
        };
    }

    /** The configured predictors this station has values for in at least {@link #predictorCoverage} of its hours. */
    public List<Variable> predictorsFor(HourlySeries series) {
        return predictors.stream().filter(v -> series.coverage(v) >= predictorCoverage).toList();
    }

    /** Why a station gets no index at all: no configured predictor is observed often enough. */
    public String noPredictorsReason(HourlySeries series) {
        return "none of the predictors " + coverages(predictors, series) + " has a value in "
                + Math.round(100 * predictorCoverage) + "% of its hours (analogcast.index.predictor-coverage)";
    }

    /** The configured predictors a station leaves out, each with the share of its hours it is observed in. */
    public List<String> leftOut(HourlySeries series) {
        List<Variable> used = predictorsFor(series);
        return coverages(predictors.stream().filter(v -> !used.contains(v)).toList(), series);
    }

    private static List<String> coverages(List<Variable> variables, HourlySeries series) {
        return variables.stream().map(v -> v.id() + " " + Math.round(100 * series.coverage(v)) + "%").toList();
    }

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
        if (predictorCoverage != DEFAULT_PREDICTOR_COVERAGE) {
            text.append("|coverage=").append(predictorCoverage); // builds made before the setting keep their hash
        }
        specs.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> text.append('|').append(e.getKey()).append('=').append(e.getValue()));
        if (!anchorVariables.isEmpty()) {
            text.append("|anchors=").append(anchorVariables.stream().map(Variable::id).toList());
        }
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
