package io.analogcast.analog;

import java.util.List;

/**
 * CDI event: a build was made, verified and published (by the {@code build-index} command, a shard that merged a run,
 * or an instance that builds at boot). The build records in the database observe it; serving instances learn of the
 * build from {@code CURRENT}, not from this event.
 */
public record IndexBuildPublished(String buildId, List<IndexManifest> manifests) {
}
