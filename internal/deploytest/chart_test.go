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

// checkNetworkPolicy: the replicas are reached only by the ingress controller and Prometheus, and
// reach only the database, DNS and the identity provider; the Job only the database and DNS.
func checkNetworkPolicy(t *testing.T, ms manifests, podLabels, jobLabels map[string]string) {
	t.Helper()
	var server, job object
	for _, np := range ms.all("NetworkPolicy") {
		sel := np.labels("spec", "podSelector", "matchLabels")
		switch {
		case selects(sel, podLabels):
			server = np
		case selects(sel, jobLabels):
			job = np
		}
	}
	if server == nil || job == nil {
		t.Fatalf("NetworkPolicies for the replicas (%v) and the migration Job (%v) are needed", server != nil, job != nil)
	}
	for _, np := range []object{server, job} {
		if !slices.Equal(np.strs("spec", "policyTypes"), []string{"Ingress", "Egress"}) {
			t.Errorf("%s: policyTypes %q, want Ingress and Egress", np.str("metadata", "name"), np.strs("spec", "policyTypes"))
		}
	}
	ingress := map[string]string{}
	for _, r := range server.objs("spec", "ingress") {
		from := r.objs("from")
		if len(from) != 1 || from[0].obj("namespaceSelector") == nil {
			t.Errorf("an ingress rule not limited to one namespace: %v", r)
			continue
		}
		for _, p := range r.objs("ports") {
			ingress[fmt.Sprint(p.get("port"))] = from[0].str("namespaceSelector", "matchLabels", "kubernetes.io/metadata.name")
		}
	}
	if want := map[string]string{"http": "ingress-nginx", "metrics": "monitoring"}; fmt.Sprint(ingress) != fmt.Sprint(want) {
		t.Errorf("ingress %v, want %v", ingress, want)
	}
	egress := func(np object) []string {
		var out []string
		for _, r := range np.objs("spec", "egress") {
			for _, to := range r.objs("to") {
				for _, p := range r.objs("ports") {
					dest := to.str("podSelector", "matchLabels", "cnpg.io/cluster")
					if dest == "" {
						dest = to.str("podSelector", "matchLabels", "k8s-app")
					}
					if dest == "" {
						dest = to.str("ipBlock", "cidr")
					}
					out = append(out, fmt.Sprintf("%s:%v", dest, p.get("port")))
				}
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	if got, want := egress(server), []string{"192.0.2.10/32:443", "kube-dns:53", "meldpunt-db:5432"}; !slices.Equal(got, want) {
		t.Errorf("the replicas' egress %q, want %q", got, want)
	}
	if got, want := egress(job), []string{"kube-dns:53", "meldpunt-db:5432"}; !slices.Equal(got, want) {
		t.Errorf("the Job's egress %q, want %q", got, want)
	}
}

func checkServiceMonitor(t *testing.T, ms manifests) {
	t.Helper()
	sm := ms.one(t, "ServiceMonitor")
	if sm.str("apiVersion") != "monitoring.coreos.com/v1" {
		t.Errorf("ServiceMonitor apiVersion %s", sm.str("apiVersion"))
	}
	found := false
	for _, s := range ms.all("Service") {
		if selects(sm.labels("spec", "selector", "matchLabels"), s.labels("metadata", "labels")) {
			for _, p := range s.objs("spec", "ports") {
				found = found || p.str("name") == "metrics"
			}
		}
	}
	eps := sm.objs("spec", "endpoints")
	if !found || len(eps) != 1 || eps[0].str("port") != "metrics" || eps[0].str("path") != "/metrics" {
		t.Errorf("the ServiceMonitor must scrape /metrics on the metrics port of the replicas' metrics Service: %v", sm.obj("spec"))
	}
}

// checkCNPG: three instances, synchronous replication, connections for every pool, continuous
// backups with a retention window and a schedule.
func checkCNPG(t *testing.T, ms manifests, replicas, pool int) {
	t.Helper()
	cl := ms.one(t, "Cluster")
	if cl.str("apiVersion") != "postgresql.cnpg.io/v1" {
		t.Errorf("Cluster apiVersion %s", cl.str("apiVersion"))
	}
	if n := cl.num("spec", "instances"); n != 3 {
		t.Errorf("instances %d, want 3", n)
	}
	sync := cl.obj("spec", "postgresql", "synchronous")
	if m := sync.str("method"); (m != "any" && m != "first") || sync.num("number") < 1 {
		t.Errorf("synchronous replication %v, want method any/first and number ≥ 1", sync)
	}
	params := cl.obj("spec", "postgresql", "parameters")
	maxConns, _ := strconv.Atoi(fmt.Sprint(params["max_connections"]))
	reserved, _ := strconv.Atoi(fmt.Sprint(params["superuser_reserved_connections"]))
	if need := (replicas+1)*pool + 10; need > maxConns-reserved {
		t.Errorf("max_connections %d - reserved %d cannot hold (replicas %d + 1 surging) × pool %d + 10", maxConns, reserved, replicas, pool)
	}
	init := cl.obj("spec", "bootstrap", "initdb")
	if init.str("database") != "meldpunt" || init.str("owner") != "meldpunt" || !strings.Contains(init.str("localeCType"), "UTF-8") {
		t.Errorf("bootstrap.initdb %v: database and owner meldpunt, a UTF-8 character type", init)
	}
	if cl.str("spec", "storage", "size") == "" {
		t.Error("the Cluster has no storage size")
	}
	plugins := cl.objs("spec", "plugins")
	if len(plugins) != 1 || plugins[0].str("name") != "barman-cloud.cloudnative-pg.io" || plugins[0].get("isWALArchiver") != true {
		t.Fatalf("the Cluster archives its WAL through the Barman Cloud plugin: %v", cl.get("spec", "plugins"))
	}
	store := ms.one(t, "ObjectStore")
	if store.str("metadata", "name") != plugins[0].str("parameters", "barmanObjectName") ||
		store.str("spec", "retentionPolicy") == "" || store.str("spec", "configuration", "destinationPath") == "" {
		t.Errorf("the ObjectStore %v must be the plugin's, with a destination and a retention policy", store.obj("spec"))
	}
	sb := ms.one(t, "ScheduledBackup")
	if sb.str("spec", "cluster", "name") != cl.str("metadata", "name") || sb.str("spec", "schedule") == "" || sb.str("spec", "method") != "plugin" {
		t.Errorf("the ScheduledBackup %v must back the Cluster up on a schedule through the plugin", sb.obj("spec"))
	}
}

// TestChartBackupsBuiltIn: with an operator older than the plugin, the Cluster's own
// barmanObjectStore backs up, with the retention policy on the Cluster.
func TestChartBackupsBuiltIn(t *testing.T) {
	t.Parallel()
	ms := render(t, "database.cnpg.backup.method=barmanObjectStore")
	cl := ms.one(t, "Cluster")
	if cl.str("spec", "backup", "retentionPolicy") != "30d" || cl.str("spec", "backup", "barmanObjectStore", "destinationPath") == "" {
		t.Errorf("backup %v: want barmanObjectStore with a destination and retentionPolicy 30d", cl.obj("spec", "backup"))
	}
	if len(ms.all("ObjectStore")) != 0 || cl.get("spec", "plugins") != nil {
		t.Error("no plugin or ObjectStore with the built-in backup")
	}
	if sb := ms.one(t, "ScheduledBackup"); sb.str("spec", "method") != "barmanObjectStore" {
		t.Errorf("ScheduledBackup method %q", sb.str("spec", "method"))
	}
}

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
