package io.analogcast.observation;

import io.analogcast.error.ProblemException;

/** Validated {@code page} (from 0) and {@code size} (1..1000, default 100) query parameters. */
public record PageRequest(int page, int size) {

    public static PageRequest parse(String page, String size) {
        int p = parse(page, "page", 0);
        int s = parse(size, "size", Page.DEFAULT_SIZE);
        if (p < 0) {
            throw ProblemException.badRequest("invalid-page", "page must be 0 or more, got " + p);
        }
        if (s < 1 || s > Page.MAX_SIZE) {
            throw ProblemException.badRequest("invalid-page", "size must be between 1 and " + Page.MAX_SIZE + ", got " + s);
        }
        if ((long) p * s > Integer.MAX_VALUE) {
            throw ProblemException.badRequest("invalid-page", "page " + p + " of size " + s + " is beyond any listing");
        }
        return new PageRequest(p, s);
    }

    private static int parse(String text, String name, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("invalid-page", name + " '" + text + "' is not a whole number");
        }
    }

    public int offset() {
        return page * size;
    }
}
