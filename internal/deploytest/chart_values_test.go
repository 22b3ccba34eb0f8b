package deploytest

import (
	"slices"
	"strings"
	"testing"
)

// TestChartExternalDatabase: with a PostgreSQL of one's own, no Cluster is made, the Job is a
// pre-install hook (the database exists before the release), and password and CA come from the
// given Secrets.
func TestChartExternalDatabase(t *testing.T) {
	t.Parallel()
	ms := render(t, externalDB...)
	for _, kind := range []string{"Cluster", "ObjectStore", "ScheduledBackup"} {
		if n := len(ms.all(kind)); n != 0 {
			t.Errorf("%d %s with an external database", n, kind)
		}
	}
	job := ms.one(t, "Job")
	checkMigrationJob(t, job, "pre-install")
	dep := ms.one(t, "Deployment")
	c := container(t, dep)
	cfg := serveConfig(t, c.strs("args"), false)
	const want = "postgres://meldpunt@pg.example.org:5432/meldpunt?sslmode=verify-full&sslrootcert=/var/run/secrets/meldpunt/db-ca/ca.crt"
	if cfg.DatabaseURL != want {
		t.Errorf("--database-url %s, want %s", cfg.DatabaseURL, want)
	}
	if s, k := mounted(t, dep, c, cfg.DBPasswordFile); s != "meldpunt-db" || k != "password" {
		t.Errorf("the password comes from Secret %q key %q, want meldpunt-db/password", s, k)
	}
	if s, _ := mounted(t, dep, c, "/var/run/secrets/meldpunt/db-ca/ca.crt"); s != "meldpunt-db-ca" {
		t.Errorf("the CA comes from Secret %q, want meldpunt-db-ca", s)
	}
	var egress []string
	for _, np := range ms.all("NetworkPolicy") {
		for _, r := range np.objs("spec", "egress") {
			for _, to := range r.objs("to") {
				if cidr := to.str("ipBlock", "cidr"); cidr != "" {
					egress = append(egress, cidr)
				}
			}
		}
	}
	if !slices.Contains(egress, "192.0.2.20/32") {
		t.Errorf("egress %q does not reach the external database", egress)
	}
}

// TestChartOptionalParts: the ServiceMonitor, the Ingress and the NetworkPolicy follow their
// switches; anti-affinity is there when asked for.
func TestChartOptionalParts(t *testing.T) {
	t.Parallel()
	ms := render(t, "metrics.serviceMonitor.enabled=false", "ingress.enabled=false", "networkPolicy.enabled=false", "podAntiAffinity=hard")
	for _, kind := range []string{"ServiceMonitor", "Ingress", "NetworkPolicy"} {
		if n := len(ms.all(kind)); n != 0 {
			t.Errorf("%d %s although switched off", n, kind)
		}
	}
	dep := ms.one(t, "Deployment")
	terms := dep.objs("spec", "template", "spec", "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution")
	if len(terms) != 1 || !selects(terms[0].labels("labelSelector", "matchLabels"), dep.labels("spec", "template", "metadata", "labels")) {
		t.Errorf("podAntiAffinity=hard: %v", dep.get("spec", "template", "spec", "affinity"))
	}
	ms = render(t)
	ing := ms.one(t, "Ingress")
	if ing.str("spec", "rules", 0, "http", "paths", 0, "backend", "service", "port", "name") != "http" {
		t.Errorf("the Ingress must route to the HTTP port: %v", ing.obj("spec"))
	}
	// By default ingress-nginx keeps no access log of this host: it would hold every reporter's
	// address and the moment they filed.
	if ing.str("metadata", "annotations", "nginx.ingress.kubernetes.io/enable-access-log") != "false" {
		t.Errorf("the Ingress leaves ingress-nginx's access log on by default: %v", ing.get("metadata", "annotations"))
	}
}

// TestChartRefusesUnsafeValues: values that would deploy something unsafe fail the rendering
// with a message that names the setting.
func TestChartRefusesUnsafeValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		set  []string
		want string
	}{
		{"no digest", []string{"image.digest=", "image.tag=1.0.0"}, "image.digest is required"},
		{"a tag for a digest", []string{"image.digest=1.0.0"}, "not a digest"},
		{"a short digest", []string{"image.digest=sha256:abc"}, "not a digest"},
		{"no repository", []string{"image.repository="}, "image.repository is required"},
		{"one replica", []string{"replicaCount=1"}, "replicaCount must be at least 2"},
		{"grace shorter than delay and drain", []string{"terminationGracePeriodSeconds=15"}, "terminationGracePeriodSeconds (15) must be at least"},
		{"pools beyond max_connections", []string{"dbMaxConns=40"}, "the connection pools do not fit"},
		{"pools beyond an external database", append(slices.Clone(externalDB), "database.external.availableConnections=50"), "the connection pools do not fit"},
		{"no trusted proxies", []string{"config.trustedProxies=null"}, "config.trustedProxies is required"},
		{"no issuer", []string{"config.oidc.issuer="}, "config.oidc.issuer is required"},
		{"plain http", []string{"config.publicURL=http://meldpunt.example.org"}, "https://"},
		{"no identity provider address", []string{"networkPolicy.identityProvider.cidrs=null"}, "networkPolicy.identityProvider.cidrs is required"},
		{"backups without a destination", []string{"database.cnpg.backup.destinationPath="}, "destinationPath is required"},
		{"database image by tag", []string{"database.cnpg.imageName=ghcr.io/cloudnative-pg/postgresql:17"}, "pinned by digest"},
		{"two database instances", []string{"database.cnpg.instances=2"}, "at least 3"},
		{"external database without TLS", append(slices.Clone(externalDB), "database.external.sslmode=disable"), "over TLS"},
		{"external database without host", append(slices.Clone(externalDB), "database.external.host="), "database.external.host is required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := renderRaw(t, tc.set...)
			if err == nil {
				t.Fatalf("rendered with %q:\n%.300s", tc.set, out)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("with %q: %v\nwant an error containing %q", tc.set, err, tc.want)
			}
		})
	}
}
