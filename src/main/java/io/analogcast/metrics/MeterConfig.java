package io.analogcast.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

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
                        || id.getName().startsWith("analogcast.ensemble")) {
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

    /** A long-task timer whose derived series the Prometheus exporter writes without help text. */
    @Produces
    @Singleton
    MeterFilter dropConnectionDurations() {
        return MeterFilter.denyNameStartsWith("http.server.connections");
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
                if (name.equals(id.getName()) && description.equals(id.getDescription())) {
                    return id;
                }
                return new Meter.Id(name, Tags.of(id.getTags()), id.getBaseUnit(), description, id.getType());
            }
        };
    }
}
