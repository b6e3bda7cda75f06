package io.analogcast.error;

import java.util.List;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}). {@code errors} lists individual problems when a
 * request has several (e.g. the items of a batch).
 */
public record Problem(String type, String title, int status, String detail, String instance, List<String> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
