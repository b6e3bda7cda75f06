package io.analogcast.analog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.analogcast.config.AnalogcastConfig;
import io.analogcast.observation.HourlySeries;
import io.analogcast.observation.ObservationStore;
import io.analogcast.observation.Station;
import io.analogcast.variable.Variable;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Making a build, apart from serving one: read each station's history, build and write its indices, check them
 * against the recall gate and their checksums, and publish ({@code CURRENT}) with a catalog that serving instances
 * read instead of the build's files. The {@code build-index} command and the chart's Job run this; an instance runs it
 * at boot only where it is allowed to build ({@code analogcast.index.build-on-boot}).
 */
@ApplicationScoped
public class IndexBuilder {

    private static final DateTimeFormatter BUILD_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Progress of a build: overall fraction and what is being built. */
    public interface BuildListener {
        void progress(double fraction, String label);
    }

    /** A build refused by the recall gate or the verification of what was written. */
    public static final class BuildRejectedException extends RuntimeException {
        public BuildRejectedException(String message) {
            super(message);
        }
    }

    /** A failure while writing a build: nothing was published and what was written is gone. */
    public static final class BuildFailedException extends RuntimeException {
        BuildFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final AnalogcastConfig.Index config;
    private final ObservationStore store;
    private final BuildSettings settings;
    private final BuildDirectory directory;
    private final Event<IndexBuildPublished> publishedEvents;
    private final Event<IndexBuildRejected> rejectedEvents;

    public IndexBuilder(AnalogcastConfig config, ObservationStore store, ObjectMapper json,
            Event<IndexBuildPublished> publishedEvents, Event<IndexBuildRejected> rejectedEvents) {
        this.config = config.index();
        this.store = store;
        this.publishedEvents = publishedEvents;
        this.rejectedEvents = rejectedEvents;
        this.settings = BuildSettings.from(config.index());
        this.directory = new BuildDirectory(Path.of(config.index().directory()), json);
    }

    public BuildSettings settings() {
        return settings;
    }

    public BuildDirectory directory() {
        return directory;
    }

    /** Whether a published build was made from the data the database holds now, with these settings. */
    public boolean matchesDataAndSettings(String buildId) {
        try {
            BuildCatalog catalog = directory.catalog(buildId);
            return catalog.dataFingerprint().equals(store.fingerprint())
                    && catalog.parametersHash().equals(settings.hash());
        } catch (IOException | RuntimeException e) {
            Log.warnf("ignoring unreadable index build %s: %s", buildId, e.getMessage());
            return false;
        }
    }

    /**
     * An instance that builds at boot found a published build of the same data and settings: it is announced as if
     * just published, so that a database that does not know it (a new schema) records it. Reads every manifest: only
     * the building path (small, embedded deployments) does this, never a serving instance.
     */
    void announceReused(String buildId) {
        try {
            publishedEvents.fire(new IndexBuildPublished(buildId, directory.manifests(buildId)));
        } catch (IOException e) {
            Log.warnf("could not read the manifests of reused index build %s: %s", buildId, e.getMessage());
        }
    }

    /**
     * Builds indices for every station and configured horizon from the database, station by station, verifies
     * them against the recall gate and their checksums and publishes the build. A build that fails is deleted and
     * never becomes current.
     *
     * @return the id of the published build
     */
    public String build(BuildListener listener) {
        String started = BUILD_TIME.format(Instant.now());
        Path work = directory.workDir(started);
        return writing(work, "index build", () -> {
            Files.createDirectories(work);
            Written written = writeIndices(store.stations(), work, listener);
            return publishWork(work, started, written);
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
            Written written = writeIndices(share, work, listener);
            for (IndexManifest m : written.manifests()) {
                directory.writeManifest(work, m);
            }
            run.completePart(shard, work, written.checksums(), written.unindexed());
            Log.infof("index build run %s: shard %d of %d written (%d stations, %d indices)", runId, shard, shards,
                    share.size(), written.manifests().size());
            return merge(run, shards);
        });
    }

    /** Merges a run's shares into one build and publishes it, when every share is written and nobody merges yet. */
    private Optional<String> merge(BuildDirectory.Run run, int shards) throws IOException {
        int parts = run.partsWritten(shards);
        if (parts < shards) {
            Log.infof("index build run %s: %d of %d shards written; the last one merges", run.id(), parts, shards);
            return Optional.empty();
        }
        if (!run.claimMerge()) {
            return Optional.empty(); // a shard that finished at the same moment merges
        }
        String started = BUILD_TIME.format(Instant.now());
        Path work = directory.workDir(started);
        return writing(work, "index build merge", () -> {
            Files.createDirectories(work);
            Written written = new Written();
            for (int shard = 0; shard < shards; shard++) {
                written.manifests().addAll(run.movePartInto(shard, work, written.checksums(), written.unindexed(),
                        directory));
            }
            try {
                String buildId = publishWork(work, started, written);
                run.delete();
                return Optional.of(buildId);
            } catch (BuildRejectedException e) {
                run.reject(e.getMessage()); // a retried shard finds the verdict instead of building again
                throw e;
            }
        });
    }

    /** What a build (or a share of one) wrote: manifests, each station's data checksum, stations left without index. */
    private record Written(List<IndexManifest> manifests, Map<String, Long> checksums, Map<String, String> unindexed) {
        Written() {
            this(new ArrayList<>(), new HashMap<>(), new TreeMap<>());
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
     * Writes the indices of these stations into a work directory, station by station, with each station's data
     * checksum (for the build's fingerprint) and, for a station that gets no index, why: in the log, one line each,
     * and in the catalog (the served build's health report).
     */
    private Written writeIndices(List<Station> stations, Path work, BuildListener listener) throws IOException {
        AnalogIndexBuilder builder = new AnalogIndexBuilder(settings, config.recallGate().sample(),
                config.recallGate().k());
        List<Horizon> horizons = settings.horizons();
        int total = Math.max(1, stations.size() * horizons.size());
        int done = 0;
        Written written = new Written();
        for (Station station : stations) {
            HourlySeries series = store.history(station.id);
            written.checksums().put(station.id, series.checksum());
            List<Variable> predictors = settings.predictorsFor(series);
            if (series.isEmpty()) {
                written.unindexed().put(station.id, "no observations");
            } else if (predictors.isEmpty()) {
                written.unindexed().put(station.id, settings.noPredictorsReason(series));
            } else if (predictors.size() < settings.predictors().size()) {
                Log.infof("station %s: predictors %s; left out, observed in too few hours: %s", station.id,
                        predictors.stream().map(Variable::id).toList(), settings.leftOut(series));
            }
            int built = 0;
            for (Horizon horizon : horizons) {
                int step = done;
                String label = station.id + " " + horizon;
                IndexManifest manifest = predictors.isEmpty() ? null : builder.build(series, station, horizon, work,
                        null, null, f -> listener.progress((step + f) / total, label));
                if (manifest == null && !predictors.isEmpty()) {
                    Log.warnf("station %s: too little complete data for a %s index (needs %d hours with all of %s)",
                            station.id, horizon, BuildSettings.MIN_ROWS, predictors.stream().map(Variable::id).toList());
                } else if (manifest != null) {
                    written.manifests().add(manifest);
                    built++;
                }
                listener.progress((double) ++done / total, label);
            }
            if (built == 0 && !predictors.isEmpty()) {
                written.unindexed().put(station.id, "too little complete data: fewer than " + BuildSettings.MIN_ROWS
                        + " hours with all of " + predictors.stream().map(Variable::id).toList());
            }
            String why = written.unindexed().get(station.id);
            if (why != null) {
                Log.warnf("station %s: NO INDEX, it cannot be forecast: %s", station.id, why);
            }
        }
        return written;
    }

    /**
     * Checks a complete work directory against the recall gate and the checksums of what was written, names it
     * after its start and its data, writes its catalog, moves it into place and makes it current.
     */
    private String publishWork(Path work, String started, Written written) throws IOException {
        List<IndexManifest> manifests = written.manifests();
        if (manifests.isEmpty()) {
            throw new IllegalStateException("no station has enough data to build any index");
        }
        java.util.zip.CRC32C fingerprint = new java.util.zip.CRC32C();
        for (Station station : store.stations()) { // the fingerprint's order: ObservationStore.fingerprint()
            Long checksum = written.checksums().get(station.id);
            if (checksum != null) {
                ObservationStore.addToFingerprint(fingerprint, checksum);
            }
        }
        String dataFingerprint = Long.toHexString(fingerprint.getValue());
        String buildId = started + "-" + dataFingerprint.substring(0, Math.min(8, dataFingerprint.length()));
        List<String> failures = manifests.stream().map(this::gateFailure).flatMap(Optional::stream).toList();
        if (!failures.isEmpty()) {
            // the work directory goes with the exception (callers)
            throw rejected(buildId, "recall gate: " + String.join("; ", failures));
        }
        for (IndexManifest m : manifests) {
            // what serving instances verify at a station's first request is verified here once for the whole build
            AnalogIndexBuilder.Files3 files = AnalogIndexBuilder.Files3.in(work, m.stationId(), m.horizon());
            try {
                BuildDirectory.verifyChecksum(files.faiss(), m.faissCrc32c());
                BuildDirectory.verifyChecksum(files.sidecar(), m.sidecarCrc32c());
            } catch (IOException e) {
                throw rejected(buildId, "written files do not verify: " + e.getMessage());
            }
        }
        List<IndexManifest> published = manifests.stream().map(m -> m.withBuild(buildId, dataFingerprint)).toList();
        for (IndexManifest m : published) {
            directory.writeManifest(work, m);
        }
        directory.writeCatalog(work, BuildCatalog.of(buildId, dataFingerprint, settings.hash(), settings.horizons(),
                published, written.unindexed()));
        directory.complete(work, buildId);
        directory.publish(buildId);
        directory.prune(config.keepBuilds());
        Log.infof("published index build %s: %d indices", buildId, published.size());
        publishedEvents.fire(new IndexBuildPublished(buildId, published));
        return buildId;
    }

    private BuildRejectedException rejected(String buildId, String reason) {
        Log.errorf("index build %s REJECTED (what was served or published before stays): %s", buildId, reason);
        rejectedEvents.fire(new IndexBuildRejected(buildId, reason, Instant.now()));
        return new BuildRejectedException("build " + buildId + " rejected, nothing published: " + reason);
    }

    private static void deleteQuietly(Path dir) {
        try {
            BuildDirectory.deleteTree(dir);
        } catch (IOException e) {
            Log.warnf("could not delete %s: %s", dir, e.getMessage());
        }
    }

    /** Why an index fails the recall gate, if it does (exact indices always pass). */
    Optional<String> gateFailure(IndexManifest m) {
        return gateFailure(m, config.recallGate().minRecall());
    }

    static Optional<String> gateFailure(IndexManifest m, double bound) {
        if (m.spec().type().exact()) {
            return Optional.empty();
        }
        if (m.recallAtK() == null) {
            return Optional.of(m.stationId() + "/" + m.horizon() + " has no recall measurement");
        }
        return m.recallAtK() >= bound ? Optional.empty()
                : Optional.of(String.format(Locale.ROOT, "%s/%s %s recall@%d %.3f < %.3f", m.stationId(),
                        m.horizon(), m.spec().describe(), m.recallK(), m.recallAtK(), bound));
    }
}
