package io.analogcast.analog;

import java.time.Instant;

/** CDI event and health entry: a build was refused (corrupt, truncated, wrong checksum, under the recall gate). */
public record IndexBuildRejected(String buildId, String reason, Instant at) {
}
