package io.analogcast.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.logging.Log;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns every failure into {@code application/problem+json}. Client mistakes get their status and a detail that
 * says what to change; anything unexpected is logged with an id and answered without internals.
 */
public class ProblemMappers {

    private static final String TYPE_BASE = "https://analogcast.dev/problems/";

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.status(), e.slug(), e.title(), e.getMessage(), uri, e.errors());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<String> errors = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage()).sorted().toList();
        return respond(400, "invalid-parameter", "Bad request", String.join("; ", errors), uri, errors);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return respond(400, "malformed-json", "Bad request", describe(e), uri, List.of());
    }

    /** Declared separately: Quarkus ships its own (empty-bodied) mapper for this subtype. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        int status = e.getResponse().getStatus();
        String detail = switch (status) {
            case 404 -> "no resource at " + uri.getPath();
            case 405 -> "method not allowed on " + uri.getPath();
            case 406 -> "cannot produce the requested media type; this API speaks application/json";
            case 415 -> "unsupported content type; send application/json";
            default -> e.getMessage();
        };
        return respond(status, "http-" + status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), detail, uri, List.of());
    }

    /** A station whose files failed verification: that station only, until a build that fixes it is served. */
    @ServerExceptionMapper
    public Response stationUnavailable(io.analogcast.analog.StationUnavailableException e, UriInfo uri) {
        return respond(503, "station-unavailable", "Service Unavailable", "station " + e.stationId()
                + " cannot be served from index build " + e.buildId() + ": its index files failed verification (the "
                + "reason is in the service log and GET /admin/health); other stations are served", uri, List.of());
    }

    @ServerExceptionMapper
    public Response databaseUnavailable(io.analogcast.database.DatabaseUnavailableException e, UriInfo uri) {
        int retryAfter = io.analogcast.database.DatabaseUnavailableException.RETRY_AFTER_SECONDS;
        Log.warnf("%s: %s", uri == null ? "?" : uri.getPath(), e.getMessage());
        return Response.fromResponse(respond(503, "database-unavailable", "Service Unavailable",
                "the database cannot be reached just now; the request was not acknowledged: retry after " + retryAfter + " s", uri,
                List.of())).header("Retry-After", Integer.toString(retryAfter)).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        String id = Long.toHexString(System.nanoTime());
        Log.errorf(e, "unexpected failure %s on %s", id, uri == null ? "?" : uri.getPath());
        return respond(500, "internal", "Internal error",
                "the server failed unexpectedly; quote reference " + id + " when reporting it", uri, List.of());
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        if (e instanceof InvalidFormatException f) {
            return "field '" + path(f) + "': '" + f.getValue() + "' is not a valid " + f.getTargetType().getSimpleName();
        }
        if (e instanceof MismatchedInputException m) {
            return "field '" + path(m) + "' has the wrong type or shape";
        }
        String message = e.getOriginalMessage();
        int source = message.indexOf(" (start marker");
        return "request body is not valid JSON: " + (source < 0 ? message : message.substring(0, source))
                + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr());
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    static Response respond(int status, String slug, String title, String detail, UriInfo uri, List<String> errors) {
        Problem problem = new Problem(TYPE_BASE + slug, title, status, detail, uri == null ? null : uri.getPath(),
                errors.isEmpty() ? null : errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
