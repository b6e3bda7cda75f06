package io.analogcast.config;

import io.analogcast.analog.Horizon;
import io.analogcast.faiss.IndexType;
import io.analogcast.variable.Variable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed view of every {@code analogcast.*} property (see application.properties for the documented defaults).
 * Horizons, index types and variables are parsed here (SettingConverters), numbers checked against their ranges:
 * a wrong value stops the start with the key named (io.analogcast.startup.StartFailure).
 */
@ConfigMapping(prefix = "analogcast")
public interface AnalogcastConfig {

    /**
     * Print the stack trace of a failed start after its one-line explanation. Read before the configuration is
     * (a failed start may have none): {@code -Danalogcast.trace-start-failure=true} or
     * {@code ANALOGCAST_TRACE_START_FAILURE=true}; declared here so that it is a known key.
     */
    @WithDefault("false")
    boolean traceStartFailure();

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
        @Min(0)
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

        @WithDefault("1048576")
        @Min(1)
        long maxBodyBytes();

        @WithDefault("4096")
        @Min(64)
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

            /** Sustained requests per second per token and per client IP. */
            @WithDefault("10")
            @Positive
            double requestsPerSecond();

            /** Requests admitted at once before the sustained rate applies. */
            @WithDefault("20")
            @Min(1)
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
        @Min(1)
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
        @Min(1)
        int years();

        @WithDefault("20240601")
        long seed();

        /** Synthetic stations: the first is the Adelaide-like site, the others repeat its climate (growth studies). */
        @WithDefault("1")
        @Min(1)
        int stations();
    }

    interface Index {
        /** Where builds are written: {@code <directory>/<build id>/<station>/<horizon>.faiss|.sidecar|.json}. */
        @WithDefault("analogcast-data/indices")
        String directory();

        @WithDefault("6h,12h,24h,48h")
        @Size(min = 1)
        List<Horizon> horizons();

        /** Index type per horizon, e.g. {@code analogcast.index.type.24h=IVFPQ}; others use default-type. */
        Map<String, IndexType> type();

        @WithDefault("FlatIP")
        IndexType defaultType();

        @WithDefault("t2m,d2m,msl,u10,v10")
        @Size(min = 1)
        List<Variable> predictors();

        /**
         * A station's state uses each configured predictor it has a value for in at least this fraction of its hours;
         * a station without pressure, say, is searched on the others.
         */
        @WithDefault("0.5")
        @DecimalMin("0")
        @DecimalMax("1")
        double predictorCoverage();

        /**
         * Variables whose persistence-climatology blend each build fits on its history (a few dozen numbers in the
         * manifest), for analogcast.forecast.anchor-weight; none when empty.
         */
        Optional<List<Variable>> anchorVariables();

        /** Hours of history in the state (t, t-1h, ...). */
        @WithDefault("3")
        @Min(1)
        @Max(48)
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

        /**
         * Map the inverted lists of IVF indices (IVFFlat, IVFPQ) from their files instead of reading them into memory:
         * a station's lists cost page cache, only the pages its searches touch.
         */
        @WithDefault("true")
        boolean mmap();

        /**
         * Stations a serving instance keeps open at most (their indices mapped, their recent observations in memory);
         * others are opened by their next request. Memory follows this bound, not the size of the network.
         */
        @WithDefault("100")
        @Min(1)
        int maxOpenStations();

        /**
         * How often CURRENT is checked for a new build and each station's recent observations are re-read from
         * the database (what other instances stored); 0 turns polling off.
         */
        @WithDefault("30s")
        java.time.Duration pollInterval();

        /** Published builds kept on disk for rollback (the current one always is). */
        @WithDefault("3")
        @Min(1)
        int keepBuilds();

        RecallGate recallGate();

        /** Approximate indices must find this share of the exact k nearest on their own states to be published. */
        interface RecallGate {
            @WithDefault("0.95")
            double minRecall();

            @WithDefault("30")
            @Min(1)
            int k();

            /** States (evenly spaced rows of the build) the recall is measured on. */
            @WithDefault("200")
            @Min(1)
            int sample();
        }

        Ivfpq ivfpq();

        IvfFlat ivfFlat();

        Hnsw hnsw();

        interface Ivfpq {
            @WithDefault("64")
            @Min(1)
            int nlist();

            /** Sub-quantizers; 0 = one per dimension. Otherwise the state is zero-padded to a multiple of m. */
            @WithDefault("0")
            @Min(0)
            int m();

            @WithDefault("8")
            @Min(1)
            @Max(16)
            int nbits();

            @WithDefault("8")
            @Min(1)
            int nprobe();
        }

        /** IVFFlat: inverted lists of full vectors, {@code nprobe} of {@code nlist} lists searched. */
        interface IvfFlat {
            @WithDefault("128")
            @Min(1)
            int nlist();

            @WithDefault("8")
            @Min(1)
            int nprobe();
        }

        interface Hnsw {
            @WithName("m")
            @WithDefault("32")
            @Min(2)
            int neighbours();

            @WithDefault("80")
            @Min(1)
            int efConstruction();

            @WithDefault("64")
            @Min(1)
            int efSearch();
        }
    }

    interface Forecast {
        @WithDefault("30")
        @Min(1)
        int defaultK();

        @WithDefault("500")
        @Min(1)
        int maxK();

        @WithDefault("t2m,u10,v10")
        List<Variable> defaultVars();

        /** Per horizon ({@code "24h"}): analogs less than this many hours apart count once (the nearer is kept). */
        Map<String, @Min(0) Integer> separationHours();

        /** Horizons at which analogs contribute their change, added to the current value (none when empty). */
        Optional<List<Horizon>> tendencyHorizons();

        /**
         * Per horizon ({@code "48h"}): how far the analog ensemble moves towards the centre of the blend its build
         * fitted (0 none, 1 all the way; the analogs' spread is kept); horizons without a value are not anchored.
         */
        Map<String, @DecimalMin("0") @DecimalMax("1") Double> anchorWeight();

        /**
         * Per variable and horizon ({@code t2m.48h}): an anchored ensemble's spread around its mean is scaled by this
         * (1, or no value, keeps it): the blend's centre can be nearer the truth than the analogs' mean was, which
         * leaves their spread too wide.
         */
        Map<String, Map<String, @DecimalMin("0.5") @DecimalMax("1.5") Double>> anchorSpread();

        /** Variables forecast from tendencies at those horizons. */
        @WithDefault("t2m,d2m,msl,pm25")
        List<Variable> tendencyVariables();

        /** {@code inverse-distance} or {@code uniform}. */
        @WithDefault("inverse-distance")
        @Pattern(regexp = "inverse-distance|uniform", message = "must be inverse-distance or uniform")
        String weighting();

        @WithDefault("100")
        @Min(1)
        @Max(10000)
        int maxBatch();

        /**
         * A forecast without a time starts from the newest hour whose state is complete (every predictor observed),
         * at most this long before the station's newest observation; beyond it, the request is refused with the
         * newest complete hour named.
         */
        @WithDefault("6h")
        java.time.Duration maxStateAge();

        /** Station used when a request names none (the first station when empty). */
        Optional<String> defaultStation();

        /** Keep every computed forecast in the issued_forecast table (for later verification). */
        @WithDefault("true")
        boolean recordIssued();

        /**
         * Risk events by name ({@code heat}): a variable above a threshold. GET /forecast/options lists those whose
         * variable a station has; the web page shows their exceedance probabilities.
         */
        Map<String, Risk> risk();

        interface Risk {
            Variable variable();

            double above();
        }
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
            @Min(1)
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
        List<Variable> variables();

        /** Events for Brier scores: {@code variable>threshold} or {@code variable>pNN} (station climate). */
        @WithDefault("t2m>p90,precip>0.1,wspd>8,pm25>75")
        List<String> events();

        /** Hours between issue times. */
        @WithDefault("6")
        @Min(1)
        int strideHours();

        /** Days between index rebuilds (each from the data before it). */
        @WithDefault("30")
        @Min(1)
        int refitDays();

        @WithDefault("1000")
        @Min(1)
        int bootstrapSamples();

        @WithDefault("20160301")
        long seed();
    }

    interface Faiss {
        /** OpenMP threads per search thread; 1 avoids oversubscribing the cores the HTTP workers already use. */
        @WithDefault("1")
        @Min(1)
        int searchOmpThreads();

        /** Threads that search several horizons of one request in parallel. */
        @WithDefault("2")
        @Min(1)
        int parallelism();
    }
}
