package io.analogcast.ops;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.analogcast.Api.management;
import static io.analogcast.Api.user;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/** Metrics and health as an operator sees them (test profile: PostgreSQL and Redis on this machine). */
@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void metricsExposeRequestsSearchesIndicesCacheAndMemory() throws IOException {
        // two identical requests: a cache miss, then a hit
        for (int i = 0; i < 2; i++) {
            user().when().get("/forecast?horizon=6h,24h&vars=t2m&k=11").then().statusCode(200);
        }
        for (String path : new String[] {"/metrics", "/q/metrics"}) {
            management().get(path).then().statusCode(200)
                    .body(containsString("http_server_requests_seconds_bucket{"))
                    .body(containsString("analogcast_faiss_search_seconds_bucket{horizon=\"24h\",index_type=\"IVFFlat\""))
                    .body(containsString("analogcast_faiss_search_seconds_count{horizon=\"6h\",index_type=\"IVFFlat\""))
                    .body(containsString("analogcast_ensemble_compute_seconds_count{horizon=\"6h\""))
                    .body(containsString("analogcast_index_stations_served 1.0"))
                    .body(containsString("analogcast_index_stations_open 1.0"))
                    .body(containsString("analogcast_index_mapped_bytes "))
                    .body(containsString("analogcast_index_station_opens_total "))
                    .body(containsString("analogcast_index_station_open_seconds_bucket{"))
                    .body(containsString("analogcast_index_build_age_seconds"))
                    .body(containsString("analogcast_cache_requests_total{result=\"hit\",tier=\"local\""))
                    .body(containsString("analogcast_cache_requests_total{result=\"miss\",tier=\"local\""))
                    .body(containsString("jvm_memory_used_bytes"))
                    .body(containsString("process_cpu_usage"));
        }
        // kept for .ci/run, which lints it with promtool
        String scrape = management().get("/metrics").then().extract().asString();
        Files.writeString(Path.of("target", "metrics-scrape.txt"), scrape);
    }

    @Test
    void healthSummaryAndFaissDetail() {
        user().when().get("/forecast?horizon=12h").then().statusCode(200);
        user().when().get("/health").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("version", notNullValue())
                .body("uptime_seconds", notNullValue())
                .body("database.up", equalTo(true))
                .body("database.product", equalTo("PostgreSQL"))
                .body("cache.redis_enabled", equalTo(true))
                .body("cache.redis_available", equalTo(true))
                .body("cache.local_misses", greaterThan(0))
                .body("stations.served", equalTo(1))
                .body("stations.open", equalTo(1))
                .body("stations.mapped_bytes", greaterThan(1000))
                .body("index_lifecycle.served_build_id", notNullValue());
        user().when().get("/health/faiss").then().statusCode(200)
                .body("indices", hasSize(4))
                .body("indices.vectors", everyItem(greaterThan(1000)))
                .body("indices.build_id", everyItem(notNullValue()))
                .body("indices.find { it.horizon == '12h' }.type", equalTo("IVFFlat"))
                .body("indices.find { it.horizon == '12h' }.last_search_ms", notNullValue());
    }

    @Test
    void kubernetesProbes() {
        for (String probe : new String[] {"live", "ready", "started"}) {
            user().when().get("/q/health/" + probe).then().statusCode(200).body("status", equalTo("UP"));
        }
        user().when().get("/q/health/ready").then().body("checks.find { it.name == 'analogcast' }.data.indices",
                equalTo(true));
    }
}
