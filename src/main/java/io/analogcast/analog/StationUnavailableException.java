package io.analogcast.analog;

/**
 * A station of the served build whose files cannot be used (missing, truncated, corrupt, or under the recall gate),
 * found when its first request opened them. That station is refused until a build that fixes it is served; every
 * other station keeps serving. The reason may name files: it is for logs and the admin report, not for clients.
 */
public class StationUnavailableException extends RuntimeException {

    private final String stationId;
    private final String buildId;

    public StationUnavailableException(String stationId, String buildId, String reason) {
        super(reason);
        this.stationId = stationId;
        this.buildId = buildId;
    }

    public String stationId() {
        return stationId;
    }

    public String buildId() {
        return buildId;
    }
}
