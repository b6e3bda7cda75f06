package io.analogcast.security;

import io.analogcast.config.AnalogcastConfig;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;

/**
 * The first thing every request meets (after timing): security headers, size limits, authentication and rate
 * limiting, in that order. Refusals are problem+json; nothing reaches a resource unchecked.
 */
@ApplicationScoped
public class HttpGuard {

    /** Responses up to this size are sent uncompressed: gzip costs more than it saves on them. */
    static final int COMPRESSION_THRESHOLD_BYTES = 500;
    static final String HTML_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";
    /** The web page's: its own script and style sheet only, no inline code, no other host. */
    static final String PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String CHALLENGE = "Bearer realm=\"analogcast\"";

    private final AnalogcastConfig.Security config;
    private final TokenAuthenticator authenticator;
    private final SharedRateLimiter rateLimiter;
    private final ProblemWriter problems;

    public HttpGuard(AnalogcastConfig config, TokenAuthenticator authenticator, SharedRateLimiter rateLimiter,
            ProblemWriter problems) {
        this.config = config.security();
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.problems = problems;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::guard);
    }

    void guard(RoutingContext context) {
        HttpServerResponse response = context.response();
        Access access = Access.of(context.normalizedPath());
        context.addHeadersEndHandler(v -> secureHeaders(response, access));
        if (context.request().uri().length() > config.maxUriLength()) {
            problems.send(context, 414, "uri-too-long", "URI too long", "request line longer than "
                    + config.maxUriLength() + " characters; send large requests as a POST body", Map.of());
            return;
        }
        String length = context.request().getHeader("Content-Length");
        if (length != null && parseLength(length) > config.maxBodyBytes()) {
            problems.send(context, 413, "body-too-large", "Payload too large", "request body of " + length
                    + " bytes exceeds the limit of " + config.maxBodyBytes() + " bytes", Map.of());
            return;
        }
        String contentType = context.request().getHeader("Content-Type");
        if (contentType != null && !parsable(contentType)) {
            problems.send(context, 415, "malformed-content-type", "Unsupported media type", "Content-Type '"
                    + contentType + "' is not a media type; send e.g. application/json or text/csv", Map.of());
            return;
        }
        // CORS preflights carry no credentials by design; the CORS filter answers them
        boolean preflight = context.request().method() == io.vertx.core.http.HttpMethod.OPTIONS
                && context.request().getHeader("Access-Control-Request-Method") != null;
        if (access == Access.PUBLIC || preflight) {
            context.next();
            return;
        }
        String tokenName = null;
        if (config.enabled() && access != Access.PAGE) {
            TokenAuthenticator.Result result = authenticator.authenticate(context.request().getHeader("Authorization"));
            if (result.outcome() != TokenAuthenticator.Outcome.VALID) {
                String challenge = switch (result.outcome()) {
                    case MALFORMED -> CHALLENGE + ", error=\"invalid_request\"";
                    case INVALID -> CHALLENGE + ", error=\"invalid_token\"";
                    default -> CHALLENGE;
                };
                problems.send(context, 401, "unauthorized", "Unauthorized", result.reason(),
                        Map.of("WWW-Authenticate", challenge));
                return;
            }
            if (access == Access.ADMIN && !result.principal().admin()) {
                problems.send(context, 403, "forbidden", "Forbidden", "this endpoint needs an admin token", Map.of());
                return;
            }
            tokenName = result.principal().name();
        }
        if (!config.rateLimit().enabled()) {
            context.next();
            return;
        }
        // the body must not be lost while the limiter answers (a Redis round trip when shared)
        context.request().pause();
        rateLimiter.admit(tokenName, context.request().remoteAddress().hostAddress()).subscribe().with(retryAfter -> {
            context.request().resume();
            if (retryAfter > 0) {
                problems.send(context, 429, "rate-limited", "Too many requests", "rate limit of "
                        + config.rateLimit().requestsPerSecond() + " requests/s (burst " + config.rateLimit().burst()
                        + ") exceeded; retry after " + retryAfter + " s", Map.of("Retry-After", Long.toString(retryAfter)));
            } else {
                context.next();
            }
        }, failure -> {
            context.request().resume();
            context.fail(failure);
        });
    }

    /** Whether the JAX-RS layer can parse a Content-Type (an empty or malformed one would fail there as a 500). */
    private static boolean parsable(String contentType) {
        if (contentType.isBlank()) {
            return false;
        }
        try {
            jakarta.ws.rs.core.MediaType.valueOf(contentType);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static long parseLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void secureHeaders(HttpServerResponse response, Access access) {
        var headers = response.headers();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        String type = headers.get("Content-Type");
        if (access == Access.PAGE) {
            headers.set("Content-Security-Policy", PAGE_CSP);
            // the files' names carry no version: a browser revalidates (a 304 when unchanged) rather than keep a
            // day-old script against a newer API
            headers.set("Cache-Control", "no-cache");
        } else if (type != null && type.startsWith("text/html")) {
            headers.set("Content-Security-Policy", HTML_CSP);
        }
        String length = headers.get("Content-Length");
        if (length != null && parseLength(length) <= COMPRESSION_THRESHOLD_BYTES) {
            // Vert.x leaves responses alone that already name their encoding
            headers.set("Content-Encoding", "identity");
        }
    }
}
