package io.analogcast.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Percentile histograms for request and search timers, so p95/p99 can be computed across pods. */
public class HistogramConfig {

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
}
