package io.analogcast.helm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rendered manifests read into Kubernetes' own model classes (fabric8's, generated from the API server's OpenAPI
 * document; the Prometheus operator's from its CRDs), strictly: a field the kind does not have, a value of the
 * wrong type (a number where a string belongs, "abc" where an integer belongs) or a kind the chart should not
 * render fails. KEDA has no Java model on Maven Central: its two kinds are written below from KEDA's CRD
 * reference (keda.sh/v1alpha1 ScaledObject, KEDA 2.x; http.keda.sh/v1alpha1 HTTPScaledObject, HTTP add-on 0.8+),
 * with the fields those CRDs define.
 */
final class KubernetesObjects {

    /** A rendered object: its kind, its raw tree and the model it was read into. */
    record Rendered(String kind, String name, JsonNode tree, Object model) {
    }

    private static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("batch/v1/CronJob", CronJob.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            Map.entry("keda.sh/v1alpha1/ScaledObject", ScaledObject.class),
            Map.entry("http.keda.sh/v1alpha1/HTTPScaledObject", HttpScaledObject.class));

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper STRICT = strictMapper();

    private KubernetesObjects() {
    }

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        // the API server refuses a number or a boolean where a string belongs (an unquoted annotation, say)
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    /** Every document of a `helm template` output, read strictly into its kind's model. */
    static List<Rendered> read(String manifests) throws IOException {
        List<Rendered> objects = new ArrayList<>();
        for (JsonNode tree : YAML.readerFor(JsonNode.class).<JsonNode>readValues(manifests).readAll()) {
            if (tree == null || tree.isNull() || tree.isEmpty()) {
                continue; // an empty document between separators
            }
            String kind = tree.path("apiVersion").asText() + "/" + tree.path("kind").asText();
            String name = tree.path("metadata").path("name").asText();
            Class<?> type = KINDS.get(kind);
            if (type == null) {
                throw new AssertionError("the chart renders a kind nothing checks: " + kind + " " + name);
            }
            if (!name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || name.length() > 63) {
                throw new AssertionError(kind + ": name '" + name + "' is not a DNS label of at most 63 characters");
            }
            Object model;
            try {
                model = STRICT.treeToValue(tree, type);
            } catch (IOException e) {
                throw new AssertionError(kind + " " + name + " does not fit its schema: " + e.getMessage(), e);
            }
            List<String> unknown = new ArrayList<>();
            unknownFields(model, kind + " " + name, unknown, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
            if (!unknown.isEmpty()) {
                throw new AssertionError(kind + " " + name + " has fields its kind does not define: " + unknown);
            }
            objects.add(new Rendered(tree.path("kind").asText(), name, tree, model));
        }
        return objects;
    }

    /**
     * fabric8's classes keep fields they do not know in {@code additionalProperties} instead of failing: walk the
     * model and collect every such field with its path.
     */
    private static void unknownFields(Object value, String path, List<String> found, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, found, seen));
            return;
        }
        if (value instanceof Record record) {
            for (var component : record.getClass().getRecordComponents()) {
                try {
                    unknownFields(component.getAccessor().invoke(record), path + "." + component.getName(), found, seen);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> found.add(path + "." + k));
                }
            } else {
                String property = getter.getName().replaceFirst("^(get|is)", "");
                unknownFields(child, path + "." + Character.toLowerCase(property.charAt(0)) + property.substring(1),
                        found, seen);
            }
        }
    }

    // KEDA's kinds, from its CRD reference ------------------------------------------------------------------

    record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec) {
    }

    record ScaledObjectSpec(ScaleTargetRef scaleTargetRef, Integer pollingInterval, Integer cooldownPeriod,
            Integer initialCooldownPeriod, Integer idleReplicaCount, Integer minReplicaCount, Integer maxReplicaCount,
            Fallback fallback, Advanced advanced, List<Trigger> triggers) {
    }

    record ScaleTargetRef(String name, String apiVersion, String kind, String envSourceContainerName) {
    }

    record Fallback(Integer failureThreshold, Integer replicas) {
    }

    record Advanced(Boolean restoreToOriginalReplicaCount, HpaConfig horizontalPodAutoscalerConfig,
            Map<String, Object> scalingModifiers) {
    }

    record HpaConfig(String name, HorizontalPodAutoscalerBehavior behavior) {
    }

    record Trigger(String type, String name, Map<String, String> metadata, AuthenticationRef authenticationRef,
            String metricType, Boolean useCachedMetrics) {
    }

    record AuthenticationRef(String name, String kind) {
    }

    record HttpScaledObject(String apiVersion, String kind, ObjectMeta metadata, HttpScaledObjectSpec spec) {
    }

    record HttpScaledObjectSpec(List<String> hosts, List<String> pathPrefixes, HttpScaleTargetRef scaleTargetRef,
            Replicas replicas, Integer targetPendingRequests, Integer scaledownPeriod, ScalingMetric scalingMetric,
            Integer initialCooldownPeriod) {
    }

    record HttpScaleTargetRef(String name, String kind, String apiVersion, String service, Integer port,
            String portName) {
    }

    record Replicas(Integer min, Integer max) {
    }

    record ScalingMetric(Concurrency concurrency, RequestRate requestRate) {
    }

    record Concurrency(Integer targetValue) {
    }

    record RequestRate(String granularity, Integer targetValue, String window) {
    }
}
