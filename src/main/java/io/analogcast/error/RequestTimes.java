package io.analogcast.error;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Times in requests: ISO-8601 with an offset, or a 400 that shows the expected form. */
public final class RequestTimes {

    private RequestTimes() {
    }

    /** The instant, or null when {@code text} is absent or blank. */
    public static Instant parse(String text, String name) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeException e) {
            throw ProblemException.badRequest("malformed-time", name + " '" + text
                    + "' is not an ISO-8601 time with offset, e.g. 2016-07-01T06:00:00Z or 2016-07-01T14:00:00+08:00");
        }
    }
}
