package architecture_test

import (
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/utrecht/meldpunt"

type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

func listPackages(t *testing.T) map[string]pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports,Deps", module+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string]pkg{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs[strings.TrimPrefix(p.ImportPath, module+"/")] = p
	}
	return pkgs
}

var domain = []string{
	"internal/cases", "internal/org", "internal/report", "internal/report/disclosure",
	"internal/precedents", "internal/precedents/anonymize", "internal/rules", "internal/sanctions",
	"internal/taxonomy", "internal/advisers", "internal/audit", "internal/notify", "internal/receipt",
}

func TestTheDomainDependsOnNoDatabaseOrTransport(t *testing.T) {
	pkgs := listPackages(t)
	forbidden := func(dep string) bool {
		return dep == "database/sql" || strings.Contains(dep, "google.golang.org/grpc") ||
			strings.HasPrefix(dep, "entgo.io/") || strings.HasPrefix(dep, module+"/ent") ||
			strings.Contains(dep, "lib/pq") || strings.Contains(dep, "sqlite") ||
			slices.Contains([]string{module + "/internal/store", module + "/internal/transport",
				module + "/internal/staffweb", module + "/internal/web"}, dep)
	}
	for _, d := range domain {
		p, ok := pkgs[d]
		if !ok {
			t.Errorf("domain package %s does not exist: update this list", d)
			continue
		}
		for _, dep := range p.Deps {
			if forbidden(dep) {
				t.Errorf("%s depends on %s", d, dep)
			}
		}
	}
}

func TestOnlyTheVaultBuildsEncryption(t *testing.T) {
	for path, p := range listPackages(t) {
		if path == "internal/vault" || strings.HasPrefix(path, "ent") {
			continue
		}
		for _, imp := range p.Imports {
			if imp == "crypto/aes" || imp == "crypto/cipher" || strings.HasPrefix(imp, "github.com/tink-crypto/") {
				t.Errorf("%s imports %s: seal and open through internal/vault", path, imp)
			}
		}
	}
}

// TestOnlyTheCompositionRootImportsTheStore: the store implements the interfaces the domain,
// the jobs and the pages declare; only the composition root (cmd, cli) puts them together.
func TestOnlyTheCompositionRootImportsTheStore(t *testing.T) {
	for path, p := range listPackages(t) {
		if strings.HasPrefix(path, "cmd/") || path == "internal/cli" || path == "internal/store" {
			continue
		}
		if slices.Contains(p.Imports, module+"/internal/store") {
			t.Errorf("%s imports the store: declare the interface it needs and let the store implement it", path)
		}
	}
}
