{{/* Object names: release and chart, at most 63 characters (DNS label). */}}
{{- define "analogcast.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "analogcast.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "analogcast.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "analogcast.selector" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "analogcast.selector" -}}
app.kubernetes.io/name: {{ include "analogcast.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "analogcast.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "analogcast.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "analogcast.secretName" -}}
{{- default (include "analogcast.fullname" .) .Values.existingSecret -}}
{{- end -}}

{{- define "analogcast.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag }}
{{- end -}}
{{- end -}}

{{- define "analogcast.indicesClaim" -}}
{{- default (printf "%s-indices" (include "analogcast.fullname" .)) .Values.indices.persistence.existingClaim -}}
{{- end -}}

{{/* Pods restart when their settings change: a hash of the rendered ConfigMap and Secret. */}}
{{- define "analogcast.configChecksums" -}}
checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
{{- if not .Values.existingSecret }}
checksum/secret: {{ include (print $.Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}
{{- end -}}

{{/*
The container settings the service and the index build share: image, runtime options, environment from the
ConfigMap and the Secret, a hardened security context. Called with (dict "root" $ "runtime" <nativeArgs/javaOptions>
"command" <arguments after the runtime options> "env" <more environment>).
*/}}
{{- define "analogcast.containerBase" -}}
{{- $root := .root -}}
image: {{ include "analogcast.image" $root | quote }}
imagePullPolicy: {{ $root.Values.image.pullPolicy }}
{{- $args := .command }}
{{- if eq $root.Values.image.flavour "native" }}
{{- $args = concat .runtime.nativeArgs .command }}
{{- end }}
{{- with $args }}
args:
  {{- range . }}
  - {{ . | quote }}
  {{- end }}
{{- end }}
envFrom:
  - configMapRef:
      name: {{ include "analogcast.fullname" $root }}
  - secretRef:
      name: {{ include "analogcast.secretName" $root }}
{{- $env := default (list) .env }}
{{- if eq $root.Values.image.flavour "jvm" }}
{{- $env = prepend $env (dict "name" "JDK_JAVA_OPTIONS" "value" .runtime.javaOptions) }}
{{- end }}
{{- with $env }}
env:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  runAsNonRoot: true
  capabilities:
    drop:
      - ALL
{{- end -}}

{{/* Pod-level hardening (Pod Security Standard "restricted"). */}}
{{- define "analogcast.podSecurity" -}}
automountServiceAccountToken: false
serviceAccountName: {{ include "analogcast.serviceAccountName" . }}
securityContext:
  runAsNonRoot: true
  runAsUser: 1001
  runAsGroup: 1001
  fsGroup: 1001
  seccompProfile:
    type: RuntimeDefault
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* The index volume: exactly one source, a claim shared with the build Job or a pod's own emptyDir. */}}
{{- define "analogcast.indicesVolume" -}}
- name: indices
  {{- if .Values.indices.persistence.enabled }}
  persistentVolumeClaim:
    claimName: {{ include "analogcast.indicesClaim" . }}
  {{- else }}
  emptyDir:
    sizeLimit: {{ .Values.indices.emptyDir.sizeLimit }}
  {{- end }}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- end -}}

{{/*
The index build: one pod runs build-index; with shards > 1 an Indexed Job whose pod i builds share i of the
stations for the run named by the Job's uid, and whichever pod completes the set merges and publishes one build.
Exit code 3 (the recall gate refused the build) fails the Job at once: retrying cannot change the verdict.
*/}}
{{- define "analogcast.indexBuildJobSpec" -}}
{{- $shards := int .Values.indexBuild.job.shards -}}
{{- if gt $shards 1 }}
completionMode: Indexed
completions: {{ $shards }}
parallelism: {{ .Values.indexBuild.job.parallelism }}
backoffLimitPerIndex: {{ .Values.indexBuild.job.backoffLimitPerIndex }}
{{- else }}
backoffLimit: {{ .Values.indexBuild.job.backoffLimitPerIndex }}
{{- end }}
activeDeadlineSeconds: {{ .Values.indexBuild.job.activeDeadlineSeconds }}
ttlSecondsAfterFinished: {{ .Values.indexBuild.job.ttlSecondsAfterFinished }}
podFailurePolicy:
  rules:
    - action: FailJob
      onExitCodes:
        containerName: build-index
        operator: In
        values: [3]
template:
  metadata:
    labels:
      {{- include "analogcast.selector" . | nindent 6 }}
      app.kubernetes.io/component: index-build
    annotations:
      {{- include "analogcast.configChecksums" . | nindent 6 }}
  spec:
    {{- include "analogcast.podSecurity" . | nindent 4 }}
    restartPolicy: Never
    containers:
      - name: build-index
        {{- $command := list "build-index" }}
        {{- $env := list }}
        {{- if gt $shards 1 }}
        {{- $command = list "build-index" "--shard" (printf "$(JOB_COMPLETION_INDEX)/%d" $shards) "--run" "$(BUILD_RUN)" }}
        {{- $env = list (dict "name" "BUILD_RUN" "valueFrom" (dict "fieldRef" (dict "fieldPath" "metadata.labels['batch.kubernetes.io/controller-uid']"))) }}
        {{- end }}
        {{- include "analogcast.containerBase" (dict "root" . "runtime" .Values.indexBuild.runtime "command" $command "env" $env) | nindent 8 }}
        resources:
          {{- toYaml .Values.indexBuild.resources | nindent 10 }}
        volumeMounts:
          - name: indices
            mountPath: /work/indices
          - name: tmp
            mountPath: /tmp
    volumes:
      {{- include "analogcast.indicesVolume" . | nindent 6 }}
    {{- with .Values.nodeSelector }}
    nodeSelector:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- with .Values.tolerations }}
    tolerations:
      {{- toYaml . | nindent 6 }}
    {{- end }}
{{- end -}}
