package io.analogcast.analog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.analogcast.config.AnalogcastConfig;
import io.analogcast.faiss.FaissIndex;
import io.analogcast.faiss.IndexSpec;
import io.analogcast.faiss.IndexType;
import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.ObservationStore;
import io.analogcast.observation.Station;
import io.analogcast.variable.Variable;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Owns the index builds on disk and the loaded indices: builds when the data or parameters changed, loads a
 * build off-heap, pre-warms it, and swaps it in atomically. A replaced build is closed after a grace period so
 * that searches still running on it finish first.
 */
@ApplicationScoped
public class AnalogIndexRegistry {

    private static final String CURRENT = "CURRENT";
    private static final long CLOSE_GRACE_SECONDS = 30;
    private static final DateTimeFormatter BUILD_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** The build being served. */
    public record LoadedBuild(String buildId, Map<String, Map<Horizon, AnalogIndex>> indices, Instant loadedAt) {
        public Stream<AnalogIndex> all() {
            return indices.values().stream().flatMap(m -> m.values().stream());
        }
    }

    /** Progress of a build: overall fraction and what is being built. */
    public interface BuildListener {
        void progress(double fraction, String label);
    }

    private final AnalogcastConfig config;
    private final ObservationStore store;
    private final ObjectMapper json;
    private final ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "index-closer");
        t.setDaemon(true);
        return t;
    });
    private final BuildSettings settings;
    private volatile LoadedBuild current = new LoadedBuild(null, Map.of(), null);

    public AnalogIndexRegistry(AnalogcastConfig config, ObservationStore store, ObjectMapper json) {
        this.config = config;
        this.store = store;
        this.json = json;
        this.settings = settingsFrom(config);
        FaissIndex.setSearchOmpThreads(config.faiss().searchOmpThreads());
    }

    public BuildSettings settings() {
        return settings;
    }

    private static BuildSettings settingsFrom(AnalogcastConfig config) {
        AnalogcastConfig.Index index = config.index();
        List<Variable> predictors = index.predictors().stream().map(id -> Variable.byId(id).orElseThrow(
                () -> new IllegalArgumentException("analogcast.index.predictors: unknown variable '" + id + "'")))
                .toList();
        Map<Horizon, IndexSpec> specs = new LinkedHashMap<>();
        for (String h : index.horizons()) {
            Horizon horizon = Horizon.parse(h);
            String typeName = index.type().getOrDefault(horizon.toString(), index.defaultType());
            IndexType type = IndexType.parse(typeName).orElseThrow(() -> new IllegalArgumentException(
                    "analogcast.index.type.\"" + horizon + "\": unknown index type '" + typeName + "'"));
            specs.put(horizon, configuredSpec(index, type));
        }
        return new BuildSettings(predictors, index.windowHours(), index.predictorWeight(),
                index.timeEncodingWeight(), specs);
    }

    /** The configured parameters of an index type (analogcast.index.ivfpq.*, analogcast.index.hnsw.*). */
    public static IndexSpec configuredSpec(AnalogcastConfig.Index index, IndexType type) {
        return switch (type) {
            case FLAT_IP -> IndexSpec.flatIp();
            case FLAT_L2 -> IndexSpec.flatL2();
            case IVFPQ -> IndexSpec.ivfpq(index.ivfpq().nlist(), index.ivfpq().m(), index.ivfpq().nbits(),
                    index.ivfpq().nprobe());
            case HNSW -> IndexSpec.hnsw(index.hnsw().neighbours(), index.hnsw().efConstruction(), index.hnsw().efSearch());
        };
    }

    private Path root() {
        return Path.of(config.index().directory()).toAbsolutePath();
    }

    /** The build id on disk that matches the current data and settings, if any. */
    public Optional<String> reusableBuild() {
        Path pointer = root().resolve(CURRENT);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        try {
            String buildId = Files.readString(pointer).trim();
            Path dir = root().resolve(buildId);
            String fingerprint = store.fingerprint();
            String hash = settings.hash();
            List<IndexManifest> manifests = readManifests(dir);
            boolean matches = !manifests.isEmpty() && manifests.stream()
                    .allMatch(m -> m.dataFingerprint().equals(fingerprint) && m.parametersHash().equals(hash));
            return matches ? Optional.of(buildId) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            Log.warnf("ignoring unreadable index build under %s: %s", root(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Builds indices for every station and configured horizon, then marks the build current. */
    public String build(BuildListener listener) {
        List<Station> stations = store.stations();
        String fingerprint = store.fingerprint();
        String buildId = BUILD_TIME.format(Instant.now()) + "-" + fingerprint.substring(0, Math.min(8, fingerprint.length()));
        Path finalDir = root().resolve(buildId);
        Path workDir = root().resolve(buildId + ".tmp");
        AnalogIndexBuilder builder = new AnalogIndexBuilder(settings);
        List<Horizon> horizons = settings.horizons();
        int total = Math.max(1, stations.size() * horizons.size());
        int done = 0;
        int built = 0;
        try {
            Files.createDirectories(workDir);
            for (Station station : stations) {
                HourlySeries series = store.series(station.id).orElseThrow();
                for (Horizon horizon : horizons) {
                    int step = done;
                    String label = station.id + " " + horizon;
                    IndexManifest manifest = series.isEmpty() ? null : builder.build(series, station, horizon, workDir,
                            buildId, fingerprint, f -> listener.progress((step + f) / total, label));
                    if (manifest == null) {
                        Log.warnf("station %s: too little complete data for a %s index (needs %d hours with all of %s)",
                                station.id, horizon, BuildSettings.MIN_ROWS, settings.predictors());
                    } else {
                        Path manifestFile = AnalogIndexBuilder.Files3.in(workDir, station.id, horizon).manifest();
                        json.writerWithDefaultPrettyPrinter().writeValue(manifestFile.toFile(), manifest);
                        built++;
                    }
                    done++;
                    listener.progress((double) done / total, label);
                }
            }
            if (built == 0) {
                throw new IllegalStateException("no station has enough data to build any index");
            }
            Files.move(workDir, finalDir, StandardCopyOption.ATOMIC_MOVE);
            Path pointerTmp = root().resolve(CURRENT + ".tmp");
            Files.writeString(pointerTmp, buildId);
            Files.move(pointerTmp, root().resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            pruneOldBuilds(buildId);
            return buildId;
        } catch (IOException e) {
            throw new UncheckedIOException("index build failed: " + e.getMessage(), e);
        }
    }

    /** Loads a build off-heap, pre-warms every index with one search, and serves it from now on. */
    public LoadedBuild load(String buildId) {
        Path dir = root().resolve(buildId);
        Map<String, Map<Horizon, AnalogIndex>> indices = new HashMap<>();
        List<AnalogIndex> opened = new ArrayList<>();
        try {
            for (IndexManifest manifest : readManifests(dir)) {
                AnalogIndexBuilder.Files3 files = AnalogIndexBuilder.Files3.in(dir, manifest.stationId(), manifest.horizon());
                verifyChecksum(files.faiss(), manifest.faissSha256());
                verifyChecksum(files.sidecar(), manifest.sidecarSha256());
                AnalogIndex index = AnalogIndex.open(files.faiss(), files.sidecar(), manifest, config.index().mmap());
                opened.add(index);
                prewarm(index);
                indices.computeIfAbsent(manifest.stationId(), s -> new HashMap<>()).put(manifest.horizon(), index);
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(AnalogIndex::close);
            throw new IllegalStateException("could not load index build " + buildId + ": " + e.getMessage(), e);
        }
        LoadedBuild loaded = new LoadedBuild(buildId, indices, Instant.now());
        LoadedBuild previous = current;
        current = loaded;
        if (previous.buildId() != null) {
            closer.schedule(() -> previous.all().forEach(AnalogIndex::close), CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
        }
        Log.infof("serving index build %s: %d indices, %d vectors, %.1f MB off-heap", buildId, opened.size(),
                loaded.all().mapToLong(AnalogIndex::vectors).sum(),
                loaded.all().mapToLong(AnalogIndex::offHeapBytes).sum() / 1e6);
        return loaded;
    }

    /** Builds if nothing reusable is on disk (when allowed), then loads. */
    public LoadedBuild ensureLoaded(boolean buildIfMissing, BuildListener listener) {
        Optional<String> reusable = reusableBuild();
        String buildId;
        if (reusable.isPresent()) {
            buildId = reusable.get();
            Log.infof("reusing index build %s (data and parameters unchanged)", buildId);
        } else if (buildIfMissing) {
            buildId = build(listener);
        } else {
            throw new IllegalStateException("no index build matches the data under " + root()
                    + "; run the build-index command or set analogcast.index.build-on-boot=true");
        }
        return load(buildId);
    }

    private static void prewarm(AnalogIndex index) {
        float[] state = new float[index.manifest().stateDimension()];
        index.search(state, 1, Instant.now());
    }

    private void verifyChecksum(Path file, String expected) throws IOException {
        String actual = AnalogIndexBuilder.sha256(file);
        if (!actual.equals(expected)) {
            throw new IOException(file + " does not match its manifest checksum (corrupt or replaced)");
        }
    }

    /** The manifests of a written build, without loading its indices. */
    public List<IndexManifest> manifests(String buildId) {
        try {
            return readManifests(root().resolve(buildId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifests of build " + buildId + ": " + e.getMessage(), e);
        }
    }

    private List<IndexManifest> readManifests(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
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

    private void pruneOldBuilds(String keep) throws IOException {
        try (Stream<Path> entries = Files.list(root())) {
            List<Path> builds = entries.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().equals(keep))
                    .sorted(Comparator.comparing(Path::getFileName).reversed()).toList();
            // keep the previous build too: a pod still loading it must find its files
            for (Path old : builds.subList(Math.min(1, builds.size()), builds.size())) {
                try (Stream<Path> tree = Files.walk(old)) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    public LoadedBuild current() {
        return current;
    }

    public Optional<AnalogIndex> index(String stationId, Horizon horizon) {
        return Optional.ofNullable(current.indices().getOrDefault(stationId, Map.of()).get(horizon));
    }

    public Collection<Horizon> horizons() {
        return settings.horizons();
    }

    @PreDestroy
    void shutdown() {
        closer.shutdownNow();
        current.all().forEach(AnalogIndex::close);
    }
}
