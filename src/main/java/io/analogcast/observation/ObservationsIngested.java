package io.analogcast.observation;

import java.util.Set;

/**
 * CDI event: observations of these stations were stored (API or import). The cache and the index lifecycle
 * observe it; ingestion calls neither.
 */
public record ObservationsIngested(Set<String> stationIds) {
}
