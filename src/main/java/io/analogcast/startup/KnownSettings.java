package io.analogcast.startup;

import io.analogcast.config.AnalogcastConfig;
import io.smallrye.config.ConfigMappings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code analogcast.*} settings the service knows, in both spellings: properties ({@code -D}, application.properties)
 * and environment variables ({@code ANALOGCAST_...}, which the Helm chart's ConfigMap sets). A setting the service does
 * not know is refused, whichever way it came, with the nearest known one suggested: a typo that was silently ignored
 * would leave a default in force that the operator believes changed.
 *
 * <p>Known keys come from the {@code @ConfigMapping} itself (map keys such as a horizon or a token name are
 * wildcards), and the environment variables application.properties refers to ({@code ${ANALOGCAST_DB_URL:...}}).
 */
public final class KnownSettings {

    static final String PREFIX = "analogcast.";
    static final String ENV_PREFIX = "ANALOGCAST_";
    /** What a quoted map key leaves in an environment variable's name: {@code "24h"} becomes {@code __24H_}. */
    private static final String QUOTED_KEY = "__";
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{(ANALOGCAST_[A-Z0-9_]+)");

    /**
     * A known key: its display forms ({@code <key>} for a map key) and, for a key with a map-key segment only, a
     * pattern for each spelling (the others are matched literally).
     */
    private record Key(String display, String environmentDisplay, Pattern property, Pattern environment) {
        boolean wildcard() {
            return property != null;
        }
    }

    private final List<Key> keys;
    private final Set<String> referencedEnvironment;
    /** Keys without a map-key segment, in both spellings: most keys, checked without a pattern. */
    private final Set<String> literalProperties = new java.util.HashSet<>();
    private final Set<String> literalEnvironment = new java.util.HashSet<>();
    private final List<Key> wildcards = new ArrayList<>();

    private KnownSettings(List<Key> keys, Set<String> referencedEnvironment) {
        this.keys = keys;
        this.referencedEnvironment = referencedEnvironment;
        for (Key key : keys) {
            if (key.wildcard()) {
                wildcards.add(key);
            } else {
                literalProperties.add(key.display());
                literalEnvironment.add(key.environmentDisplay());
            }
        }
    }

    /** The settings of this build: the mapping's properties and application.properties' environment references. */
    public static KnownSettings load() {
        List<Key> keys = new ArrayList<>();
        for (String name : new TreeSet<>(ConfigMappings.getProperties(
                ConfigMappings.ConfigClass.configClass(AnalogcastConfig.class, "analogcast")).keySet())) {
            if (!name.endsWith("[*]")) { // a list's indexed form; the list itself is listed too
                keys.add(key(name));
            }
        }
        return new KnownSettings(keys, referencedEnvironment());
    }

    private static Key key(String name) {
        StringBuilder property = new StringBuilder();
        StringBuilder environment = new StringBuilder();
        List<String> environmentDisplay = new ArrayList<>();
        String[] segments = name.split("\\.");
        for (int i = 0; i < segments.length; i++) {
            String separator = i == 0 ? "" : "\\.";
            if (segments[i].equals("*")) {
                // a map key: plain (24h) or quoted ("24h") in a property, any characters in an environment variable
                property.append(separator).append("(\"[^\"]+\"|[^.]+)");
                environment.append("_").append(".+");
                environmentDisplay.add("<KEY>");
            } else {
                property.append(separator).append(Pattern.quote(segments[i]));
                environment.append(i == 0 ? "" : "_").append(Pattern.quote(envForm(segments[i])));
                environmentDisplay.add(envForm(segments[i]));
            }
        }
        boolean wildcard = name.contains("*");
        return new Key(name.replace("*", "<key>"), String.join("_", environmentDisplay),
                wildcard ? Pattern.compile(property.toString()) : null,
                wildcard ? Pattern.compile(environment.toString()) : null);
    }

    /** The environment variable of a property, as SmallRye reads it: non-alphanumerics to '_', upper case. */
    static String envForm(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Set<String> referencedEnvironment() {
        Set<String> names = new TreeSet<>();
        try (InputStream in = KnownSettings.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                Matcher m = ENV_REFERENCE.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read application.properties: " + e.getMessage(), e);
        }
        return names;
    }

    public boolean knowsProperty(String name) {
        return literalProperties.contains(name) || wildcards.stream().anyMatch(k -> k.property().matcher(name).matches());
    }

    public boolean knowsEnvironment(String name) {
        return referencedEnvironment.contains(name) || literalEnvironment.contains(name)
                || wildcards.stream().anyMatch(k -> k.environment().matcher(name).matches());
    }

    /** The known key nearest to an unknown one, in the same spelling. */
    public String nearestProperty(String name) {
        return nearest(name, keys.stream().map(Key::display).toList());
    }

    public String nearestEnvironment(String name) {
        List<String> candidates = new ArrayList<>(referencedEnvironment);
        keys.forEach(k -> candidates.add(k.environmentDisplay()));
        return nearest(name, candidates);
    }

    private static String nearest(String name, List<String> candidates) {
        return candidates.stream().min(Comparator.comparingInt((String c) -> distance(name, c.replace("<key>", "")
                .replace("<KEY>", ""))).thenComparing(Comparator.naturalOrder())).orElseThrow();
    }

    /**
     * The unknown settings among these system properties and environment variables, one explanation each (empty when
     * all are known).
     */
    public List<String> unknown(Map<?, ?> systemProperties, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        systemProperties.keySet().stream().map(Object::toString).filter(n -> n.startsWith(PREFIX))
                .filter(n -> !knowsProperty(n)).sorted()
                .forEach(n -> problems.add(unknownProperty(n, "a system property")));
        environment.keySet().stream().filter(n -> n.startsWith(ENV_PREFIX)).sorted().forEach(n -> {
            if (n.contains(QUOTED_KEY)) {
                problems.add(quotedEnvironment(n));
            } else if (!knowsEnvironment(n)) {
                problems.add("unknown setting " + n + " (an environment variable); did you mean "
                        + nearestEnvironment(n) + "? Every setting: docs/configuration.md");
            }
        });
        return problems;
    }

    /**
     * A map key in quotes spelt as an environment variable ({@code ANALOGCAST_INDEX_TYPE__24H_} for
     * {@code analogcast.index.type."24h"}): SmallRye Config reads it as a key apart from application.properties'
     * unquoted one, so the setting would be ignored silently (a path with a dash) or collide with that key.
     */
    static String quotedEnvironment(String name) {
        return name + " (an environment variable) spells a map key in quotes, which is not read; write "
                + unquotedEnvironment(name) + ". Every setting: docs/configuration.md";
    }

    private static String unquotedEnvironment(String name) {
        return name.replaceAll("_+", "_").replaceAll("_$", "");
    }

    String unknownProperty(String name, String source) {
        return "unknown setting " + name + " (" + source + "); did you mean " + nearestProperty(name)
                + "? Every setting: docs/configuration.md";
    }

    /**
     * A known key that SmallRye Config left unmapped: its map key is written with quotes ({@code "24h"}) in one source
     * and without ({@code 24h}) in another, which it keeps apart as two keys, so one of them maps to nothing (the
     * one of lower precedence: application.properties' own). Names the quoted spelling given as a system property or
     * an environment variable.
     */
    String otherSpelling(String name, String source, Map<?, ?> systemProperties, Map<String, String> environment) {
        String unquoted = name.replace("\"", "");
        String given = systemProperties.keySet().stream().map(Object::toString)
                .filter(p -> p.contains("\"") && p.replace("\"", "").equals(unquoted)).findFirst().orElse(null);
        String variable = envForm(unquoted);
        java.util.Optional<String> quotedVariable = environment.keySet().stream()
                .filter(n -> n.contains(QUOTED_KEY) && unquotedEnvironment(n).equals(variable)).findFirst();
        if (given == null && quotedVariable.isPresent()) {
            return quotedEnvironment(quotedVariable.get());
        }
        String fix = given == null && unquoted.equals(name)
                ? "write its map key the same way in every source (without quotes)"
                : "write its map key without quotes, as application.properties does: " + unquoted;
        return (given == null ? name + " (" + source + ")" : given + " (a system property)")
                + " is set in another spelling too; " + fix + ". Every setting: docs/configuration.md";
    }

    /** Levenshtein distance: the number of one-character edits between two keys. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                row[j] = Math.min(substitution, Math.min(previous[j], row[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = row;
            row = swap;
        }
        return previous[b.length()];
    }

    /** For tests and docs: every known key in property form. */
    public List<String> displayKeys() {
        return keys.stream().map(Key::display).toList();
    }

    Optional<String> source(String property) {
        if (System.getProperty(property) != null) {
            return Optional.of("a system property");
        }
        String env = envForm(property);
        return System.getenv(env) != null ? Optional.of("environment variable " + env) : Optional.empty();
    }
}
