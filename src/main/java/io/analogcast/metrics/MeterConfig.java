package io.analogcast.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Shapes the exported meters: percentile histograms for request and search timers (p95/p99 across pods), and
 * names and help texts that pass {@code promtool check metrics}, which some built-in binders do not.
 */
public class MeterConfig {

    @Produces
    @Singleton
    MeterFilter percentileHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getName().equals("http.server.requests") || id.getName().startsWith("analogcast.faiss")
                        || id.getName().startsWith("analogcast.ensemble")
                        || id.getName().equals("analogcast.index.station.open")) {
                    return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
                }
                return config;
            }
        };
    }

    /** {@code process_cpu_time_ns_total} abbreviates its unit; {@code process_cpu_usage} says the same. */
    @Produces
    @Singleton
    MeterFilter dropAbbreviatedUnits() {
        return MeterFilter.denyNameStartsWith("process.cpu.time");
    }

    /** Long-task timers whose derived series the Prometheus exporter writes without help text. */
    @Produces
    @Singleton
    MeterFilter dropConnectionDurations() {
        return MeterFilter.deny(id -> id.getName().equals("http.server.connections")
                || id.getName().equals("redis.connections"));
    }

    /**
     * The API and the management interface are two HTTP servers, and Vert.x tags each one's connection and byte
     * meters with its port, except a server on a port the system picks (the tests' 0): Prometheus refuses one name
     * with two sets of tag keys, so that server gets the tag too. In production both ports are set: no change.
     */
    @Produces
    @Singleton
    MeterFilter portTagOnEveryHttpServer() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().startsWith("http.server.") && !id.getName().equals("http.server.requests")
                        && id.getTag("server.port") == null ? id.withTag(Tag.of("server.port", "0")) : id;
            }
        };
    }

    @Produces
    @Singleton
    MeterFilter promtoolFriendlyNames() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                // a gauge ending in _count reads like a histogram part to Prometheus tooling
                String name = id.getName().equals("system.cpu.count") ? "system.cpu.logical" : id.getName();
                String description = id.getDescription() != null ? id.getDescription()
                        : name.replace('.', ' ') + " (reported by the runtime)";
                // Prometheus labels are snake_case; the Redis client's binder writes clientName, clientType
                List<Tag> tags = id.getTags().stream().map(t -> Tag.of(snakeCase(t.getKey()), t.getValue())).toList();
                if (name.equals(id.getName()) && description.equals(id.getDescription()) && tags.equals(id.getTags())) {
                    return id;
                }
                return new Meter.Id(name, Tags.of(tags), id.getBaseUnit(), description, id.getType());
            }
        };
    }

    static String snakeCase(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
