package io.analogcast.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.analogcast.helm.KubernetesObjects.Rendered;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Helm chart, linted and rendered by helm itself (helm-java bundles it; no cluster), every rendered object
 * read strictly into Kubernetes' model of its kind ({@link KubernetesObjects}), and the properties a production
 * deployment relies on asserted on the result.
 */
class HelmChartTest {

    private static final Path CHART = Path.of("helm/analogcast");
    private static final Path ALL_FEATURES = CHART.resolve("ci/all-features-values.yaml");
    private static final Path JVM = CHART.resolve("values-jvm.yaml");
    /** The service's shutdown timeout (application.properties quarkus.shutdown.timeout) and database probe bound. */
    private static final int SHUTDOWN_SECONDS = 25;
    private static final int DATABASE_CHECK_SECONDS = 2;

    // ---------------------------------------------------------------------------------------------------------
    // lint and schema

    @Test
    void lintStrictPassesOnTheDefaultsAndWithEveryFeatureOn(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws IOException {
        assertLintClean(new Helm(CHART).lint().strict().call(), "default values");
        // helm lint takes no values file: lint a copy of the chart whose values are the defaults with the overlay
        for (Path overlay : List.of(ALL_FEATURES, JVM)) {
            Path copy = tmp.resolve(overlay.getFileName().toString().replace(".yaml", ""));
            copyTree(CHART, copy.resolve("analogcast"));
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            JsonNode merged = yaml.readerForUpdating(yaml.readTree(CHART.resolve("values.yaml").toFile()))
                    .readValue(overlay.toFile());
            yaml.writeValue(copy.resolve("analogcast/values.yaml").toFile(), merged);
            assertLintClean(new Helm(copy.resolve("analogcast")).lint().strict().call(), overlay.toString());
        }
    }

    private static void assertLintClean(LintResult result, String what) {
        assertFalse(result.isFailed(), what + ": " + result.getMessages());
        List<String> findings = result.getMessages().stream().filter(m -> !m.startsWith("[INFO]")).toList();
        assertTrue(findings.isEmpty(), what + ": " + findings);
    }

    @Test
    void badValuesAreRefusedByTheSchemaOrTheChart() {
        Map<String, Object> bad = Map.of(
                "autoscaling.minReplicas", "abc",
                "image.flavour", "graal",
                "tokens.clienta.sha256", "not-a-hash",
                "probes.readiness.timeoutSeconds", 0,
                "config.dataSource", "postgres",
                "resources.limits.memory", "lots",
                "indexBuild.job.shards", 0,
                "replicaCount", -1,
                "unknownValue", "x");
        bad.forEach((key, value) -> {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> render(template().set(key, value)),
                    key + "=" + value + " must be refused");
            assertTrue(refused.getMessage().contains("values don't meet the specifications of the schema"),
                    key + ": " + refused.getMessage());
        });
        IllegalStateException range = assertThrows(IllegalStateException.class, () -> render(template()
                .set("autoscaling.minReplicas", 5).set("autoscaling.maxReplicas", 3)));
        assertTrue(range.getMessage().contains("autoscaling.minReplicas (5) exceeds autoscaling.maxReplicas (3)"),
                range.getMessage());
        IllegalStateException grace = assertThrows(IllegalStateException.class, () -> render(template()
                .set("shutdown.terminationGracePeriodSeconds", 20)));
        assertTrue(grace.getMessage().contains("terminationGracePeriodSeconds"), grace.getMessage());
    }

    // ---------------------------------------------------------------------------------------------------------
    // every object valid, for each values set

    @Test
    void everyRenderedObjectFitsItsKubernetesSchema() throws IOException {
        // the index build Job is a hook by default, and hooks are not part of the manifest helm-java returns
        assertEquals(Set.of("ConfigMap", "Secret", "ServiceAccount", "Service", "PersistentVolumeClaim", "Deployment",
                "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy"), kinds(render(template())));
        assertEquals(Set.of("ConfigMap", "Secret", "ServiceAccount", "Service", "PersistentVolumeClaim", "Deployment",
                "HorizontalPodAutoscaler", "PodDisruptionBudget", "Job", "CronJob", "NetworkPolicy", "PodMonitor",
                "PrometheusRule", "Ingress"), kinds(render(template().withValuesFile(ALL_FEATURES))));
        assertTrue(kinds(render(template().withValuesFile(JVM))).contains("Deployment"));
        assertTrue(kinds(render(template().set("keda.enabled", true))).contains("ScaledObject"));
        assertTrue(kinds(render(template().set("keda.enabled", true).set("keda.http.enabled", true)))
                .contains("HTTPScaledObject"));
        assertEquals(2, render(template().withValuesFile(ALL_FEATURES)).stream()
                .filter(o -> o.kind().equals("ConfigMap")).count(), "settings and the dashboard");
    }

    /** The schema is migrated by a Job before the pods start; serving pods only check its version. */
    @Test
    void aJobMigratesTheSchemaAndServingPodsOnlyCheckIt() throws IOException {
        List<Rendered> objects = render(template().set("database.migration.helmHook", false));
        Job migration = objects.stream().filter(o -> o.kind().equals("Job") && o.name().contains("-migrate-"))
                .map(o -> (Job) o.model()).findFirst().orElseThrow();
        Container migrate = migration.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("migrate", migrate.getArgs().get(migrate.getArgs().size() - 1));
        assertEquals("ANALOGCAST_DB_PASSWORD", migrate.getEnv().stream().filter(e -> e.getName().equals(
                "ANALOGCAST_DB_PASSWORD")).findFirst().orElseThrow().getValueFrom().getSecretKeyRef().getKey());
        assertRestricted(migration.getSpec().getTemplate().getSpec(), migrate);
        Container serving = one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("false", serving.getEnv().stream().filter(e -> e.getName().equals("QUARKUS_FLYWAY_MIGRATE_AT_START"))
                .findFirst().orElseThrow().getValue());
        Container migrating = one(render(template().set("database.migration.enabled", false)), Deployment.class)
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(migrating.getEnv() == null || migrating.getEnv().stream()
                .noneMatch(e -> e.getName().equals("QUARKUS_FLYWAY_MIGRATE_AT_START")), "without the Job, pods migrate");
    }

    /** Locality: one station's requests reach the same pods (ingress-nginx's consistent hashing on the parameter). */
    @Test
    void theIngressHashesRequestsByStation() throws IOException {
        io.fabric8.kubernetes.api.model.networking.v1.Ingress ingress = one(render(template().withValuesFile(ALL_FEATURES)),
                io.fabric8.kubernetes.api.model.networking.v1.Ingress.class);
        assertEquals("$arg_station", ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/upstream-hash-by"));
        assertEquals("forecasts.example.org", ingress.getSpec().getRules().get(0).getHost());
        assertEquals("http", ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService()
                .getPort().getName());
        assertEquals("forecasts-tls", ingress.getSpec().getTls().get(0).getSecretName());
        io.fabric8.kubernetes.api.model.networking.v1.Ingress plain = one(render(template().set("ingress.enabled", true)
                .set("ingress.stationAffinity", false)), io.fabric8.kubernetes.api.model.networking.v1.Ingress.class);
        assertTrue(plain.getMetadata().getAnnotations() == null
                || !plain.getMetadata().getAnnotations().containsKey("nginx.ingress.kubernetes.io/upstream-hash-by"));
        assertEquals(null, plain.getSpec().getRules().get(0).getHost(), "every host");
        assertTrue(kinds(render(template())).stream().noneMatch("Ingress"::equals), "off by default");
    }

    // ---------------------------------------------------------------------------------------------------------
    // the workload

    @Test
    void theDeploymentIsHardenedProbedSizedAndDrainsBeforeItStops() throws IOException {
        for (TemplateCommand values : List.of(template(), template().withValuesFile(ALL_FEATURES),
                template().withValuesFile(JVM))) {
            Deployment deployment = one(render(values), Deployment.class);
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().get(0);

            assertRestricted(pod, container);
            probe(container.getStartupProbe(), "/q/health/started");
            probe(container.getReadinessProbe(), "/q/health/ready");
            probe(container.getLivenessProbe(), "/q/health/live");
            assertTrue(container.getReadinessProbe().getTimeoutSeconds() > DATABASE_CHECK_SECONDS,
                    "readiness waits longer than the database check may take");

            for (String kind : List.of("cpu", "memory")) {
                assertTrue(container.getResources().getRequests().containsKey(kind), "request " + kind);
                assertTrue(container.getResources().getLimits().containsKey(kind), "limit " + kind);
            }
            assertNull(container.getLifecycle(), "no preStop: the service's own shutdown delay (no sleep binary needed)");

            assertEquals(Set.of("kubernetes.io/hostname", "topology.kubernetes.io/zone"),
                    pod.getTopologySpreadConstraints().stream().map(c -> c.getTopologyKey()).collect(Collectors.toSet()));
            pod.getTopologySpreadConstraints().forEach(c -> assertEquals(
                    deployment.getSpec().getSelector().getMatchLabels(), c.getLabelSelector().getMatchLabels()));
            assertEquals(deployment.getSpec().getSelector().getMatchLabels().entrySet().stream()
                    .filter(e -> true).collect(Collectors.toSet()),
                    deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet().stream()
                            .filter(e -> deployment.getSpec().getSelector().getMatchLabels().containsKey(e.getKey()))
                            .collect(Collectors.toSet()), "the selector selects the pods");
            assertSingleSourceVolumes(pod);
            assertTrue(container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")),
                    "a writable /tmp for JavaCPP's library cache under a read-only root");
            assertTrue(deployment.getSpec().getTemplate().getMetadata().getAnnotations().containsKey("checksum/config"));
            assertNull(deployment.getSpec().getReplicas(), "the autoscaler owns the replica count");
        }

        Deployment nativeDeployment = one(render(template()), Deployment.class);
        Container nativeContainer = nativeDeployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(List.of("-Xmx192m", "-Xmn16m"), nativeContainer.getArgs(),
                "the native heap cap and young generation, as arguments");
        assertEquals(List.of("QUARKUS_FLYWAY_MIGRATE_AT_START"), nativeContainer.getEnv().stream().map(e -> e.getName())
                .toList(), "besides the ConfigMap and the Secret, only: the migration Job migrated, the pod checks");
        Container jvmContainer = one(render(template().withValuesFile(JVM)), Deployment.class).getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        assertTrue(jvmContainer.getArgs().isEmpty());
        assertEquals("JDK_JAVA_OPTIONS", jvmContainer.getEnv().get(0).getName());
        assertTrue(jvmContainer.getEnv().get(0).getValue().contains("MaxRAMPercentage"), "container-aware heap");
    }

    private static void assertRestricted(PodSpec pod, Container container) {
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertNotEquals(0L, pod.getSecurityContext().getRunAsUser());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        var security = container.getSecurityContext();
        assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation());
        assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem());
        assertEquals(Boolean.TRUE, security.getRunAsNonRoot());
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop());
        assertTrue(security.getCapabilities().getAdd() == null || security.getCapabilities().getAdd().isEmpty());
    }

    private static void probe(Probe probe, String path) {
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals("http", probe.getHttpGet().getPort().getStrVal());
        assertTrue(probe.getTimeoutSeconds() >= 1 && probe.getPeriodSeconds() >= 1 && probe.getFailureThreshold() >= 1);
    }

    private static void assertSingleSourceVolumes(PodSpec pod) {
        for (Volume volume : pod.getVolumes()) {
            long sources = Stream.of(volume.getEmptyDir(), volume.getPersistentVolumeClaim(), volume.getConfigMap(),
                    volume.getSecret(), volume.getHostPath()).filter(java.util.Objects::nonNull).count();
            assertEquals(1, sources, "volume " + volume.getName() + " has exactly one source");
        }
    }

    @Test
    void afterSigtermReadinessGoesDownWhileServingThenTheDrainFitsTheGracePeriod() throws IOException {
        List<Rendered> objects = render(template());
        JsonNode config = objects.stream().filter(o -> o.kind().equals("ConfigMap")).findFirst().orElseThrow().tree()
                .path("data");
        int delay = Integer.parseInt(config.path("ANALOGCAST_SHUTDOWN_DELAY").asText().replace("s", ""));
        int drain = Integer.parseInt(config.path("QUARKUS_SHUTDOWN_TIMEOUT").asText().replace("s", ""));
        assertTrue(delay >= 3, "endpoints drop the pod before it stops accepting");
        assertEquals(SHUTDOWN_SECONDS, drain);
        assertTrue(one(objects, Deployment.class).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()
                > delay + drain, "the grace period covers the delay and the drain");
    }

    @Test
    void settingsAreInAConfigMapSecretsInASecretAndAChangeRollsThePods() throws IOException {
        List<Rendered> objects = render(template().withValuesFile(ALL_FEATURES));
        JsonNode config = objects.stream().filter(o -> o.kind().equals("ConfigMap") && !o.name().endsWith("dashboard"))
                .findFirst().orElseThrow().tree().path("data");
        assertEquals("none", config.path("ANALOGCAST_DATA_SOURCE").asText(), "production is never seeded");
        assertEquals("false", config.path("ANALOGCAST_INDEX_BUILD_ON_BOOT").asText(), "the Job builds, pods map");
        assertEquals("30", config.path("ANALOGCAST_FORECAST_DEFAULT_K").asText());
        assertEquals("weather.forecasts-analogcast", config.path("ANALOGCAST_SECURITY_RATE_LIMIT_NAMESPACE").asText(),
                "the release's pods share rate-limit buckets, apart from other releases on the same Redis");
        JsonNode secret = objects.stream().filter(o -> o.kind().equals("Secret")).findFirst().orElseThrow().tree()
                .path("stringData");
        assertEquals("17d6bfe05d1b1fb7bc499f8e3f639c7b3eda4c40f321eef8887a0c04c89a99c5",
                secret.path("ANALOGCAST_SECURITY_TOKENS_OPERATOR_SHA256").asText());
        assertEquals("admin", secret.path("ANALOGCAST_SECURITY_TOKENS_OPERATOR_ROLE").asText());
        assertEquals("s3cret", secret.path("ANALOGCAST_DB_PASSWORD").asText());
        String everything = objects.stream().filter(o -> !o.kind().equals("Secret")).map(o -> o.tree().toString())
                .collect(Collectors.joining());
        assertFalse(everything.contains("s3cret"), "credentials only in the Secret");

        Map<String, String> before = podAnnotations(objects);
        Map<String, String> tokenChanged = podAnnotations(render(template().withValuesFile(ALL_FEATURES)
                .set("tokens.clienta.sha256", "0".repeat(64))));
        Map<String, String> settingChanged = podAnnotations(render(template().withValuesFile(ALL_FEATURES)
                .set("config.indexPollInterval", "60s")));
        assertNotEquals(before.get("checksum/secret"), tokenChanged.get("checksum/secret"));
        assertEquals(before.get("checksum/config"), tokenChanged.get("checksum/config"));
        assertNotEquals(before.get("checksum/config"), settingChanged.get("checksum/config"));

        List<Rendered> existing = render(template().set("existingSecret", "analogcast-credentials"));
        assertFalse(kinds(existing).contains("Secret"), "a Secret of the user's replaces the chart's");
        assertEquals("analogcast-credentials", one(existing, Deployment.class).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnvFrom().get(1).getSecretRef().getName());
    }

    private static Map<String, String> podAnnotations(List<Rendered> objects) {
        return one(objects, Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations();
    }

    @Test
    void aDisruptionBudgetKeepsPodsServing() throws IOException {
        List<Rendered> objects = render(template());
        PodDisruptionBudget budget = one(objects, PodDisruptionBudget.class);
        assertEquals(1, budget.getSpec().getMaxUnavailable().getIntVal());
        assertEquals(one(objects, Deployment.class).getSpec().getSelector().getMatchLabels(),
                budget.getSpec().getSelector().getMatchLabels());
    }

    // ---------------------------------------------------------------------------------------------------------
    // autoscaling

    @Test
    void theAutoscalerScalesOnCpuMemoryAndRequestRateWithBehaviour() throws IOException {
        HorizontalPodAutoscaler hpa = one(render(template().withValuesFile(ALL_FEATURES)), HorizontalPodAutoscaler.class);
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        List<MetricSpec> metrics = hpa.getSpec().getMetrics();
        assertEquals(List.of("Resource/cpu", "Resource/memory", "Pods/analogcast_http_requests_per_second"),
                metrics.stream().map(m -> m.getType() + "/" + (m.getResource() != null ? m.getResource().getName()
                        : m.getPods().getMetric().getName())).toList());
        assertEquals("AverageValue", metrics.get(2).getPods().getTarget().getType());
        assertEquals(0, hpa.getSpec().getBehavior().getScaleUp().getStabilizationWindowSeconds());
        assertEquals(300, hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds());
        assertFalse(hpa.getSpec().getBehavior().getScaleUp().getPolicies().isEmpty());
        assertFalse(hpa.getSpec().getBehavior().getScaleDown().getPolicies().isEmpty());
        assertEquals(2, one(render(template()), HorizontalPodAutoscaler.class).getSpec().getMetrics().size(),
                "the request-rate metric needs prometheus-adapter: off by default");
        // open stations make a pod's memory (native, 100 open stations of a year each after a sweep: 229-252 MiB
        // measured, docs/performance.md): the memory target must lie above it, or the HPA scales on data, not load
        List<Rendered> defaults = render(template());
        double requestMiB = one(defaults, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)
                .getResources().getRequests().get("memory").getNumericalAmount().doubleValue() / (1 << 20);
        int target = one(defaults, HorizontalPodAutoscaler.class).getSpec().getMetrics().get(1).getResource()
                .getTarget().getAverageUtilization();
        assertTrue(requestMiB * target / 100 > 252, requestMiB + " MiB x " + target + " %");
    }

    @Test
    void kedaScalesToZeroWithAPrometheusTriggerOrTheHttpAddOn() throws IOException {
        List<Rendered> keda = render(template().set("keda.enabled", true));
        assertFalse(kinds(keda).contains("HorizontalPodAutoscaler"), "KEDA makes its own");
        KubernetesObjects.ScaledObject scaled = (KubernetesObjects.ScaledObject) keda.stream()
                .filter(o -> o.kind().equals("ScaledObject")).findFirst().orElseThrow().model();
        assertEquals(0, scaled.spec().minReplicaCount());
        assertEquals("prometheus", scaled.spec().triggers().get(0).type());
        assertTrue(scaled.spec().triggers().get(0).metadata().get("query").contains("http_server_requests_seconds_count"));
        assertNull(one(keda, Deployment.class).getSpec().getReplicas());

        List<Rendered> http = render(template().set("keda.enabled", true).set("keda.http.enabled", true));
        assertFalse(kinds(http).contains("ScaledObject"), "the HTTP add-on makes its own ScaledObject");
        KubernetesObjects.HttpScaledObject wake = (KubernetesObjects.HttpScaledObject) http.stream()
                .filter(o -> o.kind().equals("HTTPScaledObject")).findFirst().orElseThrow().model();
        assertEquals(0, wake.spec().replicas().min());
        assertEquals(one(http, Deployment.class).getMetadata().getName(), wake.spec().scaleTargetRef().service());
    }

    // ---------------------------------------------------------------------------------------------------------
    // indices

    @Test
    void anIndexedJobBuildsSharesOfTheStationsIntoTheSharedVolume() throws IOException {
        List<Rendered> objects = render(template().withValuesFile(ALL_FEATURES));
        Job job = one(objects, Job.class);
        assertEquals("forecasts-analogcast-index-build-1", job.getMetadata().getName(), "one Job per revision");
        assertTrue(job.getMetadata().getAnnotations().isEmpty(), "an ordinary object with indexBuild.job.helmHook=false");
        JobSpec spec = job.getSpec();
        assertEquals("Indexed", spec.getCompletionMode());
        assertEquals(4, spec.getCompletions());
        assertEquals(2, spec.getParallelism());
        Container build = spec.getTemplate().getSpec().getContainers().get(0);
        assertEquals(List.of("-Xmx1g", "build-index", "--shard", "$(JOB_COMPLETION_INDEX)/4", "--run", "$(BUILD_RUN)"),
                build.getArgs());
        assertEquals("metadata.labels['batch.kubernetes.io/controller-uid']",
                build.getEnv().stream().filter(e -> e.getName().equals("BUILD_RUN")).findFirst().orElseThrow()
                        .getValueFrom().getFieldRef().getFieldPath(), "one run id shared by the Job's pods");
        assertEquals(List.of(3), spec.getPodFailurePolicy().getRules().get(0).getOnExitCodes().getValues(),
                "a build the recall gate refused is not retried");
        assertEquals("Never", spec.getTemplate().getSpec().getRestartPolicy());
        assertRestricted(spec.getTemplate().getSpec(), build);
        assertSingleSourceVolumes(spec.getTemplate().getSpec());
        String claim = spec.getTemplate().getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName();

        Deployment deployment = one(objects, Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals(claim, pod.getVolumes().get(0).getPersistentVolumeClaim().getClaimName(), "the Job's volume");
        assertTrue(pod.getContainers().get(0).getVolumeMounts().get(0).getReadOnly(), "serving pods only read");
        assertEquals(spec, one(objects, CronJob.class).getSpec().getJobTemplate().getSpec(), "the same build, scheduled");

        assertFalse(kinds(render(template())).contains("Job"), "by default a hook: left out of the release manifest");
        Job single = one(render(template().set("indexBuild.job.helmHook", false)), Job.class);
        assertNull(single.getSpec().getCompletionMode());
        assertEquals(List.of("-Xmx1g", "build-index"), single.getSpec().getTemplate().getSpec().getContainers().get(0)
                .getArgs());
    }

    @Test
    void withoutPersistenceEachPodBuildsIntoItsOwnEmptyDir() throws IOException {
        List<Rendered> objects = render(template().set("indices.persistence.enabled", false));
        assertFalse(kinds(objects).contains("Job"), "nothing to share a build through");
        assertFalse(kinds(objects).contains("PersistentVolumeClaim"));
        PodSpec pod = one(objects, Deployment.class).getSpec().getTemplate().getSpec();
        assertSingleSourceVolumes(pod);
        assertTrue(pod.getVolumes().get(0).getEmptyDir() != null);
        assertFalse(pod.getContainers().get(0).getVolumeMounts().get(0).getReadOnly());
        assertEquals("true", objects.stream().filter(o -> o.kind().equals("ConfigMap")).findFirst().orElseThrow()
                .tree().path("data").path("ANALOGCAST_INDEX_BUILD_ON_BOOT").asText());
        PodSpec claimed = one(render(template().set("indices.persistence.existingClaim", "shared-indices")),
                Deployment.class).getSpec().getTemplate().getSpec();
        assertSingleSourceVolumes(claimed);
        assertEquals("shared-indices", claimed.getVolumes().get(0).getPersistentVolumeClaim().getClaimName());
    }

    // ---------------------------------------------------------------------------------------------------------
    // observability and network

    @Test
    void alertsDashboardAndNetworkPolicyCoverWhatOperatorsWatch() throws IOException {
        List<Rendered> objects = render(template().withValuesFile(ALL_FEATURES));
        PrometheusRule rules = one(objects, PrometheusRule.class);
        List<Rule> alerts = rules.getSpec().getGroups().stream().flatMap(g -> g.getRules().stream())
                .filter(r -> r.getAlert() != null).toList();
        assertEquals(List.of("AnalogcastForecastLatencyHigh", "AnalogcastForecastLatencyCritical",
                "AnalogcastErrorRateHigh", "AnalogcastCacheHitRateLow", "AnalogcastIndexBuildOld",
                "AnalogcastPodRestarting"), alerts.stream().map(Rule::getAlert).toList());
        assertTrue(alerts.get(0).getExpr().getStrVal().endsWith("> 0.5"));
        assertTrue(alerts.get(1).getExpr().getStrVal().endsWith("> 1"));
        assertEquals("critical", alerts.get(1).getLabels().get("severity"));

        Rendered dashboard = objects.stream().filter(o -> o.name().endsWith("-dashboard")).findFirst().orElseThrow();
        assertEquals("1", dashboard.tree().path("metadata").path("labels").path("grafana_dashboard").asText());
        JsonNode panels = new ObjectMapper().readTree(dashboard.tree().path("data").path("analogcast.json").asText())
                .path("panels");
        String queries = panels.findValues("expr").stream().map(JsonNode::asText).collect(Collectors.joining("\n"));
        for (String metric : List.of("http_server_requests_seconds_count", "http_server_requests_seconds_bucket",
                "analogcast_cache_requests_total", "analogcast_faiss_search_seconds_bucket",
                "analogcast_index_build_age_seconds", "analogcast_verification_live_crpss")) {
            assertTrue(queries.contains(metric), "the dashboard shows " + metric);
        }

        JsonNode policy = objects.stream().filter(o -> o.kind().equals("NetworkPolicy")).findFirst().orElseThrow()
                .tree().path("spec");
        assertEquals("http", policy.path("ingress").get(0).path("ports").get(0).path("port").asText());
        assertEquals("management", policy.path("ingress").get(0).path("ports").get(1).path("port").asText());
        assertEquals(List.of("ingress-nginx", "monitoring"), new ObjectMapper().convertValue(policy.path("ingress")
                .get(0).path("from").get(1).path("namespaceSelector").path("matchExpressions").get(0).path("values"),
                List.class));
        List<Integer> egressPorts = new ArrayList<>();
        policy.path("egress").forEach(rule -> rule.path("ports").forEach(p -> egressPorts.add(p.path("port").asInt())));
        assertEquals(List.of(5432, 6379, 53, 53), egressPorts, "PostgreSQL, Redis and DNS only");
    }

    /** Metrics are on the management port, which the pod monitor scrapes and no Service (so no ingress) exposes. */
    @Test
    void metricsAreScrapedFromTheManagementPortThatNoServiceExposes() throws IOException {
        List<Rendered> objects = render(template().withValuesFile(ALL_FEATURES));
        var container = one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(Map.of("http", 8080, "management", 9000), container.getPorts().stream()
                .collect(Collectors.toMap(p -> p.getName(), p -> p.getContainerPort())));
        JsonNode monitor = objects.stream().filter(o -> o.kind().equals("PodMonitor")).findFirst().orElseThrow().tree();
        JsonNode endpoint = monitor.path("spec").path("podMetricsEndpoints").get(0);
        assertEquals("management", endpoint.path("port").asText());
        assertEquals("/q/metrics", endpoint.path("path").asText());
        assertEquals("job", endpoint.path("relabelings").get(0).path("targetLabel").asText());
        assertEquals(one(objects, Deployment.class).getMetadata().getName(),
                endpoint.path("relabelings").get(0).path("replacement").asText(), "the alerts' and KEDA's job label");
        assertEquals("server", monitor.path("spec").path("selector").path("matchLabels")
                .path("app.kubernetes.io/component").asText());
        for (Rendered service : objects.stream().filter(o -> o.kind().equals("Service")).toList()) {
            service.tree().path("spec").path("ports").forEach(port -> {
                assertEquals("http", port.path("targetPort").asText(), service.name());
            });
        }
    }

    @Test
    void theInstallNotesSayWhatHappensNextAndWarnOfMissingTokens() {
        String notes = new Helm(CHART).install().withName("forecasts").withNamespace("weather").dryRun().clientOnly()
                .call().getOutput();
        assertTrue(notes.contains("the Job forecasts-analogcast-index-build builds them from the database"), notes);
        assertTrue(notes.contains("The database is not seeded"), notes);
        assertTrue(notes.contains("No API token is configured"), notes);
        assertTrue(notes.contains("kubectl -n weather port-forward svc/forecasts-analogcast 8080:80"), notes);
        String withTokens = new Helm(CHART).install().withName("forecasts").withNamespace("weather")
                .withValuesFile(ALL_FEATURES).dryRun().clientOnly().call().getOutput();
        assertFalse(withTokens.contains("No API token is configured"), withTokens);
        assertTrue(withTokens.contains("in 4 shares"), withTokens);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static TemplateCommand template() {
        return new Helm(CHART).template().withName("forecasts").withNamespace("weather");
    }

    private static List<Rendered> render(TemplateCommand command) throws IOException {
        return KubernetesObjects.read(command.call());
    }

    private static Set<String> kinds(List<Rendered> objects) {
        return objects.stream().map(Rendered::kind).collect(Collectors.toSet());
    }

    private static <T> T one(List<Rendered> objects, Class<T> type) {
        List<T> found = objects.stream().map(Rendered::model).filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), "one " + type.getSimpleName());
        return found.get(0);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
