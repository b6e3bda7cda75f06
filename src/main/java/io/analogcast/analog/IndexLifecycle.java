package io.analogcast.analog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.analogcast.config.AnalogcastConfig;
import io.analogcast.faiss.FaissIndex;
import io.analogcast.faiss.IndexSpec;
import io.analogcast.faiss.IndexType;
import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.ObservationStore;
import io.analogcast.observation.ObservationsIngested;
import io.analogcast.observation.Station;
import io.analogcast.variable.Variable;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The index lifecycle in one place: build (once, by the {@code build-index} command or at boot when allowed),
 * verify (recall gate, checksums, sizes), publish ({@code CURRENT}), load off-heap, swap, append new observations
 * and roll back. Requests work on an {@link IndexSnapshot} acquired here and closed when done; a swap releases
 * only the lifecycle's own reference, so the native memory of a replaced build is freed by whoever finishes last.
 */
@ApplicationScoped
public class IndexLifecycle {

    private static final DateTimeFormatter BUILD_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int KEPT_REJECTIONS = 20;

    /** Progress of a build: overall fraction and what is being built. */
    public interface BuildListener {
        void progress(double fraction, String label);
    }

    /** What a reload or rollback did. */
    public record ReloadResult(String servedBuildId, String previousBuildId, boolean changed, String rejectedReason) {
    }

    /** A build refused by the recall gate or the verification at load. */
    public static final class BuildRejectedException extends RuntimeException {
        public BuildRejectedException(String message) {
            super(message);
        }
    }

    private final AnalogcastConfig.Index config;
    private final ObservationStore store;
    private final BuildSettings settings;
    private final BuildDirectory directory;
    private final Event<IndexBuildServed> servedEvents;
    private final Event<IndexBuildRejected> rejectedEvents;
    private final Object swapLock = new Object();
    private final Deque<IndexBuildRejected> rejections = new ConcurrentLinkedDeque<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private volatile IndexSnapshot current = IndexSnapshot.empty();
    /** Swaps and rejections so far: what a report of the lifecycle compares to know it is still current. */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
    private volatile ScheduledExecutorService poller;

    public IndexLifecycle(AnalogcastConfig config, ObservationStore store, ObjectMapper json,
            Event<IndexBuildServed> servedEvents, Event<IndexBuildRejected> rejectedEvents) {
        this.config = config.index();
        this.store = store;
        this.servedEvents = servedEvents;
        this.rejectedEvents = rejectedEvents;
        this.settings = settingsFrom(config.index());
        this.directory = new BuildDirectory(Path.of(config.index().directory()), json);
        FaissIndex.setSearchOmpThreads(config.faiss().searchOmpThreads());
    }

    public BuildSettings settings() {
        return settings;
    }

    public Collection<Horizon> horizons() {
        return settings.horizons();
    }

    public BuildDirectory directory() {
        return directory;
    }

    private static BuildSettings settingsFrom(AnalogcastConfig.Index index) {
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
                index.timeEncodingWeight(), specs, index.predictorCoverage());
    }

    /** The configured parameters of an index type (analogcast.index.ivfpq.*, .ivf-flat.*, .hnsw.*). */
    public static IndexSpec configuredSpec(AnalogcastConfig.Index index, IndexType type) {
        return switch (type) {
            case FLAT_IP -> IndexSpec.flatIp();
            case FLAT_L2 -> IndexSpec.flatL2();
            case IVFPQ -> IndexSpec.ivfpq(index.ivfpq().nlist(), index.ivfpq().m(), index.ivfpq().nbits(),
                    index.ivfpq().nprobe());
            case IVF_FLAT -> IndexSpec.ivfFlat(index.ivfFlat().nlist(), index.ivfFlat().nprobe());
            case HNSW -> IndexSpec.hnsw(index.hnsw().neighbours(), index.hnsw().efConstruction(), index.hnsw().efSearch());
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // Snapshots

    /** The library to work on; close it when done (try-with-resources). */
    public IndexSnapshot acquire() {
        for (;;) {
            IndexSnapshot snapshot = current;
            if (snapshot.tryRetain()) {
                return snapshot;
            }
            // swapped out and freed between the read and the retain: the next read sees its successor
        }
    }

    /** The id of the build being served (null before one is loaded). */
    public String servedBuildId() {
        return current.buildId();
    }

    /** Grows with every swap of the served snapshot and every rejected build. */
    public long changes() {
        return changes.get();
    }

    private void swap(IndexSnapshot next) {
        IndexSnapshot previous = current;
        current = next;
        changes.incrementAndGet();
        previous.release();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Boot

    /**
     * Serves the current build. With building allowed, builds first when there is none, when it does not match
     * the data and settings, or when it cannot be loaded. Then polls CURRENT when configured.
     */
    public void start(BuildListener listener) {
        if (config.buildOnBoot()) {
            boolean reusable = directory.current().map(this::matchesDataAndSettings).orElse(false);
            if (reusable) {
                Log.infof("reusing index build %s (data and parameters unchanged)", directory.current().orElseThrow());
            }
            if (!reusable || reload().servedBuildId() == null) {
                build(listener);
                reload();
            }
        } else if (reload().servedBuildId() == null) {
            Log.warnf("no index build to serve under %s: not ready until the build-index command publishes one "
                    + "(analogcast.index.build-on-boot=false)", directory.root());
        }
        Duration interval = config.pollInterval();
        if (!interval.isZero() && !interval.isNegative()) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "index-poller");
                t.setDaemon(true);
                return t;
            });
            poller.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private boolean matchesDataAndSettings(String buildId) {
        try {
            List<IndexManifest> manifests = directory.manifests(buildId);
            String fingerprint = store.fingerprint();
            return !manifests.isEmpty() && manifests.stream().allMatch(
                    m -> m.dataFingerprint().equals(fingerprint) && m.parametersHash().equals(settings.hash()));
        } catch (IOException | RuntimeException e) {
            Log.warnf("ignoring unreadable index build %s: %s", buildId, e.getMessage());
            return false;
        }
    }

    /** One poll: a new CURRENT is loaded, and observations stored through other instances are appended. */
    void poll() {
        try {
            reload();
            refreshLibraries(store.stations().stream().map(s -> s.id).collect(Collectors.toSet()), true);
        } catch (RuntimeException e) {
            Log.warnf("index poll failed (the served build is unchanged): %s", e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Build, verify, publish

    /**
     * Builds indices for every station and configured horizon from the database, station by station, verifies
     * them against the recall gate and publishes the build. A build that fails the gate is deleted and never
     * becomes current.
     *
     * @return the id of the published build
     */
    public String build(BuildListener listener) {
        String started = BUILD_TIME.format(Instant.now());
        Path work = directory.workDir(started);
        return writing(work, "index build", () -> {
            Files.createDirectories(work);
            Map<String, Long> checksums = new HashMap<>();
            List<IndexManifest> manifests = writeIndices(store.stations(), work, checksums, listener);
            return publishWork(work, started, manifests, checksums);
        });
    }

    /**
     * Builds one share of a build that several machines make together (a Kubernetes Indexed Job): the stations at
     * positions {@code shard}, {@code shard + shards}, ... of the id-ordered station list. The share is written
     * under the run's parts directory; the shard that completes the set merges all shares into one build, checks
     * it like any other and publishes it. The merged build is the one a single machine would have made (same
     * fingerprint, same indices).
     *
     * @param runId names the run; every shard of one run must be given the same
     * @return the published build when this shard completed the set; empty while shares are missing, or when the
     *         run was merged already (a retried shard)
     */
    public Optional<String> buildShard(String runId, int shard, int shards, BuildListener listener) {
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards + ": expected 0 <= shard < shards");
        }
        BuildDirectory.Run run = directory.run(runId);
        if (run.mergeStarted()) {
            // a shard is retried only before the set is complete: a merge that started ended in a refusal or a crash
            throw run.rejection().<RuntimeException>map(reason -> new BuildRejectedException(reason)).orElseGet(
                    () -> new IllegalStateException("index build run " + runId + ": a merge started and did not "
                            + "finish (see the merging shard's log); start a new run"));
        }
        List<Station> all = store.stations();
        List<Station> share = new ArrayList<>();
        for (int i = shard; i < all.size(); i += shards) {
            share.add(all.get(i));
        }
        Path work = run.partWork(shard);
        return writing(work, "index build shard", () -> {
            BuildDirectory.deleteTree(work);
            Files.createDirectories(work);
            Map<String, Long> checksums = new HashMap<>();
            List<IndexManifest> manifests = writeIndices(share, work, checksums, listener);
            for (IndexManifest m : manifests) {
                directory.writeManifest(work, m);
            }
            run.completePart(shard, work, checksums);
            Log.infof("index build run %s: shard %d of %d written (%d stations, %d indices)", runId, shard, shards,
                    share.size(), manifests.size());
            return merge(run, shards);
        });
    }

    /** Merges a run's shares into one build and publishes it, when every share is written and nobody merges yet. */
    private Optional<String> merge(BuildDirectory.Run run, int shards) throws IOException {
        int written = run.partsWritten(shards);
        if (written < shards) {
            Log.infof("index build run %s: %d of %d shards written; the last one merges", run.id(), written, shards);
            return Optional.empty();
        }
        if (!run.claimMerge()) {
            return Optional.empty(); // a shard that finished at the same moment merges
        }
        String started = BUILD_TIME.format(Instant.now());
        Path work = directory.workDir(started);
        return writing(work, "index build merge", () -> {
            Files.createDirectories(work);
            Map<String, Long> checksums = new HashMap<>();
            List<IndexManifest> manifests = new ArrayList<>();
            for (int shard = 0; shard < shards; shard++) {
                manifests.addAll(run.movePartInto(shard, work, checksums, directory));
            }
            try {
                String buildId = publishWork(work, started, manifests, checksums);
                run.delete();
                return Optional.of(buildId);
            } catch (BuildRejectedException e) {
                run.reject(e.getMessage()); // a retried shard finds the verdict instead of building again
                throw e;
            }
        });
    }

    /** A failure while writing a build: nothing was published and what was written is gone. */
    public static final class BuildFailedException extends RuntimeException {
        BuildFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Writing into a directory that must not outlive a failure. */
    private interface DirectoryWork<T> {
        T run() throws IOException;
    }

    /** Runs {@code body}, which writes into {@code work}; on any failure the directory is deleted. */
    private static <T> T writing(Path work, String what, DirectoryWork<T> body) {
        try {
            return body.run();
        } catch (BuildRejectedException | BuildFailedException e) {
            deleteQuietly(work);
            throw e;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(work);
            throw new BuildFailedException(what + " failed, nothing published: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the indices of these stations into a work directory, station by station, adding each station's data
     * checksum (for the build's fingerprint).
     */
    private List<IndexManifest> writeIndices(List<Station> stations, Path work, Map<String, Long> checksums,
            BuildListener listener) throws IOException {
        AnalogIndexBuilder builder = new AnalogIndexBuilder(settings, config.recallGate().sample(),
                config.recallGate().k());
        List<Horizon> horizons = settings.horizons();
        int total = Math.max(1, stations.size() * horizons.size());
        int done = 0;
        List<IndexManifest> manifests = new ArrayList<>();
        for (Station station : stations) {
            HourlySeries series = store.history(station.id);
            checksums.put(station.id, series.checksum());
            List<Variable> predictors = settings.predictorsFor(series);
            if (predictors.isEmpty()) {
                Log.warnf("station %s: NO INDEX: %s", station.id, settings.noPredictorsReason(series));
            } else if (predictors.size() < settings.predictors().size()) {
                Log.infof("station %s: predictors %s; left out, observed in too few hours: %s", station.id,
                        predictors.stream().map(Variable::id).toList(), settings.leftOut(series));
            }
            for (Horizon horizon : horizons) {
                int step = done;
                String label = station.id + " " + horizon;
                IndexManifest manifest = series.isEmpty() ? null : builder.build(series, station, horizon, work,
                        null, null, f -> listener.progress((step + f) / total, label));
                if (manifest == null && !predictors.isEmpty()) {
                    Log.warnf("station %s: too little complete data for a %s index (needs %d hours with all of %s)",
                            station.id, horizon, BuildSettings.MIN_ROWS, predictors.stream().map(Variable::id).toList());
                } else if (manifest != null) {
                    manifests.add(manifest);
                }
                listener.progress((double) ++done / total, label);
            }
        }
        return manifests;
    }

    /**
     * Checks a complete work directory against the recall gate, names it after its start and its data, moves it
     * into place and makes it current.
     */
    private String publishWork(Path work, String started, List<IndexManifest> manifests, Map<String, Long> checksums)
            throws IOException {
        if (manifests.isEmpty()) {
            throw new IllegalStateException("no station has enough data to build any index");
        }
        java.util.zip.CRC32C fingerprint = new java.util.zip.CRC32C();
        for (Station station : store.stations()) { // the fingerprint's order: ObservationStore.fingerprint()
            Long checksum = checksums.get(station.id);
            if (checksum != null) {
                ObservationStore.addToFingerprint(fingerprint, checksum);
            }
        }
        String dataFingerprint = Long.toHexString(fingerprint.getValue());
        String buildId = started + "-" + dataFingerprint.substring(0, Math.min(8, dataFingerprint.length()));
        List<String> failures = manifests.stream().map(this::gateFailure).flatMap(Optional::stream).toList();
        if (!failures.isEmpty()) {
            // the work directory goes with the exception (callers)
            String reason = "recall gate: " + String.join("; ", failures);
            recordRejection(buildId, reason);
            throw new BuildRejectedException("build " + buildId + " rejected, nothing published: " + reason);
        }
        for (IndexManifest m : manifests) {
            directory.writeManifest(work, m.withBuild(buildId, dataFingerprint));
        }
        directory.complete(work, buildId);
        directory.publish(buildId);
        directory.prune(config.keepBuilds());
        Log.infof("published index build %s: %d indices", buildId, manifests.size());
        return buildId;
    }

    private static void deleteQuietly(Path dir) {
        try {
            BuildDirectory.deleteTree(dir);
        } catch (IOException e) {
            Log.warnf("could not delete %s: %s", dir, e.getMessage());
        }
    }

    /** Why an index fails the recall gate, if it does (exact indices always pass). */
    private Optional<String> gateFailure(IndexManifest m) {
        if (m.spec().type().exact()) {
            return Optional.empty();
        }
        double bound = config.recallGate().minRecall();
        if (m.recallAtK() == null) {
            return Optional.of(m.stationId() + "/" + m.horizon() + " has no recall measurement");
        }
        return m.recallAtK() >= bound ? Optional.empty()
                : Optional.of(String.format(java.util.Locale.ROOT, "%s/%s %s recall@%d %.3f < %.3f", m.stationId(),
                        m.horizon(), m.spec().describe(), m.recallK(), m.recallAtK(), bound));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Load, swap, roll back

    /**
     * Serves the build CURRENT names, if it is not served already: verifies it (gate, checksums, sizes), opens it
     * off-heap, runs one search on every index, appends newer observations and swaps it in. A build that fails
     * any step is refused with a log line, a metric and a health entry, and the served build stays.
     */
    public ReloadResult reload() {
        synchronized (swapLock) {
            String served = current.buildId();
            Optional<String> wanted = directory.current();
            if (wanted.isEmpty() || wanted.get().equals(served)) {
                return new ReloadResult(served, served, false, null);
            }
            String buildId = wanted.get();
            if (refused.contains(buildId)) {
                return new ReloadResult(served, served, false, "build " + buildId + " was refused before");
            }
            long started = System.nanoTime();
            LoadedBuild loaded;
            try {
                loaded = open(buildId);
            } catch (IOException | RuntimeException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                recordRejection(buildId, reason);
                return new ReloadResult(served, served, false, reason);
            }
            long opened = System.nanoTime();
            store.loadStations(); // a build may serve stations another instance created since this one started
            swap(snapshotOf(loaded, current.generation() + 1));
            Log.infof("serving index build %s (was %s): %d indices, %d vectors, %.1f MB off-heap; verified and opened"
                    + " in %d ms, recent observations read in %d ms", buildId, served,
                    loaded.indices().values().stream().mapToInt(Map::size).sum(),
                    loaded.all().mapToLong(AnalogIndex::vectors).sum(),
                    loaded.all().mapToLong(AnalogIndex::offHeapBytes).sum() / 1e6, (opened - started) / 1_000_000,
                    (System.nanoTime() - opened) / 1_000_000);
            servedEvents.fire(new IndexBuildServed(buildId, served, loaded.manifests()));
            return new ReloadResult(buildId, served, true, null);
        }
    }

    /**
     * Makes the last build published before the current one current again (passing over builds refused before)
     * and serves it.
     */
    public ReloadResult rollback() {
        synchronized (swapLock) {
            for (;;) {
                Optional<String> previous;
                try {
                    previous = directory.rollback();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot move CURRENT under " + directory.root() + ": "
                            + e.getMessage(), e);
                }
                if (previous.isEmpty()) {
                    throw new IllegalStateException("no earlier build to roll back to under " + directory.root());
                }
                if (!refused.contains(previous.get())) {
                    return reload();
                }
            }
        }
    }

    private LoadedBuild open(String buildId) throws IOException {
        Path dir = directory.dir(buildId);
        Map<String, Map<Horizon, AnalogIndex>> indices = new HashMap<>();
        List<AnalogIndex> opened = new ArrayList<>();
        try {
            List<IndexManifest> manifests = directory.manifests(buildId);
            if (manifests.isEmpty()) {
                throw new IOException("build " + buildId + " has no manifests");
            }
            for (IndexManifest manifest : manifests) {
                Optional<String> gate = gateFailure(manifest);
                if (gate.isPresent()) {
                    throw new BuildRejectedException("recall gate: " + gate.get());
                }
                AnalogIndexBuilder.Files3 files = AnalogIndexBuilder.Files3.in(dir, manifest.stationId(), manifest.horizon());
                verifyChecksum(files.faiss(), manifest.faissCrc32c());
                verifyChecksum(files.sidecar(), manifest.sidecarCrc32c());
                AnalogIndex index = AnalogIndex.open(files.faiss(), files.sidecar(), manifest, config.mmap());
                opened.add(index);
                index.search(new float[manifest.stateDimension()], 1, Instant.now()); // pre-warm
                indices.computeIfAbsent(manifest.stationId(), s -> new HashMap<>()).put(manifest.horizon(), index);
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(AnalogIndex::close);
            throw e;
        }
        return new LoadedBuild(buildId, indices, Instant.now());
    }

    private static void verifyChecksum(Path file, String expected) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing");
        }
        if (!AnalogIndexBuilder.crc32c(file).equals(expected)) {
            throw new IOException(file + " does not match its manifest checksum (corrupt, truncated or replaced)");
        }
    }

    private void recordRejection(String buildId, String reason) {
        Log.errorf("index build %s REJECTED (what was served or published before stays): %s", buildId, reason);
        refused.add(buildId);
        IndexBuildRejected rejection = new IndexBuildRejected(buildId, reason, Instant.now());
        rejections.addFirst(rejection);
        while (rejections.size() > KEPT_REJECTIONS) {
            rejections.pollLast();
        }
        changes.incrementAndGet();
        rejectedEvents.fire(rejection);
    }

    /** Builds refused since start, newest first. */
    public List<IndexBuildRejected> rejections() {
        return List.copyOf(rejections);
    }

    // ---------------------------------------------------------------------------------------------------------
    // New observations

    void onObservations(@Observes ObservationsIngested event) {
        refreshLibraries(event.stationIds(), false);
    }

    /**
     * Appends to the libraries of these stations the rows that their newest observations completed, in a new
     * snapshot of the same build. With {@code fromDatabase}, each station's recent observations are re-read
     * first (what other instances stored).
     */
    void refreshLibraries(Set<String> stationIds, boolean fromDatabase) {
        synchronized (swapLock) {
            IndexSnapshot snapshot = current;
            LoadedBuild build = snapshot.build();
            if (build == null) {
                return;
            }
            Map<String, Map<Horizon, AnalogIndex>> indices = new HashMap<>(snapshot.indices());
            boolean changed = false;
            for (String stationId : stationIds) {
                Map<Horizon, AnalogIndex> base = build.indices().get(stationId);
                if (base == null) {
                    continue;
                }
                if (fromDatabase) {
                    store.refreshRecent(stationId);
                }
                Map<Horizon, AnalogIndex> views = appended(stationId, base);
                changed |= !views.values().stream().map(AnalogIndex::vectors).toList().equals(
                        snapshot.station(stationId).values().stream().map(AnalogIndex::vectors).toList());
                indices.put(stationId, views);
            }
            if (changed && build.tryRetain()) {
                swap(new IndexSnapshot(build, Map.copyOf(indices), snapshot.generation() + 1));
            }
        }
    }

    /** A first snapshot of a freshly opened build: each station's recent observations read and appended. */
    private IndexSnapshot snapshotOf(LoadedBuild build, long generation) {
        Map<String, Map<Horizon, AnalogIndex>> indices = new HashMap<>();
        build.indices().forEach((stationId, base) -> {
            Instant oldest = base.values().stream().map(i -> i.manifest().lastAnalogTime()).min(Instant::compareTo)
                    .orElseThrow();
            // what the appended rows need: state windows (and 6-hour sums) before the first new analog
            store.loadRecent(stationId, oldest.minus(Duration.ofHours(settings.windowHours() + 6)));
            indices.put(stationId, appended(stationId, base));
        });
        return new IndexSnapshot(build, Map.copyOf(indices), generation);
    }

    private Map<Horizon, AnalogIndex> appended(String stationId, Map<Horizon, AnalogIndex> base) {
        HourlySeries recent = store.recent(stationId).orElse(null);
        Double longitude = store.station(stationId).map(s -> s.longitude).orElse(null);
        Map<Horizon, AnalogIndex> views = new HashMap<>();
        base.forEach((horizon, index) -> views.put(horizon, index.withAppended(recent, longitude)));
        return Map.copyOf(views);
    }

    /**
     * Per station: the predictors its states are made of, how far its library reaches and what has been observed
     * since (for /health); a station of the database without an index in the served build has a problem instead.
     */
    public record StationLibrary(String station, List<String> predictors, Instant newestObservation,
            Instant newestAnalog, long appendedRows, long observationsNotInLibrary, String problem) {
    }

    public List<StationLibrary> libraries() {
        try (IndexSnapshot snapshot = acquire()) {
            List<StationLibrary> libraries = new ArrayList<>();
            for (String stationId : new java.util.TreeSet<>(snapshot.indices().keySet())) {
                Collection<AnalogIndex> indices = snapshot.station(stationId).values();
                Instant newestAnalog = indices.stream().map(AnalogIndex::lastAnalogTime).max(Instant::compareTo)
                        .orElseThrow();
                Optional<HourlySeries> recent = store.recent(stationId);
                Instant newestObservation = recent.map(r -> r.lastObservedIndex() < 0 ? null : r.time(r.lastObservedIndex()))
                        .orElse(null);
                libraries.add(new StationLibrary(stationId, indices.iterator().next().manifest().predictors(),
                        newestObservation, newestAnalog, indices.stream().mapToLong(AnalogIndex::appendedRows).sum(),
                        recent.map(r -> r.observedHoursAfter(newestAnalog)).orElse(0), null));
            }
            if (snapshot.buildId() != null) {
                for (Station station : store.stations()) {
                    if (!snapshot.indices().containsKey(station.id)) {
                        libraries.add(new StationLibrary(station.id, List.of(), null, null, 0, 0, "no index in build "
                                + snapshot.buildId() + ": none of the predictors observed in enough of its hours, or "
                                + "too little complete history (build-index logs which)"));
                    }
                }
            }
            return libraries;
        }
    }

    @PreDestroy
    void shutdown() {
        if (poller != null) {
            poller.shutdownNow();
        }
        synchronized (swapLock) {
            // requests still running hold their own references: the native memory goes with the last of them
            swap(IndexSnapshot.empty());
        }
    }
}
