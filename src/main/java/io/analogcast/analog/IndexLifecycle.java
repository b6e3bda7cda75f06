package io.analogcast.analog;

import io.analogcast.config.AnalogcastConfig;
import io.analogcast.faiss.FaissIndex;
import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.ObservationStore;
import io.analogcast.observation.ObservationsIngested;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a serving instance holds: the published build it serves (its catalog, read at boot, reload and rollback) and
 * the stations its requests opened, in a bounded cache. Boot reads {@code CURRENT} and one catalog, whatever the size
 * of the network; a station's files are verified and mapped by its first request and freed once evicted and no
 * request holds them. Requests work on an {@link IndexSnapshot} acquired here and closed when done; a swap releases
 * only the lifecycle's own reference, so a replaced build is freed by whoever finishes last. Making builds is
 * {@link IndexBuilder}'s.
 */
@ApplicationScoped
public class IndexLifecycle {

    private static final int KEPT_REJECTIONS = 20;

    /** What a reload or rollback did. */
    public record ReloadResult(String servedBuildId, String previousBuildId, boolean changed, String rejectedReason) {
    }

    /**
     * The open-station cache in numbers (for /health and metrics): {@code open} stations in the cache, {@code live}
     * stations whose files are open (the cache's and those evicted that requests still hold), {@code opened} and
     * {@code evicted} since start.
     */
    public record StationCounts(int served, int unindexed, long open, long live, int refused, long opened,
            long evicted, long mappedBytes) {
    }

    private final AnalogcastConfig.Index config;
    private final ObservationStore store;
    private final IndexBuilder builder;
    private final Event<IndexBuildServed> servedEvents;
    private final Event<IndexBuildRejected> rejectedEvents;
    private final Event<StationOpened> openedEvents;
    private final Object swapLock = new Object();
    private final Deque<IndexBuildRejected> rejections = new ConcurrentLinkedDeque<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private volatile ServedBuild current;
    /** Swaps, appended rows and rejections so far: what a report of the lifecycle compares to know it is current. */
    private final AtomicLong changes = new AtomicLong();
    private final LongAdder opened = new LongAdder();
    private final LongAdder evicted = new LongAdder();
    private final LongAdder freed = new LongAdder();
    private volatile ScheduledExecutorService poller;

    public IndexLifecycle(AnalogcastConfig config, ObservationStore store, IndexBuilder builder,
            Event<IndexBuildServed> servedEvents, Event<IndexBuildRejected> rejectedEvents,
            Event<StationOpened> openedEvents) {
        this.config = config.index();
        this.store = store;
        this.builder = builder;
        this.servedEvents = servedEvents;
        this.rejectedEvents = rejectedEvents;
        this.openedEvents = openedEvents;
        FaissIndex.setSearchOmpThreads(config.faiss().searchOmpThreads());
    }

    public BuildSettings settings() {
        return builder.settings();
    }

    public Collection<Horizon> horizons() {
        return settings().horizons();
    }

    public BuildDirectory directory() {
        return builder.directory();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Snapshots

    /** The library to work on; close it when done (try-with-resources). */
    public IndexSnapshot acquire() {
        for (;;) {
            ServedBuild build = current;
            if (build == null) {
                return new IndexSnapshot(null);
            }
            if (build.tryRetain()) {
                return new IndexSnapshot(build);
            }
            // swapped out and freed between the read and the retain: the next read sees its successor
        }
    }

    /** The id of the build being served (null before one is). */
    public String servedBuildId() {
        ServedBuild build = current;
        return build == null ? null : build.buildId();
    }

    /** Stations with indices in the served build (its catalog: no files touched). */
    public int servedStations() {
        ServedBuild build = current;
        return build == null ? 0 : build.catalog().stationCount();
    }

    /** Grows with every swap of the served build, rows appended to an open station, refused station and build. */
    public long changes() {
        return changes.get();
    }

    private void swap(ServedBuild next) {
        ServedBuild previous = current;
        current = next;
        changes.incrementAndGet();
        if (previous != null) {
            previous.release();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Boot

    /**
     * Serves the current build. With building allowed, builds first when there is none, when it does not match
     * the data and settings, or when it cannot be served. Then polls CURRENT when configured.
     */
    public void start(IndexBuilder.BuildListener listener) {
        if (config.buildOnBoot()) {
            Optional<String> published = directory().current();
            boolean reusable = published.map(builder::matchesDataAndSettings).orElse(false);
            if (reusable) {
                Log.infof("reusing index build %s (data and parameters unchanged)", published.orElseThrow());
                builder.announceReused(published.orElseThrow());
            }
            if (!reusable || reload().servedBuildId() == null) {
                builder.build(listener);
                reload();
            }
        } else if (reload().servedBuildId() == null) {
            Log.warnf("no index build to serve under %s: not ready until the build-index command publishes one "
                    + "(analogcast.index.build-on-boot=false)", directory().root());
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

    /** One poll: a new CURRENT is served, and what other instances stored is appended to the open stations. */
    void poll() {
        try {
            reload();
            refreshOpenStations(null, true);
        } catch (RuntimeException e) {
            Log.warnf("index poll failed (the served build is unchanged): %s", e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Serve, swap, roll back

    /**
     * Serves the build CURRENT names, if it is not served already: reads its catalog (one file) and swaps it in.
     * Its stations' files are verified when each is first opened. A build whose catalog cannot be read is refused
     * with a log line, a metric and a health entry, and the served build stays.
     */
    public ReloadResult reload() {
        synchronized (swapLock) {
            String served = servedBuildId();
            Optional<String> wanted = directory().current();
            if (wanted.isEmpty() || wanted.get().equals(served)) {
                return new ReloadResult(served, served, false, null);
            }
            String buildId = wanted.get();
            if (refused.contains(buildId)) {
                return new ReloadResult(served, served, false, "build " + buildId + " was refused before");
            }
            long started = System.nanoTime();
            BuildCatalog catalog;
            try {
                catalog = directory().catalog(buildId);
                if (catalog.stations().isEmpty()) {
                    throw new IOException("build " + buildId + " has no indices");
                }
            } catch (IOException | RuntimeException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                recordRejection(buildId, reason);
                return new ReloadResult(served, served, false, reason);
            }
            if (served != null) {
                store.loadStations(); // a new build may serve stations created since the boot read them
            }
            swap(new ServedBuild(catalog, config.maxOpenStations(), this::open, evicted::increment,
                    changes::incrementAndGet));
            Log.infof("serving index build %s (was %s): %d stations, %d indices; catalog read in %d ms", buildId,
                    served, catalog.stationCount(), catalog.indexCount(), (System.nanoTime() - started) / 1_000_000);
            servedEvents.fire(new IndexBuildServed(buildId, served, catalog));
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
                    previous = directory().rollback();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot move CURRENT under " + directory().root() + ": "
                            + e.getMessage(), e);
                }
                if (previous.isEmpty()) {
                    throw new IllegalStateException("no earlier build to roll back to under " + directory().root());
                }
                if (!refused.contains(previous.get())) {
                    return reload();
                }
            }
        }
    }

    /**
     * Opens one station of a build: verifies each index against its manifest (recall gate, checksums, sizes), maps
     * it, and appends the rows the station's newest observations completed. A file problem refuses the station
     * ({@link StationUnavailableException}); a database that cannot be read fails this request only.
     */
    private OpenStation open(BuildCatalog catalog, String stationId) {
        long started = System.nanoTime();
        Path dir = directory().dir(catalog.buildId());
        Map<Horizon, AnalogIndex> base = new HashMap<>();
        boolean recentHeld = false;
        try {
            for (Horizon horizon : catalog.horizonsOf(stationId)) {
                base.put(horizon, openIndex(dir, catalog.buildId(), stationId, horizon));
            }
            Instant oldest = base.values().stream().map(i -> i.manifest().lastAnalogTime()).min(Instant::compareTo)
                    .orElseThrow();
            // what the appended rows need: state windows (and 6-hour sums) before the first new analog
            store.retainRecent(stationId, oldest.minus(Duration.ofHours(settings().windowHours() + 6)));
            recentHeld = true;
            Map<Horizon, AnalogIndex> views = OpenStation.appended(base, store.recent(stationId).orElse(null),
                    store.station(stationId).map(s -> s.longitude).orElse(null));
            OpenStation station = new OpenStation(stationId, catalog.buildId(), base, views, () -> {
                store.releaseRecent(stationId);
                freed.increment();
            });
            opened.increment();
            long nanos = System.nanoTime() - started;
            openedEvents.fire(new StationOpened(stationId, catalog.buildId(), nanos));
            Log.debugf("opened station %s of build %s in %.1f ms", stationId, catalog.buildId(), nanos / 1e6);
            return station;
        } catch (RuntimeException e) {
            base.values().forEach(AnalogIndex::close);
            if (recentHeld) {
                store.releaseRecent(stationId);
            }
            throw e;
        }
    }

    private AnalogIndex openIndex(Path dir, String buildId, String stationId, Horizon horizon) {
        try {
            IndexManifest manifest = directory().manifest(dir, stationId, horizon);
            Optional<String> gate = builder.gateFailure(manifest);
            if (gate.isPresent()) {
                throw new IOException("recall gate: " + gate.get());
            }
            AnalogIndexBuilder.Files3 files = AnalogIndexBuilder.Files3.in(dir, stationId, horizon);
            BuildDirectory.verifyChecksum(files.faiss(), manifest.faissCrc32c());
            BuildDirectory.verifyChecksum(files.sidecar(), manifest.sidecarCrc32c());
            return AnalogIndex.open(files.faiss(), files.sidecar(), manifest, config.mmap());
        } catch (IOException | IllegalStateException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            Log.errorf("station %s of index build %s REFUSED (other stations keep serving): %s", stationId, buildId,
                    reason);
            throw new StationUnavailableException(stationId, buildId, reason);
        }
    }

    private void recordRejection(String buildId, String reason) {
        Log.errorf("index build %s REJECTED (what was served or published before stays): %s", buildId, reason);
        refused.add(buildId);
        rejectedEvents.fire(new IndexBuildRejected(buildId, reason, Instant.now()));
    }

    /** Builds refused here or by this instance's builder are kept for the health report, newest first. */
    void onRejected(@Observes IndexBuildRejected rejection) {
        rejections.addFirst(rejection);
        while (rejections.size() > KEPT_REJECTIONS) {
            rejections.pollLast();
        }
        changes.incrementAndGet();
    }

    /** Builds refused since start, newest first. */
    public List<IndexBuildRejected> rejections() {
        return List.copyOf(rejections);
    }

    // ---------------------------------------------------------------------------------------------------------
    // New observations

    void onObservations(@Observes ObservationsIngested event) {
        refreshOpenStations(event.stationIds(), false);
    }

    /**
     * Appends to the open stations among these (all open stations when null) the rows that their newest observations
     * completed. With {@code fromDatabase}, each station's recent observations are re-read first (what other
     * instances stored). A station that is not open needs nothing: it reads its recent observations when opened.
     */
    void refreshOpenStations(Set<String> stationIds, boolean fromDatabase) {
        ServedBuild build = current;
        if (build == null || !build.tryRetain()) {
            return;
        }
        try {
            List<OpenStation> stations = new ArrayList<>();
            for (OpenStation station : build.openStations()) {
                if ((stationIds == null || stationIds.contains(station.stationId())) && station.tryRetain()) {
                    stations.add(station);
                }
            }
            for (OpenStation station : stations) {
                try {
                    String id = station.stationId();
                    if (fromDatabase) {
                        store.refreshRecent(id);
                    }
                    if (station.refresh(store.recent(id).orElse(null), store.station(id).map(s -> s.longitude)
                            .orElse(null))) {
                        changes.incrementAndGet();
                    }
                } finally {
                    station.release();
                }
            }
        } finally {
            build.release();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reports

    public StationCounts stationCounts() {
        try (IndexSnapshot snapshot = acquire()) {
            ServedBuild build = snapshot.build();
            BuildCatalog catalog = snapshot.catalog().orElse(null);
            if (catalog == null || build == null) {
                return new StationCounts(0, 0, 0, live(), 0, opened.sum(), evicted.sum(), 0);
            }
            long mapped = 0;
            for (OpenStation station : build.openStations()) {
                mapped += station.offHeapBytes();
            }
            return new StationCounts(catalog.stationCount(), catalog.unindexed().size(), build.openCount(), live(),
                    build.refused().size(), opened.sum(), evicted.sum(), mapped);
        }
    }

    private long live() {
        long freedSoFar = freed.sum(); // read first: a station freed between the reads is not counted twice
        return opened.sum() - freedSoFar;
    }

    /** Stations of the served build refused at their first request, with why (may name files: admin only). */
    public Map<String, String> refusedStations() {
        try (IndexSnapshot snapshot = acquire()) {
            return snapshot.build() == null ? Map.of() : new java.util.TreeMap<>(snapshot.build().refused());
        }
    }

    /**
     * Per station of the database, a page at a time: whether it is served, open or refused, how far its library
     * reaches and what has been observed since (for an open station), or why it cannot be forecast.
     */
    public record StationLibrary(String station, String state, List<String> predictors, Instant newestObservation,
            Instant newestAnalog, long appendedRows, long observationsNotInLibrary, String problem) {
    }

    public List<StationLibrary> libraries(int page, int size) {
        try (IndexSnapshot snapshot = acquire()) {
            ServedBuild build = snapshot.build();
            List<StationLibrary> libraries = new ArrayList<>();
            List<String> ids = store.stations().stream().map(s -> s.id).toList();
            for (String id : ids.subList(Math.min(ids.size(), page * size), Math.min(ids.size(), (page + 1) * size))) {
                libraries.add(library(snapshot, build, id));
            }
            return libraries;
        }
    }

    private StationLibrary library(IndexSnapshot snapshot, ServedBuild build, String stationId) {
        BuildCatalog catalog = snapshot.catalog().orElse(null);
        if (catalog == null) {
            return new StationLibrary(stationId, "no build", List.of(), null, null, 0, 0, "no index build is served");
        }
        if (!catalog.hasStation(stationId)) {
            return new StationLibrary(stationId, "unindexed", List.of(), null, null, 0, 0, "no index in build "
                    + catalog.buildId() + ": " + catalog.whyUnindexed(stationId).orElse("the station is newer than the "
                            + "build, or has too little complete history (build-index logs which)"));
        }
        String why = build == null ? null : build.refused().get(stationId);
        if (why != null) {
            return new StationLibrary(stationId, "refused", List.of(), null, null, 0, 0, why);
        }
        Optional<Map<Horizon, AnalogIndex>> open = snapshot.stationIfOpen(stationId);
        if (open.isEmpty()) {
            return new StationLibrary(stationId, "closed", List.of(), null, null, 0, 0, null);
        }
        Collection<AnalogIndex> indices = open.get().values();
        Instant newestAnalog = indices.stream().map(AnalogIndex::lastAnalogTime).max(Instant::compareTo).orElseThrow();
        Optional<HourlySeries> recent = store.recent(stationId);
        Instant newestObservation = recent.map(r -> r.lastObservedIndex() < 0 ? null : r.time(r.lastObservedIndex()))
                .orElse(null);
        return new StationLibrary(stationId, "open", indices.iterator().next().manifest().predictors(),
                newestObservation, newestAnalog, indices.stream().mapToLong(AnalogIndex::appendedRows).sum(),
                recent.map(r -> r.observedHoursAfter(newestAnalog)).orElse(0), null);
    }

    /** The indices of the stations open now (bounded by analogcast.index.max-open-stations). */
    public List<AnalogIndex> openIndices() {
        try (IndexSnapshot snapshot = acquire()) {
            ServedBuild build = snapshot.build();
            List<AnalogIndex> indices = new ArrayList<>();
            if (build != null) {
                for (OpenStation station : build.openStations()) {
                    snapshot.stationIfOpen(station.stationId()).ifPresent(views -> indices.addAll(views.values()));
                }
            }
            indices.sort(java.util.Comparator.comparing((AnalogIndex i) -> i.manifest().stationId())
                    .thenComparing(AnalogIndex::horizon));
            return indices;
        }
    }

    @PreDestroy
    void shutdown() {
        if (poller != null) {
            poller.shutdownNow();
        }
        synchronized (swapLock) {
            // requests still running hold their own references: the native memory goes with the last of them
            ServedBuild previous = current;
            current = null;
            if (previous != null) {
                previous.release();
            }
        }
    }
}
