package io.analogcast.observation.importer;

import java.util.Locale;
import java.util.regex.Pattern;

/** Station ids appear in URLs, file names and cache keys, so they are restricted to a safe alphabet. */
public final class StationIds {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private StationIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches() && !id.contains("..");
    }

    /** The id as stored: trimmed and lower-cased (an importer accepts {@code EWR} as {@code ewr}). */
    public static String normalize(String id) {
        return id == null ? null : id.trim().toLowerCase(Locale.ROOT);
    }

    /** A valid id made from a display name, e.g. "Wanshouxigong" to "wanshouxigong". */
    public static String fromName(String name) {
        String id = name.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return id.length() > 64 ? id.substring(0, 64) : id;
    }
}
