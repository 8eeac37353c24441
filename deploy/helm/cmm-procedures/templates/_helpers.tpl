{{/* Labels shared by every object; the component says which process. */}}
{{- define "cmm.labels" -}}
app.kubernetes.io/name: cmm-procedures
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/component: {{ .component }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end }}

{{/* What a Service, a PodDisruptionBudget or a NetworkPolicy selects: one process of one release. */}}
{{- define "cmm.selector" -}}
app.kubernetes.io/name: cmm-procedures
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "cmm.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .component | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{- define "cmm.image" -}}
{{- $tag := required "image.tag is required: the revision built by deploy/docker (one tag for all four images)" .root.Values.image.tag -}}
{{- printf "%s/%s:%s" .root.Values.image.repositoryPrefix .image $tag -}}
{{- end }}

{{/* A variable from the Secret. Optional keys may be missing: the process then sees it unset. */}}
{{- define "cmm.secretEnv" -}}
- name: {{ .key }}
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.secret.name }}
      key: {{ .key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end }}

{{/* The document bucket's credentials, when the Secret holds them (absent with workload identity). */}}
{{- define "cmm.s3Env" -}}
{{- if eq .Values.config.common.DOCUMENTS_STORAGE "s3" -}}
{{ include "cmm.secretEnv" (dict "root" . "key" "AWS_ACCESS_KEY_ID" "optional" true) }}
{{ include "cmm.secretEnv" (dict "root" . "key" "AWS_SECRET_ACCESS_KEY" "optional" true) }}
{{- end }}
{{- end }}

{{/* Pod-level security: a numeric non-root user (the images' USER), no service account token. */}}
{{- define "cmm.podSecurity" -}}
automountServiceAccountToken: false
securityContext:
  runAsNonRoot: true
  runAsUser: {{ .Values.podSecurity.runAsUser }}
  runAsGroup: {{ .Values.podSecurity.runAsGroup }}
  fsGroup: {{ .Values.podSecurity.fsGroup }}
  seccompProfile:
    type: RuntimeDefault
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Container-level security: nothing written outside the mounted volumes, no privileges. */}}
{{- define "cmm.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  privileged: false
  capabilities:
    drop: ["ALL"]
{{- end }}

{{/* Replicas on different nodes when the cluster has them: a node lost is one replica lost. */}}
{{- define "cmm.spread" -}}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "cmm.selector" . | nindent 8 }}
{{- end }}

{{/*
Volumes every long-running process mounts: /tmp (the root filesystem is read-only), the
document store when it is the filesystem, and the signatures' trusted list (api and worker).
*/}}
{{- define "cmm.volumes" -}}
- name: tmp
  emptyDir: {}
{{- if eq .root.Values.config.common.DOCUMENTS_STORAGE "fs" }}
- name: documents
  persistentVolumeClaim:
    claimName: {{ required "documents.existingClaim is required with DOCUMENTS_STORAGE=fs (a ReadWriteMany claim)" .root.Values.documents.existingClaim }}
{{- end }}
{{- if .signatures }}
- name: signatures
  emptyDir: {}
{{- with .root.Values.signatures.existingConfigMap }}
- name: signatures-static
  configMap:
    name: {{ . }}
{{- end }}
{{- end }}
{{- end }}

{{- define "cmm.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if eq .root.Values.config.common.DOCUMENTS_STORAGE "fs" }}
- name: documents
  mountPath: {{ .root.Values.config.common.DOCUMENTS_DIR }}
{{- end }}
{{- if .signatures }}
- name: signatures
  mountPath: /var/lib/cmm/signatures
{{- if .root.Values.signatures.existingConfigMap }}
- name: signatures-static
  mountPath: /etc/cmm/signatures
  readOnly: true
{{- end }}
{{- end }}
{{- end }}

{{/* The metrics port (METRICS_PORT), named so a PodMonitor or the annotations find it. */}}
{{- define "cmm.metricsPort" -}}
{{- if ne (toString .Values.config.common.METRICS_PORT) "0" -}}
- name: metrics
  containerPort: {{ int .Values.config.common.METRICS_PORT }}
  protocol: TCP
{{- end }}
{{- end }}

{{- define "cmm.metricsAnnotations" -}}
{{- if ne (toString .Values.config.common.METRICS_PORT) "0" -}}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .Values.config.common.METRICS_PORT | quote }}
prometheus.io/path: /metrics
{{- end }}
{{- end }}
