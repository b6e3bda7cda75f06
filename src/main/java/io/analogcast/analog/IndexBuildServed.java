package io.analogcast.analog;

/**
 * CDI event: a build became the one served (at boot, on reload or rollback): only its catalog is read by then.
 * Observers must not open its stations (that is what a request does, one station at a time).
 */
public record IndexBuildServed(String buildId, String previousBuildId, BuildCatalog catalog) {
}
