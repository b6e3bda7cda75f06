package io.analogcast.analog;

import io.analogcast.faiss.IndexSpec;

import java.time.Instant;
import java.util.List;

/**
 * What one index file holds and how it was made; written as JSON beside the {@code .faiss} and sidecar files.
 * A build is reused at boot only if {@code dataFingerprint} and {@code parametersHash} still match.
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
        String faissSha256,
        String sidecarSha256) {

    public StateSpace stateSpace() {
        return new StateSpace(predictors.stream().map(id -> io.analogcast.variable.Variable.byId(id).orElseThrow()).toList(),
                windowHours, predictorWeights, timeEncodingWeight, means, stds);
    }

    public Horizon horizon() {
        return new Horizon(horizonHours);
    }
}
