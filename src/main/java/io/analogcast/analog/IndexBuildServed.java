package io.analogcast.analog;

import java.util.List;

/**
 * CDI event: a build became the one served (at boot, on reload or rollback). Build records, metrics and the
 * cache warmer observe it; the lifecycle knows none of them.
 */
public record IndexBuildServed(String buildId, String previousBuildId, List<IndexManifest> manifests) {
}
