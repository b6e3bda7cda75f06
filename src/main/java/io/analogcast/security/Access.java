package io.analogcast.security;

/** Who may call a path. */
public enum Access {
    /** Probes, health summary, API documentation. (Metrics are on the management interface, not this port.) */
    PUBLIC,
    /** Any valid token. */
    USER,
    /** Admin tokens only. */
    ADMIN;

    public static Access of(String path) {
        if (path.equals("/health") || path.startsWith("/q/health") || path.startsWith("/q/openapi")
                || path.startsWith("/q/swagger-ui")) {
            return PUBLIC;
        }
        if (path.startsWith("/admin")) {
            return ADMIN;
        }
        return USER;
    }
}
