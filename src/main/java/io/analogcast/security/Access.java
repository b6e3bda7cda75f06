package io.analogcast.security;

/** Who may call a path. */
public enum Access {
    /** Probes, health summary, API documentation. (Metrics are on the management interface, not this port.) */
    PUBLIC,
    /**
     * The web page's own files (the page, its script and style sheet): no token, since the page asks for one and
     * sends it with its API calls; rate-limited by address like everything else.
     */
    PAGE,
    /** Any valid token. */
    USER,
    /** Admin tokens only. */
    ADMIN;

    public static Access of(String path) {
        if (path.equals("/health") || path.startsWith("/q/health") || path.startsWith("/q/openapi")
                || path.startsWith("/q/swagger-ui")) {
            return PUBLIC;
        }
        if (path.equals("/") || path.equals("/index.html") || path.startsWith("/app/")) {
            return PAGE;
        }
        if (path.startsWith("/admin")) {
            return ADMIN;
        }
        return USER;
    }
}
