package deploytest

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/utrecht/meldpunt/internal/config"
)

// TestChartLints: `helm lint --strict` accepts the chart, with the chart's own CloudNativePG
// cluster and with an external database.
func TestChartLints(t *testing.T) {
	t.Parallel()
	if out, err := helm(t, "lint", chartDir, "--strict", "-f", testValues); err != nil {
		t.Errorf("helm lint: %v\n%s", err, out)
	}
	args := []string{"lint", chartDir, "--strict", "-f", testValues}
	for _, s := range externalDB {
		args = append(args, "--set", s)
	}
	if out, err := helm(t, args...); err != nil {
		t.Errorf("helm lint (external database): %v\n%s", err, out)
	}
}

// externalDB switches the chart from its CloudNativePG cluster to a PostgreSQL of one's own.
var externalDB = []string{
	"database.cnpg.enabled=false",
	"database.external.host=pg.example.org",
	"database.external.passwordSecret.name=meldpunt-db",
	"database.external.caSecret.name=meldpunt-db-ca",
	"database.external.cidrs={192.0.2.20/32}",
	"database.external.availableConnections=97",
}

// serveConfig parses a container's arguments (after the subcommand) with the service's own
// flags, and resolves them as the subcommand does: every flag the chart passes exists, and the
// values pass the service's validation.
func serveConfig(t *testing.T, args []string, dev bool) *config.Config {
	t.Helper()
	var c config.Config
	fs := pflag.NewFlagSet(args[0], pflag.ContinueOnError)
	c.Bind(fs)
	if err := fs.Parse(args[1:]); err != nil {
		t.Fatalf("meldpunt %s refuses the chart's flags: %v", args[0], err)
	}
	if len(fs.Args()) != 0 {
		t.Errorf("meldpunt %s: arguments that are no flags: %q", args[0], fs.Args())
	}
	c.Dev = c.Dev || dev
	if err := c.Resolve(); err != nil {
		t.Fatalf("meldpunt %s refuses the chart's settings: %v", args[0], err)
	}
	return &c
}

// container returns the only container of a pod template (Deployment or Job).
func container(t *testing.T, o object) object {
	t.Helper()
	cs := o.objs("spec", "template", "spec", "containers")
	if len(cs) != 1 {
		t.Fatalf("%s %s: %d containers, want 1", o.str("kind"), o.str("metadata", "name"), len(cs))
	}
	return cs[0]
}

// mounted returns the Secret and key that a container's file at path comes from, following the
// volume mount to a secret volume and its items.
func mounted(t *testing.T, pod object, c object, path string) (secret, key string) {
	t.Helper()
	for _, m := range c.objs("volumeMounts") {
		dir := strings.TrimSuffix(m.str("mountPath"), "/") + "/"
		if !strings.HasPrefix(path, dir) {
			continue
		}
		file := strings.TrimPrefix(path, dir)
		if m.get("readOnly") != true {
			t.Errorf("the mount of %s is not read-only", path)
		}
		for _, v := range pod.objs("spec", "template", "spec", "volumes") {
			if v.str("name") != m.str("name") {
				continue
			}
			if v.obj("secret") == nil {
				t.Fatalf("%s is mounted from volume %s, which is no Secret", path, v.str("name"))
			}
			for _, it := range v.objs("secret", "items") {
				if it.str("path") == file {
					return v.str("secret", "secretName"), it.str("key")
				}
			}
			t.Fatalf("the Secret volume %s has no item for %s", v.str("name"), file)
		}
	}
	t.Fatalf("no volume is mounted at %s", path)
	return "", ""
}

var (
	// A URL with a password in its user information.
	urlWithPassword = regexp.MustCompile(`[a-z]+://[^/\s"'@:]*:[^/\s"'@]*@`)
	digestRef       = regexp.MustCompile(`^[^@\s]+@sha256:[0-9a-f]{64}$`)
)

// checkPod checks what the replicas and the migration Job share: security contexts, no token,
// a writable /tmp only, the image by digest, secrets never in the environment.
func checkPod(t *testing.T, o object) {
	t.Helper()
	name := o.str("kind") + " " + o.str("metadata", "name")
	spec := o.obj("spec", "template", "spec")
	if spec.get("automountServiceAccountToken") != false {
		t.Errorf("%s: automountServiceAccountToken must be false", name)
	}
	psc := spec.obj("securityContext")
	if psc.get("runAsNonRoot") != true || psc.num("runAsUser") != 65532 || psc.str("seccompProfile", "type") != "RuntimeDefault" {
		t.Errorf("%s: pod securityContext %v, want runAsNonRoot, runAsUser 65532, seccomp RuntimeDefault", name, psc)
	}
	c := container(t, o)
	csc := c.obj("securityContext")
	if csc.get("runAsNonRoot") != true || csc.num("runAsUser") != 65532 || csc.get("readOnlyRootFilesystem") != true ||
		csc.get("allowPrivilegeEscalation") != false || !slices.Equal(csc.strs("capabilities", "drop"), []string{"ALL"}) ||
		csc.str("seccompProfile", "type") != "RuntimeDefault" {
		t.Errorf("%s: container securityContext %v, want non-root 65532, read-only root, no privilege escalation, all capabilities dropped, seccomp RuntimeDefault", name, csc)
	}
	if img := c.str("image"); !digestRef.MatchString(img) {
		t.Errorf("%s: image %q is not pinned by digest (repository@sha256:...)", name, img)
	}
	tmp := false
	for _, m := range c.objs("volumeMounts") {
		if m.str("mountPath") != "/tmp" {
			continue
		}
		for _, v := range spec.objs("volumes") {
			if v.str("name") == m.str("name") && v.get("emptyDir") != nil {
				tmp = true
			}
		}
	}
	if !tmp {
		t.Errorf("%s: no emptyDir at /tmp (the root filesystem is read-only)", name)
	}
	for _, e := range c.objs("env") {
		n, v := e.str("name"), e.str("value")
		if strings.Contains(strings.ToLower(n+v), "password") || strings.Contains(v, "postgres://") || urlWithPassword.MatchString(v) {
			t.Errorf("%s: the environment variable %s carries a database URL or a password: secrets are files", name, n)
		}
	}
	if len(c.list("envFrom")) != 0 {
		t.Errorf("%s: envFrom would put a Secret's values into the environment", name)
	}
	for _, a := range c.strs("args") {
		if urlWithPassword.MatchString(a) || strings.Contains(a, "password=") {
			t.Errorf("%s: the argument %q carries a password", name, a)
		}
	}
}

// TestChartDeploysSafely renders the chart with its CloudNativePG cluster and checks the rules a
// deployment of Meldpunt must keep.
func TestChartDeploysSafely(t *testing.T) {
	t.Parallel()
	ms := render(t)

	// Nothing secret is rendered at all: no Secret objects, no URL with a password anywhere.
	if s := ms.all("Secret"); len(s) != 0 {
		t.Errorf("the chart renders %d Secrets: secrets are made beforehand (keys) or by the operator (database)", len(s))
	}
	for _, o := range ms {
		if b := fmt.Sprint(o); urlWithPassword.MatchString(b) {
			t.Errorf("%s %s holds a URL with a password", o.str("kind"), o.str("metadata", "name"))
		}
	}

	dep := ms.one(t, "Deployment")
	spec := dep.obj("spec", "template", "spec")
	podLabels := dep.labels("spec", "template", "metadata", "labels")
	if !selects(dep.labels("spec", "selector", "matchLabels"), podLabels) {
		t.Fatal("the Deployment's selector does not select its own pods")
	}
	if n := dep.num("spec", "replicas"); n < 2 {
		t.Errorf("replicas %d, want at least 2", n)
	}
	checkPod(t, dep)
	c := container(t, dep)
	args := c.strs("args")
	if len(args) == 0 || args[0] != "serve" || !slices.Contains(args, "--migrate=off") {
		t.Errorf("the replicas must run `serve --migrate=off` (the Job migrates): %q", args)
	}
	cfg := serveConfig(t, args, false)

	// Ports: the service's listeners, by name.
	ports := map[string]int{}
	for _, p := range c.objs("ports") {
		ports[p.str("name")] = p.num("containerPort")
	}
	for name, addr := range map[string]string{"http": cfg.HTTPAddr, "grpc": cfg.GRPCAddr, "metrics": cfg.MetricsAddr} {
		if want := fmt.Sprintf("0.0.0.0:%d", ports[name]); addr != want {
			t.Errorf("port %s is %d, but the service listens on %q", name, ports[name], addr)
		}
	}
	if cfg.MetricsAddr != "0.0.0.0:9464" {
		t.Errorf("--metrics-addr %q, want 0.0.0.0:9464", cfg.MetricsAddr)
	}
	if !slices.Equal(cfg.TrustedProxies, []string{"10.244.0.0/16"}) {
		t.Errorf("--trusted-proxies %q, want the ingress controller's CIDR from the values", cfg.TrustedProxies)
	}

	// Probes on the HTTP port: /readyz decides readiness, /healthz liveness and start.
	for probe, path := range map[string]string{"startupProbe": "/healthz", "readinessProbe": "/readyz", "livenessProbe": "/healthz"} {
		p := c.obj(probe)
		if p == nil {
			t.Errorf("no %s", probe)
			continue
		}
		if got := p.str("httpGet", "path"); got != path || p.get("httpGet", "port") != "http" {
			t.Errorf("%s: GET %q on port %v, want GET %s on port http", probe, got, p.get("httpGet", "port"), path)
		}
	}

	// Shutdown: Kubernetes waits for the not-ready delay and the drain.
	grace := time.Duration(spec.num("terminationGracePeriodSeconds")) * time.Second
	if cfg.ShutdownDelay <= 0 || grace < cfg.ShutdownDelay+cfg.ShutdownTimeout {
		t.Errorf("terminationGracePeriodSeconds %s must cover --shutdown-delay %s + --shutdown-timeout %s (delay > 0)", grace, cfg.ShutdownDelay, cfg.ShutdownTimeout)
	}

	// Secrets as files: the keys file, the database password and CA, the OIDC client secret.
	if s, k := mounted(t, dep, c, cfg.KeysFile); s != "meldpunt-keys" || k != "keys.json" {
		t.Errorf("--keys-file %s comes from Secret %q key %q, want meldpunt-keys/keys.json", cfg.KeysFile, s, k)
	}
	if cfg.KeysFile != "/var/run/secrets/meldpunt/keys/keys.json" {
		t.Errorf("--keys-file %s", cfg.KeysFile)
	}
	if s, k := mounted(t, dep, c, cfg.DBPasswordFile); s != "meldpunt-db-app" || k != "password" {
		t.Errorf("--database-password-file %s comes from Secret %q key %q, want the CloudNativePG app Secret's password", cfg.DBPasswordFile, s, k)
	}
	if s, k := mounted(t, dep, c, cfg.OIDCSecretFile); s != "meldpunt-oidc" || k != "client-secret" {
		t.Errorf("--oidc-client-secret-file %s comes from Secret %q key %q", cfg.OIDCSecretFile, s, k)
	}
	const dbURL = "postgres://meldpunt@meldpunt-db-rw:5432/meldpunt?sslmode=verify-full&sslrootcert=/var/run/secrets/meldpunt/db-ca/ca.crt"
	if cfg.DatabaseURL != dbURL {
		t.Errorf("--database-url %s, want %s", cfg.DatabaseURL, dbURL)
	}
	if s, k := mounted(t, dep, c, "/var/run/secrets/meldpunt/db-ca/ca.crt"); s != "meldpunt-db-ca" || k != "ca.crt" {
		t.Errorf("the database CA comes from Secret %q key %q, want the CloudNativePG CA Secret", s, k)
	}
	for _, v := range spec.objs("volumes") {
		if m := v.num("secret", "defaultMode"); v.obj("secret") != nil && m != 0o440 {
			t.Errorf("Secret volume %s has mode %04o, want 0440 (the service's group, by fsGroup)", v.str("name"), m)
		}
	}
	if spec.num("securityContext", "fsGroup") != 65532 {
		t.Error("fsGroup 65532 is what lets the service read the Secrets' files")
	}
	if cfg.OIDCIssuer == "" || cfg.PublicURL != "https://meldpunt.example.org" || cfg.OIDCRoleMap != "GG-HR=hr,GG-Meldpunt-Intake=intake" {
		t.Errorf("OIDC settings from the values: issuer %q, public URL %q, role map %q", cfg.OIDCIssuer, cfg.PublicURL, cfg.OIDCRoleMap)
	}

	// Placement and disruption.
	spread := map[string]bool{}
	for _, tsc := range spec.objs("topologySpreadConstraints") {
		if !selects(tsc.labels("labelSelector", "matchLabels"), podLabels) {
			t.Errorf("the spread over %s does not select the replicas", tsc.str("topologyKey"))
		}
		spread[tsc.str("topologyKey")] = true
	}
	if !spread["kubernetes.io/hostname"] || !spread["topology.kubernetes.io/zone"] {
		t.Errorf("replicas must be spread over nodes and zones: %v", spread)
	}
	pdb := ms.one(t, "PodDisruptionBudget")
	if !selects(pdb.labels("spec", "selector", "matchLabels"), podLabels) {
		t.Error("the PodDisruptionBudget does not select the replicas")
	}
	if pdb.num("spec", "maxUnavailable") != 1 && pdb.num("spec", "minAvailable") < 1 {
		t.Errorf("PodDisruptionBudget %v: want maxUnavailable 1 or minAvailable ≥ 1", pdb.obj("spec"))
	}

	// The migration Job: a hook before the rollout, running `meldpunt migrate`, never counted
	// as a replica.
	job := ms.one(t, "Job")
	checkMigrationJob(t, job, "post-install")
	if selects(pdb.labels("spec", "selector", "matchLabels"), job.labels("spec", "template", "metadata", "labels")) {
		t.Error("the migration Job's pods are counted by the PodDisruptionBudget")
	}
	jc := container(t, job)
	jcfg := serveConfig(t, jc.strs("args"), true)
	if jcfg.DatabaseURL != dbURL || jcfg.DBPasswordFile == "" {
		t.Errorf("the Job migrates %s (password file %q), want the replicas' database %s", jcfg.DatabaseURL, jcfg.DBPasswordFile, dbURL)
	}
	if s, k := mounted(t, job, jc, jcfg.DBPasswordFile); s != "meldpunt-db-app" || k != "password" {
		t.Errorf("the Job's password comes from Secret %q key %q", s, k)
	}

	// Services.
	svcPorts := map[string]int{}
	for _, s := range ms.all("Service") {
		if selects(s.labels("spec", "selector"), podLabels) {
			for _, p := range s.objs("spec", "ports") {
				svcPorts[p.str("name")] = p.num("port")
			}
		}
	}
	if svcPorts["http"] != 8080 || svcPorts["grpc"] != 9090 || svcPorts["metrics"] != 9464 {
		t.Errorf("service ports %v, want http 8080, grpc 9090, metrics 9464", svcPorts)
	}

	checkNetworkPolicy(t, ms, podLabels, job.labels("spec", "template", "metadata", "labels"))
	checkServiceMonitor(t, ms)
	checkCNPG(t, ms, dep.num("spec", "replicas"), cfg.DBMaxConns)
}

func checkMigrationJob(t *testing.T, job object, installHook string) {
	t.Helper()
	checkPod(t, job)
	ann := job.labels("metadata", "annotations")
	hooks := strings.Split(ann["helm.sh/hook"], ",")
	if !slices.Contains(hooks, "pre-upgrade") || !slices.Contains(hooks, installHook) || len(hooks) != 2 {
		t.Errorf("the migration Job's hooks %q, want %s and pre-upgrade", hooks, installHook)
	}
	if _, err := strconv.Atoi(ann["helm.sh/hook-weight"]); err != nil {
		t.Errorf("the migration Job has no hook weight: %q", ann["helm.sh/hook-weight"])
	}
	if !strings.Contains(ann["helm.sh/hook-delete-policy"], "before-hook-creation") {
		t.Errorf("hook-delete-policy %q: the previous run's Job must be replaced", ann["helm.sh/hook-delete-policy"])
	}
	args := container(t, job).strs("args")
	if len(args) == 0 || args[0] != "migrate" {
		t.Errorf("the migration Job runs %q, want `meldpunt migrate`", args)
	}
	if job.str("spec", "template", "spec", "restartPolicy") != "Never" || job.num("spec", "backoffLimit") < 1 {
		t.Error("the migration Job must retry in new pods (restartPolicy Never, backoffLimit ≥ 1)")
	}
}
