package io.analogcast.analog;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The builds on disk: {@code <root>/<build id>/<station>/<horizon>.{faiss,sidecar,json}}, written once and never
 * changed; {@code CURRENT} names the build to serve and {@code PUBLISHED} lists the builds made current, oldest
 * first (the rollback history). Both pointers are replaced by an atomic rename, so a reader never sees half of one.
 * A build is written under a hidden work directory and renamed into place only when complete.
 */
public final class BuildDirectory {

    static final String CURRENT = "CURRENT";
    static final String PUBLISHED = "PUBLISHED";

    private final Path root;
    private final ObjectMapper json;

    public BuildDirectory(Path root, ObjectMapper json) {
        this.root = root.toAbsolutePath();
        this.json = json;
    }

    public Path root() {
        return root;
    }

    public Path dir(String buildId) {
        return root.resolve(buildId);
    }

    /** Where a build is written before it is complete; hidden, so nothing reads it as a build. */
    Path workDir(String name) {
        return root.resolve("." + name + ".tmp");
    }

    /** The build CURRENT names, if any. */
    public Optional<String> current() {
        Path pointer = root.resolve(CURRENT);
        try {
            return Files.isRegularFile(pointer) ? Optional.of(Files.readString(pointer).trim()).filter(s -> !s.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pointer + ": " + e.getMessage(), e);
        }
    }

    /** Moves a complete work directory into place under its build id (one rename). */
    void complete(Path work, String buildId) throws IOException {
        Files.move(work, dir(buildId), StandardCopyOption.ATOMIC_MOVE);
    }

    void writeManifest(Path buildDir, IndexManifest manifest) throws IOException {
        json.writerWithDefaultPrettyPrinter().writeValue(
                AnalogIndexBuilder.Files3.in(buildDir, manifest.stationId(), manifest.horizon()).manifest().toFile(),
                manifest);
    }

    /** Makes a written build current and appends it to the history. */
    void publish(String buildId) throws IOException {
        List<String> history = new ArrayList<>(published());
        history.remove(buildId);
        history.add(buildId);
        writeAtomically(PUBLISHED, String.join("\n", history) + "\n");
        writeAtomically(CURRENT, buildId);
    }

    /**
     * Drops the current build from the history and makes the one published before it current again.
     *
     * @return the build now current, empty when there is none to return to
     */
    Optional<String> rollback() throws IOException {
        List<String> history = new ArrayList<>(published());
        String current = current().orElse(null);
        if (current != null) {
            history.remove(current);
        }
        while (!history.isEmpty() && !Files.isDirectory(dir(history.get(history.size() - 1)))) {
            history.remove(history.size() - 1); // pruned or removed by hand
        }
        if (history.isEmpty()) {
            return Optional.empty();
        }
        String previous = history.get(history.size() - 1);
        writeAtomically(PUBLISHED, String.join("\n", history) + "\n");
        writeAtomically(CURRENT, previous);
        return Optional.of(previous);
    }

    List<String> published() throws IOException {
        Path file = root.resolve(PUBLISHED);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Deletes builds that are neither current nor among the {@code keep} most recently published, and work
     * directories of builds that never completed.
     */
    void prune(int keep) throws IOException {
        List<String> history = published();
        Set<String> kept = history.subList(Math.max(0, history.size() - keep), history.size()).stream()
                .collect(Collectors.toSet());
        current().ifPresent(kept::add);
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.filter(Files::isDirectory).toList()) {
                String name = entry.getFileName().toString();
                boolean staleWork = name.startsWith(".") && name.endsWith(".tmp")
                        && Files.getLastModifiedTime(entry).toMillis() < System.currentTimeMillis() - 6 * 3600_000L;
                if (staleWork || (!name.startsWith(".") && !kept.contains(name))) {
                    deleteTree(entry);
                }
            }
        }
    }

    /** The manifests of a written build, without loading its indices. */
    public List<IndexManifest> manifests(String buildId) throws IOException {
        Path dir = dir(buildId);
        if (!Files.isDirectory(dir)) {
            throw new IOException("build " + buildId + " does not exist under " + root);
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            List<Path> paths = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            List<IndexManifest> manifests = new ArrayList<>();
            for (Path p : paths) {
                manifests.add(json.readValue(p.toFile(), IndexManifest.class));
            }
            return manifests;
        }
    }

    private void writeAtomically(String name, String content) throws IOException {
        Path tmp = root.resolve("." + name + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, root.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
