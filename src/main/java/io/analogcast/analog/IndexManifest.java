package io.analogcast.analog;

import io.analogcast.faiss.IndexSpec;

import java.time.Instant;
import java.util.List;

/**
 * What one index file holds and how it was made; written as JSON beside the {@code .faiss} and sidecar files.
 * A build is reused at boot only if {@code dataFingerprint} and {@code parametersHash} still match.
 * {@code recallAtK}: recall@{@code recallK} against exact search on the build's own states, measured at build time
 * for approximate index types (null for exact ones); the recall gate reads it.
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
        int recallK) {

    public StateSpace stateSpace() {
        return new StateSpace(predictors.stream().map(id -> io.analogcast.variable.Variable.byId(id).orElseThrow()).toList(),
                windowHours, predictorWeights, timeEncodingWeight, means, stds);
    }

    /** This manifest with the build's id and data fingerprint, known once every index of the build is written. */
    public IndexManifest withBuild(String id, String fingerprint) {
        return new IndexManifest(id, stationId, horizonHours, spec, faissClass, rows, firstAnalogTime, lastAnalogTime,
                predictors, windowHours, predictorWeights, timeEncodingWeight, means, stds, stateDimension,
                indexDimension, outcomeVariables, typicalDistance, fingerprint, parametersHash, dataSource, createdAt,
                buildMillis, faissCrc32c, sidecarCrc32c, recallAtK, recallK);
    }

    public Horizon horizon() {
        return new Horizon(horizonHours);
    }
}
