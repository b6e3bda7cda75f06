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
    private static final String RUNS = ".runs";
    private static final String UNINDEXED = "UNINDEXED.json";

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

    /** The shares of a build that several machines write together (IndexLifecycle.buildShard). */
    Run run(String runId) {
        if (!runId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("run id '" + runId + "': letters, digits, '.', '_' and '-' only");
        }
        return new Run(runId, root.resolve(RUNS).resolve(runId));
    }

    /**
     * {@code <root>/.runs/<run id>/}: one directory per written share ({@code part-<shard>}, renamed into place
     * when complete, with a {@code CHECKSUMS} file of its stations' data checksums), a {@code MERGING} marker
     * created by the one shard that merges, and {@code REJECTED} with the reason when the merged build was refused.
     */
    final class Run {
        private final String id;
        private final Path dir;

        private Run(String id, Path dir) {
            this.id = id;
            this.dir = dir;
        }

        String id() {
            return id;
        }

        boolean mergeStarted() {
            return Files.exists(dir.resolve("MERGING"));
        }

        Optional<String> rejection() {
            try {
                Path file = dir.resolve("REJECTED");
                return Files.exists(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Path part(int shard) {
            return dir.resolve("part-" + shard);
        }

        Path partWork(int shard) {
            return dir.resolve(".part-" + shard + ".tmp");
        }

        /**
         * Records the share's checksums and its stations without an index (with why), and renames it into place
         * (replacing a share a failed attempt wrote).
         */
        void completePart(int shard, Path work, java.util.Map<String, Long> checksums,
                java.util.Map<String, String> unindexed) throws IOException {
            Files.writeString(work.resolve("CHECKSUMS"), checksums.entrySet().stream()
                    .map(e -> e.getKey() + " " + Long.toHexString(e.getValue())).sorted()
                    .collect(Collectors.joining("\n", "", "\n")));
            json.writeValue(work.resolve(UNINDEXED).toFile(), new java.util.TreeMap<>(unindexed));
            Path part = part(shard);
            deleteTree(part);
            Files.move(work, part, StandardCopyOption.ATOMIC_MOVE);
        }

        int partsWritten(int shards) {
            int written = 0;
            for (int shard = 0; shard < shards; shard++) {
                written += Files.isDirectory(part(shard)) ? 1 : 0;
            }
            return written;
        }

        /** True for exactly one caller: creating a file that must not exist is atomic. */
        boolean claimMerge() throws IOException {
            try {
                Files.createFile(dir.resolve("MERGING"));
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            }
        }

        /** Moves a share's station directories into a build's work directory; returns its manifests. */
        List<IndexManifest> movePartInto(int shard, Path work, java.util.Map<String, Long> checksums,
                java.util.Map<String, String> unindexed, BuildDirectory directory) throws IOException {
            Path part = part(shard);
            unindexed.putAll(json.readValue(part.resolve(UNINDEXED).toFile(),
                    new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, String>>() {
                    }));
            for (String line : Files.readAllLines(part.resolve("CHECKSUMS"))) {
                String[] fields = line.trim().split(" ");
                if (fields.length == 2) {
                    checksums.put(fields[0], Long.parseUnsignedLong(fields[1], 16));
                }
            }
            List<IndexManifest> manifests = directory.manifestsIn(part);
            try (Stream<Path> stations = Files.list(part)) {
                for (Path station : stations.filter(Files::isDirectory).toList()) {
                    Files.move(station, work.resolve(station.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return manifests;
        }

        void reject(String reason) throws IOException {
            Files.writeString(dir.resolve("REJECTED"), reason + "\n");
            for (String name : dir.toFile().list()) {
                if (name.startsWith("part-") || name.startsWith(".part-")) {
                    deleteTree(dir.resolve(name));
                }
            }
        }

        /** A merged run leaves nothing behind. */
        void delete() throws IOException {
            deleteTree(dir);
        }
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
     * Deletes builds that are neither current nor among the {@code keep} most recently published, work
     * directories of builds that never completed, and sharded runs abandoned for a day.
     */
    void prune(int keep) throws IOException {
        List<String> history = published();
        Set<String> kept = history.subList(Math.max(0, history.size() - keep), history.size()).stream()
                .collect(Collectors.toSet());
        current().ifPresent(kept::add);
        Path runs = root.resolve(RUNS);
        if (Files.isDirectory(runs)) {
            try (Stream<Path> entries = Files.list(runs)) {
                for (Path run : entries.toList()) {
                    if (Files.getLastModifiedTime(run).toMillis() < System.currentTimeMillis() - 24 * 3600_000L) {
                        deleteTree(run); // a run whose shards never all completed
                    }
                }
            }
        }
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

    void writeCatalog(Path buildDir, BuildCatalog catalog) throws IOException {
        json.writeValue(buildDir.resolve(BuildCatalog.FILE).toFile(), catalog);
    }

    /**
     * What a build holds, from its catalog: one small file, whatever the number of stations. A build published before
     * catalogs existed is listed instead (its directories, and one manifest for the fingerprint and settings hash).
     */
    public BuildCatalog catalog(String buildId) throws IOException {
        Path dir = dir(buildId);
        if (!Files.isDirectory(dir)) {
            throw new IOException("build " + buildId + " does not exist under " + root);
        }
        Path file = dir.resolve(BuildCatalog.FILE);
        if (Files.isRegularFile(file)) {
            BuildCatalog catalog;
            try {
                catalog = json.readValue(file.toFile(), BuildCatalog.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IOException(file + " cannot be read: " + e.getOriginalMessage(), e);
            }
            if (!buildId.equals(catalog.buildId())) {
                throw new IOException(file + " describes build " + catalog.buildId() + ", not " + buildId);
            }
            return catalog;
        }
        List<IndexManifest> manifests = new ArrayList<>();
        java.util.SortedMap<String, int[]> stations = new java.util.TreeMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path station : entries.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(station)) {
                    List<Horizon> horizons = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                            .map(n -> Horizon.parse(n.substring(0, n.length() - ".json".length()))).sorted().toList();
                    if (!horizons.isEmpty()) {
                        stations.put(station.getFileName().toString(),
                                horizons.stream().mapToInt(Horizon::hours).toArray());
                        if (manifests.isEmpty()) {
                            manifests.add(manifest(dir, station.getFileName().toString(), horizons.get(0)));
                        }
                    }
                }
            }
        }
        if (manifests.isEmpty()) {
            throw new IOException("build " + buildId + " has no manifests");
        }
        IndexManifest first = manifests.get(0);
        return new BuildCatalog(buildId, first.dataFingerprint(), first.parametersHash(),
                stations.values().stream().flatMapToInt(java.util.Arrays::stream).distinct().sorted()
                        .mapToObj(Horizon::new).toList(), stations, new java.util.TreeMap<>());
    }

    /** One index's manifest. */
    IndexManifest manifest(Path buildDir, String stationId, Horizon horizon) throws IOException {
        return json.readValue(AnalogIndexBuilder.Files3.in(buildDir, stationId, horizon).manifest().toFile(),
                IndexManifest.class);
    }

    /** Fails unless {@code file} exists with the CRC32C its manifest records. */
    static void verifyChecksum(Path file, String expected) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing");
        }
        if (!AnalogIndexBuilder.crc32c(file).equals(expected)) {
            throw new IOException(file + " does not match its manifest checksum (corrupt, truncated or replaced)");
        }
    }

    /** The manifests of a written build, without loading its indices. */
    public List<IndexManifest> manifests(String buildId) throws IOException {
        Path dir = dir(buildId);
        if (!Files.isDirectory(dir)) {
            throw new IOException("build " + buildId + " does not exist under " + root);
        }
        return manifestsIn(dir);
    }

    private List<IndexManifest> manifestsIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir, 2)) {
            // the manifests lie in the station directories; the build's own catalog beside them is not one
            List<Path> paths = files.filter(p -> p.toString().endsWith(".json") && !p.getParent().equals(dir)).sorted()
                    .toList();
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
