package deploytest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

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
