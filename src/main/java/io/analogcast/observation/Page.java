package io.analogcast.observation;

import java.util.List;

/** One page of a listing: items, position, total count and links to the neighbouring pages. */
public record Page<T>(List<T> items, int page, int size, long total, String next, String prev) {

    public static final int DEFAULT_SIZE = 100;
    public static final int MAX_SIZE = 1000;

    /** Builds the page; {@code link} makes the URL of another page number. */
    public static <T> Page<T> of(List<T> items, int page, int size, long total, java.util.function.IntFunction<String> link) {
        String next = (long) (page + 1) * size < total ? link.apply(page + 1) : null;
        String prev = page > 0 ? link.apply(page - 1) : null;
        return new Page<>(items, page, size, total, next, prev);
    }
}
