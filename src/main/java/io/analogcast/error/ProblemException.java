package io.analogcast.error;

import java.util.List;

/** A client-visible failure with its HTTP status; thrown by services, rendered by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<String> errors;

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, List.of());
    }

    public ProblemException(int status, String slug, String title, String detail, List<String> errors) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException badRequest(String slug, String detail) {
        return new ProblemException(400, slug, "Bad request", detail);
    }

    public static ProblemException notFound(String slug, String detail) {
        return new ProblemException(404, slug, "Not found", detail);
    }

    public static ProblemException unprocessable(String slug, String detail) {
        return new ProblemException(422, slug, "Unprocessable request", detail);
    }

    /** The same failure, its detail prefixed by the part of the request it concerns (e.g. an item of a batch). */
    public ProblemException about(String part) {
        String detail = part + ": " + getMessage();
        return new ProblemException(status, slug, title, detail, List.of(detail));
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<String> errors() {
        return errors;
    }
}
