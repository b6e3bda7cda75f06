package io.analogcast.analog;

import io.analogcast.faiss.IndexSpec;

import java.time.Instant;
import java.util.List;

/**
 * What one index file holds and how it was made; written as JSON beside the {@code .faiss} and sidecar files.
 * A build is reused at boot only if {@code dataFingerprint} and {@code parametersHash} still match.
 * {@code recallAtK}: recall@{@code recallK} against exact search on the build's own states, measured at build time
 * for approximate index types (null for exact ones); the recall gate reads it. {@code anchors}: the blend per variable
 * a forecast's ensemble is anchored on, fitted on the build's history (null or without a variable: not anchored).
 */
public record IndexManifest(
        String buildId,
        String stationId,
        int horizonHours,
        IndexSpec spec,
        String faissClass,
        long rows,
        Instant firstAnalogTime,
        Instant lastAnalogTime,
        List<String> predictors,
        int windowHours,
        double[] predictorWeights,
        double timeEncodingWeight,
        double[] means,
        double[] stds,
        int stateDimension,
        int indexDimension,
        List<String> outcomeVariables,
        double typicalDistance,
        String dataFingerprint,
        String parametersHash,
        String dataSource,
        Instant createdAt,
        long buildMillis,
        String faissCrc32c,
        String sidecarCrc32c,
        Double recallAtK,
        int recallK,
        java.util.Map<String, BlendAnchor> anchors) {

    public StateSpace stateSpace() {
        return new StateSpace(predictors.stream().map(id -> io.analogcast.variable.Variable.byId(id).orElseThrow()).toList(),
                windowHours, predictorWeights, timeEncodingWeight, means, stds);
    }

    /** This manifest with the build's id and data fingerprint, known once every index of the build is written. */
    public IndexManifest withBuild(String id, String fingerprint) {
        return new IndexManifest(id, stationId, horizonHours, spec, faissClass, rows, firstAnalogTime, lastAnalogTime,
                predictors, windowHours, predictorWeights, timeEncodingWeight, means, stds, stateDimension,
                indexDimension, outcomeVariables, typicalDistance, fingerprint, parametersHash, dataSource, createdAt,
                buildMillis, faissCrc32c, sidecarCrc32c, recallAtK, recallK, anchors);
    }

    /** The blend {@code v}'s ensemble is anchored on, if the build fitted one. */
    public java.util.Optional<BlendAnchor> anchor(io.analogcast.variable.Variable v) {
        return anchors == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(anchors.get(v.id()));
    }

    public Horizon horizon() {
        return new Horizon(horizonHours);
    }
}
