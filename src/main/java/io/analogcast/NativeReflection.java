package io.analogcast;

import io.analogcast.analog.BuildCatalog;
import io.analogcast.analog.Horizon;
import io.analogcast.analog.IndexBuildRejected;
import io.analogcast.analog.IndexLifecycle;
import io.analogcast.analog.IndexManifest;
import io.analogcast.cache.TwoTierCache;
import io.analogcast.error.Problem;
import io.analogcast.faiss.IndexSpec;
import io.analogcast.forecast.ForecastDtos;
import io.analogcast.health.HealthResource;
import io.analogcast.health.HealthService;
import io.analogcast.observation.importer.ImportReport;
import io.analogcast.verification.LiveVerification;
import io.analogcast.verification.VerificationReport;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson reads or writes outside a REST method's declared types (manifests on disk, cached forecasts in
 * Redis, responses built as {@code Response} entities, reports written by commands): a native executable knows
 * only what is registered, so they are listed here.
 */
@RegisterForReflection(targets = {IndexManifest.class, io.analogcast.analog.BlendAnchor.class, IndexSpec.class, IndexBuildRejected.class, BuildCatalog.class,
        Horizon.class, IndexLifecycle.StationLibrary.class, IndexLifecycle.StationCounts.class, ForecastDtos.HorizonForecast.class, ForecastDtos.IndexInfo.class,
        ForecastDtos.VariableForecast.class, ForecastDtos.Exceedance.class, ForecastDtos.AnalogInfo.class,
        HealthResource.Health.class, HealthResource.FaissHealth.class, HealthService.DatabaseStatus.class,
        HealthService.IndexStatus.class, HealthService.LifecycleStatus.class, TwoTierCache.Status.class,
        Problem.class, ImportReport.Problem.class, LiveVerification.LiveReport.class, LiveVerification.SkillRow.class,
        VerificationReport.class, VerificationReport.Meta.class, VerificationReport.Interval.class,
        VerificationReport.SkillRow.class, VerificationReport.RankHistogram.class, VerificationReport.Reliability.class,
        VerificationReport.FanChart.class, VerificationReport.FanPoint.class, VerificationReport.TargetCheck.class})
public final class NativeReflection {
    private NativeReflection() {
    }
}
