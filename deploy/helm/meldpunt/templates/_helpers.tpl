{{/* Names, labels, and the checks that refuse a values file that would deploy something unsafe. */}}

{{- define "meldpunt.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "meldpunt.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{ include "meldpunt.versionLabels" . }}
{{- end -}}

{{/* The labels that change with a release, not part of any selector. */}}
{{- define "meldpunt.versionLabels" -}}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The replicas' pods. The migration Job's pods have another component, so that neither the
Service, the PodDisruptionBudget nor the spread constraints count them. */}}
{{- define "meldpunt.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: server
{{- end -}}

{{- define "meldpunt.migrateSelectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: migrate
{{- end -}}

{{- define "meldpunt.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "meldpunt.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The image, by digest only. */}}
{{- define "meldpunt.image" -}}
{{- $repo := required "image.repository is required: the registry and repository of the Meldpunt image" .Values.image.repository -}}
{{- $digest := .Values.image.digest | default "" -}}
{{- if not $digest -}}
{{- fail "image.digest is required: the image is pulled by its digest (sha256:...), never by a tag alone. Give --set image.digest=sha256:<64 hex digits> (e.g. from `crane digest` or `docker buildx imagetools inspect`)" -}}
{{- end -}}
{{- if not (regexMatch "^sha256:[0-9a-f]{64}$" $digest) -}}
{{- fail (printf "image.digest %q is not a digest of the form sha256:<64 lower-case hex digits>" $digest) -}}
{{- end -}}
{{- if contains "@" $repo -}}
{{- fail "image.repository must not carry a digest of its own: give it in image.digest" -}}
{{- end -}}
{{- if .Values.image.tag -}}
{{- printf "%s:%s@%s" $repo .Values.image.tag $digest -}}
{{- else -}}
{{- printf "%s@%s" $repo $digest -}}
{{- end -}}
{{- end -}}

{{/* ---- the database ---- */}}

{{- define "meldpunt.cnpgName" -}}
{{- default (printf "%s-db" (include "meldpunt.fullname" .)) .Values.database.cnpg.name -}}
{{- end -}}

{{- define "meldpunt.dbPasswordSecret" -}}
{{- if .Values.database.cnpg.enabled -}}
{{- printf "%s-app" (include "meldpunt.cnpgName" .) -}}
{{- else -}}
{{- required "database.external.passwordSecret.name is required without the chart's CloudNativePG cluster: a Secret holding the database password" .Values.database.external.passwordSecret.name -}}
{{- end -}}
{{- end -}}

{{- define "meldpunt.dbPasswordKey" -}}
{{- if .Values.database.cnpg.enabled -}}password{{- else -}}{{ .Values.database.external.passwordSecret.key }}{{- end -}}
{{- end -}}

{{- define "meldpunt.dbCASecret" -}}
{{- if .Values.database.cnpg.enabled -}}
{{- printf "%s-ca" (include "meldpunt.cnpgName" .) -}}
{{- else -}}
{{- .Values.database.external.caSecret.name -}}
{{- end -}}
{{- end -}}

{{- define "meldpunt.dbCAKey" -}}
{{- if .Values.database.cnpg.enabled -}}ca.crt{{- else -}}{{ .Values.database.external.caSecret.key }}{{- end -}}
{{- end -}}

{{/* The database URL: never a password in it (that comes from the mounted file). */}}
{{- define "meldpunt.databaseURL" -}}
{{- $ca := include "meldpunt.dbCASecret" . -}}
{{- if .Values.database.cnpg.enabled -}}
{{- printf "postgres://%s@%s-rw:5432/%s?sslmode=verify-full&sslrootcert=/var/run/secrets/meldpunt/db-ca/ca.crt" .Values.database.cnpg.owner (include "meldpunt.cnpgName" .) .Values.database.cnpg.database -}}
{{- else -}}
{{- $e := .Values.database.external -}}
{{- $host := required "database.external.host is required without the chart's CloudNativePG cluster (database.cnpg.enabled=false)" $e.host -}}
{{- if not (has $e.sslmode (list "verify-full" "verify-ca" "require")) -}}
{{- fail (printf "database.external.sslmode %q: the database must be reached over TLS (verify-full, verify-ca or require)" $e.sslmode) -}}
{{- end -}}
{{- printf "postgres://%s@%s:%v/%s?sslmode=%s" $e.user $host $e.port $e.name $e.sslmode -}}
{{- if $ca -}}&sslrootcert=/var/run/secrets/meldpunt/db-ca/ca.crt{{- end -}}
{{- end -}}
{{- end -}}

{{/* Volumes and mounts of the database password and CA, shared by the replicas and the Job.
defaultMode 288 is 0440: Kubernetes gives a Secret's files to root and, with the pod's fsGroup,
lets that group read them — the service's own group. */}}
{{- define "meldpunt.dbVolumes" -}}
- name: db-password
  secret:
    secretName: {{ include "meldpunt.dbPasswordSecret" . }}
    defaultMode: 288
    items:
      - key: {{ include "meldpunt.dbPasswordKey" . }}
        path: password
{{- if include "meldpunt.dbCASecret" . }}
- name: db-ca
  secret:
    secretName: {{ include "meldpunt.dbCASecret" . }}
    defaultMode: 288
    items:
      - key: {{ include "meldpunt.dbCAKey" . }}
        path: ca.crt
{{- end }}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end -}}

{{- define "meldpunt.dbVolumeMounts" -}}
- name: db-password
  mountPath: /var/run/secrets/meldpunt/db
  readOnly: true
{{- if include "meldpunt.dbCASecret" . }}
- name: db-ca
  mountPath: /var/run/secrets/meldpunt/db-ca
  readOnly: true
{{- end }}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{- define "meldpunt.dbArgs" -}}
- {{ printf "--database-url=%s" (include "meldpunt.databaseURL" .) | quote }}
- --database-password-file=/var/run/secrets/meldpunt/db/password
{{- end -}}

{{/* ---- security contexts (pod, container) ---- */}}

{{- define "meldpunt.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "meldpunt.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
privileged: false
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* ---- checks of the values as a whole, run by the Deployment ---- */}}
{{- define "meldpunt.validate" -}}
{{- if lt (int .Values.replicaCount) 2 -}}
{{- fail "replicaCount must be at least 2: a single replica makes every rollout, drain and node failure an outage" -}}
{{- end -}}
{{- $delay := int .Values.shutdown.delaySeconds -}}
{{- $timeout := int .Values.shutdown.timeoutSeconds -}}
{{- if or (lt $delay 0) (le $timeout 0) -}}
{{- fail "shutdown.delaySeconds must not be negative and shutdown.timeoutSeconds must be positive" -}}
{{- end -}}
{{- if lt (int .Values.terminationGracePeriodSeconds) (add $delay $timeout) -}}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be at least shutdown.delaySeconds + shutdown.timeoutSeconds (%d + %d): otherwise Kubernetes kills replicas in the middle of their drain" (int .Values.terminationGracePeriodSeconds) $delay $timeout) -}}
{{- end -}}
{{- if not .Values.config.publicURL -}}
{{- fail "config.publicURL is required: the site's public https address (the staff sign-in's redirect address is <publicURL>/medewerkers/inloggen/terug)" -}}
{{- end -}}
{{- if not (hasPrefix "https://" .Values.config.publicURL) -}}
{{- fail "config.publicURL must be an https:// address" -}}
{{- end -}}
{{- if not .Values.config.oidc.issuer -}}
{{- fail "config.oidc.issuer is required: the identity provider that signs staff tokens" -}}
{{- end -}}
{{- if not .Values.config.trustedProxies -}}
{{- fail "config.trustedProxies is required: the CIDRs of the ingress controller's pods, so that wrong receipt codes are rate-limited per client and not for everyone at once" -}}
{{- end -}}
{{- if not .Values.keys.existingSecret -}}
{{- fail "keys.existingSecret is required: the Secret holding the keys file from `meldpunt keys init`" -}}
{{- end -}}
{{- if and .Values.networkPolicy.enabled (not .Values.networkPolicy.identityProvider.cidrs) -}}
{{- fail "networkPolicy.identityProvider.cidrs is required with the NetworkPolicy: the addresses of the identity provider (config.oidc.issuer), which the replicas reach on port 443" -}}
{{- end -}}
{{- $surge := int .Values.rollingUpdate.maxSurge -}}
{{- $pools := mul (add (int .Values.replicaCount) $surge) (int .Values.dbMaxConns) -}}
{{- if .Values.database.cnpg.enabled -}}
{{- $p := .Values.database.cnpg.parameters -}}
{{- $avail := sub (atoi (toString (index $p "max_connections"))) (atoi (toString (default "3" (index $p "superuser_reserved_connections")))) -}}
{{- if gt (add $pools 10) $avail -}}
{{- fail (printf "the connection pools do not fit the database: (replicaCount %d + maxSurge %d) x dbMaxConns %d + 10 = %d, but max_connections - superuser_reserved_connections = %d. Raise database.cnpg.parameters.max_connections or lower dbMaxConns" (int .Values.replicaCount) $surge (int .Values.dbMaxConns) (add $pools 10) $avail) -}}
{{- end -}}
{{- if lt (int .Values.database.cnpg.instances) 3 -}}
{{- fail "database.cnpg.instances must be at least 3: a primary and two standbys, so that synchronous replication survives the loss of one" -}}
{{- end -}}
{{- with .Values.database.cnpg.imageName -}}
{{- if not (contains "@sha256:" .) -}}
{{- fail "database.cnpg.imageName must be pinned by digest (image:tag@sha256:...), or left empty for the operator's default" -}}
{{- end -}}
{{- end -}}
{{- else if gt (int .Values.database.external.availableConnections) 0 -}}
{{- if gt (add $pools 10) (int .Values.database.external.availableConnections) -}}
{{- fail (printf "the connection pools do not fit the database: (replicaCount + maxSurge) x dbMaxConns + 10 = %d > database.external.availableConnections %d" (add $pools 10) (int .Values.database.external.availableConnections)) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* NetworkPolicy egress rules of every pod of the chart: the database and DNS. */}}
{{- define "meldpunt.egressDatabase" -}}
{{- if .Values.database.cnpg.enabled }}
# The CloudNativePG instances (any of them may become the primary).
- to:
    - podSelector:
        matchLabels:
          cnpg.io/cluster: {{ include "meldpunt.cnpgName" . }}
  ports:
    - port: 5432
      protocol: TCP
{{- else }}
- to:
    {{- range required "database.external.cidrs is required with the NetworkPolicy: the addresses of the external database" .Values.database.external.cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  ports:
    - port: {{ .Values.database.external.port }}
      protocol: TCP
{{- end }}
# The cluster DNS.
- to:
    - namespaceSelector:
        {{- toYaml .Values.networkPolicy.dns.namespaceSelector | nindent 8 }}
      podSelector:
        {{- toYaml .Values.networkPolicy.dns.podSelector | nindent 8 }}
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end -}}

{{/* The object store of the database backups (Barman Cloud), for the plugin's ObjectStore and
the built-in barmanObjectStore alike. */}}
{{- define "meldpunt.barmanConfiguration" -}}
{{- $b := .Values.database.cnpg.backup -}}
destinationPath: {{ $b.destinationPath | quote }}
{{- with $b.endpointURL }}
endpointURL: {{ . | quote }}
{{- end }}
{{- with $b.endpointCA }}
endpointCA:
  name: {{ .name }}
  key: {{ .key | default "ca.crt" }}
{{- end }}
s3Credentials:
  accessKeyId:
    name: {{ $b.s3Credentials.secretName }}
    key: {{ $b.s3Credentials.accessKeyIdKey }}
  secretAccessKey:
    name: {{ $b.s3Credentials.secretName }}
    key: {{ $b.s3Credentials.secretAccessKeyKey }}
wal:
  compression: {{ $b.compression }}
  encryption: {{ $b.encryption }}
data:
  compression: {{ $b.compression }}
  encryption: {{ $b.encryption }}
{{- end -}}
