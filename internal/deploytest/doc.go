// Package deploytest checks the deployment artefacts under deploy/ against the rules the service
// relies on: the Helm chart (deploy/helm/meldpunt) is rendered with Helm (built by
// scripts/build-helm) and its manifests are checked — replicas, probes, disruption budget, spread,
// security contexts, secrets as files, images by digest, the migration hook, shutdown timing,
// network policies, monitoring and the CloudNativePG cluster — and its flags are parsed by the
// service's own configuration. The tests skip without Helm, and fail without it when CI=true.
package deploytest
