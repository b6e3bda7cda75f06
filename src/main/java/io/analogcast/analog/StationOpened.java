package io.analogcast.analog;

/** CDI event: a station's files were opened by its first request in a served build (metrics time it). */
public record StationOpened(String stationId, String buildId, long nanos) {
}
