package io.analogcast.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed view of every {@code analogcast.*} property (see application.properties for the documented defaults). */
@ConfigMapping(prefix = "analogcast")
public interface AnalogcastConfig {

    Data data();

    Demo demo();

    Index index();

    Forecast forecast();

    Faiss faiss();

    Slo slo();

    Verification verification();

    Security security();

    Cache cache();

    interface Cache {
        /** Entries of the in-process tier. */
        @WithDefault("10000")
        int localMaxEntries();

        /** Seconds each kind of entry lives: forecast, state, stations. */
        Map<String, Long> ttlSeconds();

        Redis redis();

        interface Redis {
            /** The shared tier; off on the embedded defaults (the client is configured by quarkus.redis.*). */
            @WithDefault("false")
            boolean enabled();

            /** After a Redis failure, requests skip Redis for this long (doubling up to 30 s) before trying again. */
            @WithDefault("1000")
            long retryAfterMillis();
        }
    }

    interface Security {
        /** Bearer-token authentication of every non-public endpoint. */
        @WithDefault("true")
        boolean enabled();

        /**
         * API tokens by name: {@code analogcast.security.tokens.<name>.sha256} is the hex SHA-256 of the token
         * (never the token itself), {@code .role} is {@code user} or {@code admin}.
         */
        Map<String, Token> tokens();

        /** Require a token for /metrics and /q/metrics too. */
        @WithDefault("false")
        boolean protectMetrics();

        @WithDefault("1048576")
        long maxBodyBytes();

        @WithDefault("4096")
        int maxUriLength();

        RateLimit rateLimit();

        interface Token {
            String sha256();

            @WithDefault("user")
            String role();
        }

        interface RateLimit {
            @WithDefault("true")
            boolean enabled();

            /** Sustained requests per second per token and per client IP (the original: 10). */
            @WithDefault("10")
            double requestsPerSecond();

            /** Requests admitted at once before the sustained rate applies (the original: 20). */
            @WithDefault("20")
            int burst();

            /**
             * Buckets in Redis, shared by every instance (when the Redis tier is on); each instance falls back to
             * its own while Redis does not answer.
             */
            @WithDefault("true")
            boolean shared();

            /** Separates the shared buckets of deployments that use one Redis (the pods of one share it). */
            @WithDefault("default")
            String namespace();
        }
    }

    interface Slo {
        /** Sliding window of the performance report. */
        @WithDefault("300")
        int windowSeconds();

        /** p95 targets in milliseconds per endpoint (the original system's: forecast 150, health 100, metrics 50). */
        Map<String, Double> p95TargetMs();

        @WithDefault("0.85")
        double cacheHitRateTarget();
    }

    interface Data {
        /**
         * What to load into an empty database at boot: {@code demo} (synthetic), {@code canonical-csv},
         * {@code beijing-csv}, or {@code none} (use what the database holds).
         */
        @WithDefault("demo")
        String source();

        /** File for the CSV sources (plain or .gz). */
        Optional<String> path();

        /** Station ids to import at boot and to serve (all when empty). */
        Optional<List<String>> stations();
    }

    interface Demo {
        @WithDefault("2018")
        int startYear();

        @WithDefault("6")
        int years();

        @WithDefault("20240601")
        long seed();

        /** Synthetic stations: the first is the Adelaide-like site, the others repeat its climate (growth studies). */
        @WithDefault("1")
        int stations();
    }

    interface Index {
        /** Where builds are written: {@code <directory>/<build id>/<station>/<horizon>.faiss|.sidecar|.json}. */
        @WithDefault("analogcast-data/indices")
        String directory();

        @WithDefault("6h,12h,24h,48h")
        List<String> horizons();

        /** Index type per horizon, e.g. {@code analogcast.index.type."24h"=IVFPQ}; others use default-type. */
        Map<String, String> type();

        @WithDefault("FlatIP")
        String defaultType();

        @WithDefault("t2m,d2m,msl,u10,v10")
        List<String> predictors();

        /**
         * A station's state uses each configured predictor it has a value for in at least this fraction of its hours;
         * a station without pressure, say, is searched on the others.
         */
        @WithDefault("0.5")
        double predictorCoverage();

        /** Hours of history in the state (t, t-1h, ...). */
        @WithDefault("3")
        int windowHours();

        /** Relative weight of each predictor in the distance (1 when absent). */
        Map<String, Double> predictorWeight();

        /** Weight of the time-of-day and season encodings. */
        @WithDefault("10.0")
        double timeEncodingWeight();

        /** Build at boot when no build matches the data and parameters. */
        @WithDefault("true")
        boolean buildOnBoot();

        @WithDefault("true")
        boolean loadOnBoot();

        /** Memory-map IVFPQ inverted lists on read (FAISS maps them from the index file). */
        @WithDefault("true")
        boolean mmap();

        /**
         * How often CURRENT is checked for a new build and each station's recent observations are re-read from
         * the database (what other instances stored); 0 turns polling off.
         */
        @WithDefault("30s")
        java.time.Duration pollInterval();

        /** Published builds kept on disk for rollback (the current one always is). */
        @WithDefault("3")
        int keepBuilds();

        RecallGate recallGate();

        /** Approximate indices must find this share of the exact k nearest on their own states to be published. */
        interface RecallGate {
            @WithDefault("0.95")
            double minRecall();

            @WithDefault("30")
            int k();

            /** States (evenly spaced rows of the build) the recall is measured on. */
            @WithDefault("200")
            int sample();
        }

        Ivfpq ivfpq();

        IvfFlat ivfFlat();

        Hnsw hnsw();

        interface Ivfpq {
            @WithDefault("64")
            int nlist();

            /** Sub-quantizers; 0 = one per dimension. Otherwise the state is zero-padded to a multiple of m. */
            @WithDefault("0")
            int m();

            @WithDefault("8")
            int nbits();

            @WithDefault("8")
            int nprobe();
        }

        /** IVFFlat: inverted lists of full vectors, {@code nprobe} of {@code nlist} lists searched. */
        interface IvfFlat {
            @WithDefault("128")
            int nlist();

            @WithDefault("8")
            int nprobe();
        }

        interface Hnsw {
            @WithName("m")
            @WithDefault("32")
            int neighbours();

            @WithDefault("80")
            int efConstruction();

            @WithDefault("64")
            int efSearch();
        }
    }

    interface Forecast {
        @WithDefault("30")
        int defaultK();

        @WithDefault("500")
        int maxK();

        @WithDefault("t2m,u10,v10")
        List<String> defaultVars();

        /** Per horizon ({@code "24h"}): analogs less than this many hours apart count once (the nearer is kept). */
        Map<String, Integer> separationHours();

        /** Horizons at which analogs contribute their change, added to the current value (none when empty). */
        Optional<List<String>> tendencyHorizons();

        /** Variables forecast from tendencies at those horizons. */
        @WithDefault("t2m,d2m,msl")
        List<String> tendencyVariables();

        /** {@code inverse-distance} or {@code uniform}. */
        @WithDefault("inverse-distance")
        String weighting();

        @WithDefault("100")
        int maxBatch();

        /** Station used when a request names none (the first station when empty). */
        Optional<String> defaultStation();

        /** Keep every computed forecast in the issued_forecast table (for later verification). */
        @WithDefault("true")
        boolean recordIssued();
    }

    interface Verification {
        Live live();

        /** Scoring of issued forecasts once their valid time has been observed. */
        interface Live {
            /** How often unscored forecasts are looked for; 0 turns live scoring off. */
            @WithDefault("60s")
            java.time.Duration interval();

            /** Issued forecasts scored per station and run (bounds memory and each transaction). */
            @WithDefault("500")
            int batch();

            /**
             * How long issued forecasts and their scores are kept (deleted by the scoring runs); the live report
             * looks back 30 days at most.
             */
            @WithDefault("2160h")
            java.time.Duration retention();
        }

        /** Where {@code evaluate} writes verification.json and verification.html, and GET /verification reads. */
        @WithDefault("analogcast-data/verification")
        String directory();

        /** Variables scored (those a station does not observe are skipped). */
        @WithDefault("t2m,d2m,msl,wspd,precip,pm25")
        List<String> variables();

        /** Events for Brier scores: {@code variable>threshold} or {@code variable>pNN} (station climate). */
        @WithDefault("t2m>p90,precip>0.1,wspd>8,pm25>75")
        List<String> events();

        /** Hours between issue times. */
        @WithDefault("6")
        int strideHours();

        /** Days between index rebuilds (each from the data before it). */
        @WithDefault("30")
        int refitDays();

        @WithDefault("1000")
        int bootstrapSamples();

        @WithDefault("20160301")
        long seed();
    }

    interface Faiss {
        /** OpenMP threads per search thread; 1 avoids oversubscribing the cores the HTTP workers already use. */
        @WithDefault("1")
        int searchOmpThreads();

        /** Threads that search several horizons of one request in parallel. */
        @WithDefault("2")
        int parallelism();
    }
}
