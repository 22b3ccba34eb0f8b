package deploytest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/utrecht/meldpunt/internal/testenv"
)

// chartDir is the chart under test, relative to this package.
const chartDir = "../../deploy/helm/meldpunt"

var (
	helmOnce sync.Once
	helmPath string
	helmErr  error
)

// helmBinary finds Helm: $MELDPUNT_HELM or the one scripts/build-helm built (scripts/test and CI
// build it first). Without it the tests fail, or skip when allowed (testenv.Missing); with CI=true
// scripts/build-helm builds it when it is missing.
func helmBinary(t *testing.T) string {
	t.Helper()
	helmOnce.Do(func() {
		root, err := filepath.Abs("../..")
		if err != nil {
			helmErr = err
			return
		}
		args := []string{"--check"}
		if os.Getenv("CI") == "true" {
			args = nil
		}
		var stderr bytes.Buffer
		cmd := exec.Command(filepath.Join(root, "scripts", "build-helm"), args...)
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			helmErr = fmt.Errorf("scripts/build-helm %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
			return
		}
		helmPath = strings.TrimSpace(string(out))
	})
	if helmErr != nil {
		testenv.Missing(t, "helm", fmt.Sprintf("no Helm to render the chart with: %v", helmErr), "scripts/build-helm builds it from the Go module proxy")
	}
	return helmPath
}

// helm runs Helm with args and returns its standard output, or an error with its standard error.
func helm(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(helmBinary(t), args...)
	// Helm's own directories (plugins, repositories, cache) in the test's temporary directory: a
	// developer's settings must not change what is rendered.
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "HELM_CACHE_HOME="+home+"/cache", "HELM_CONFIG_HOME="+home+"/config",
		"HELM_DATA_HOME="+home+"/data", "KUBECONFIG="+home+"/kubeconfig")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("helm %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), nil
}

// testValues are the values of ci/test-values.yaml: everything the chart requires.
const testValues = chartDir + "/ci/test-values.yaml"

// render runs `helm template` on the chart with ci/test-values.yaml and the extra --set
// arguments, and parses the manifests.
func render(t *testing.T, set ...string) manifests {
	t.Helper()
	out, err := renderRaw(t, set...)
	if err != nil {
		t.Fatal(err)
	}
	return parse(t, out)
}

func renderRaw(t *testing.T, set ...string) (string, error) {
	t.Helper()
	args := []string{"template", "meldpunt", chartDir, "--namespace", "meldpunt", "-f", testValues}
	for _, s := range set {
		args = append(args, "--set", s)
	}
	return helm(t, args...)
}

// object is one rendered Kubernetes object, decoded as a tree of maps and lists.
type object map[string]any

type manifests []object

func parse(t *testing.T, out string) manifests {
	t.Helper()
	var ms manifests
	dec := yaml.NewDecoder(strings.NewReader(out))
	for {
		var o object
		err := dec.Decode(&o)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the rendered manifests are not YAML: %v", err)
		}
		if o == nil {
			continue // an empty document
		}
		if o.str("kind") == "" || o.str("apiVersion") == "" || o.str("metadata", "name") == "" {
			t.Errorf("an object without kind, apiVersion or name: %v", o)
		}
		ms = append(ms, o)
	}
	return ms
}

// all returns the objects of kind.
func (ms manifests) all(kind string) []object {
	var out []object
	for _, o := range ms {
		if o.str("kind") == kind {
			out = append(out, o)
		}
	}
	return out
}

// one returns the only object of kind, failing the test unless there is exactly one.
func (ms manifests) one(t *testing.T, kind string) object {
	t.Helper()
	objs := ms.all(kind)
	if len(objs) != 1 {
		t.Fatalf("%d objects of kind %s, want 1", len(objs), kind)
	}
	return objs[0]
}

// get walks the path of map keys (string) and list indices (int); nil when absent.
func (o object) get(path ...any) any {
	var cur any = map[string]any(o)
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := asMap(cur)
			if !ok {
				return nil
			}
			cur = m[k]
		case int:
			l, ok := cur.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			cur = l[k]
		}
	}
	return cur
}

func asMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case map[string]any:
		return m, true
	case object:
		return m, true
	}
	return nil, false
}

func (o object) str(path ...any) string {
	s, _ := o.get(path...).(string)
	return s
}

func (o object) num(path ...any) int {
	switch n := o.get(path...).(type) {
	case int:
		return n
	case float64:
		return int(n)
	}
	return -1
}

func (o object) list(path ...any) []any {
	l, _ := o.get(path...).([]any)
	return l
}

func (o object) obj(path ...any) object {
	m, _ := asMap(o.get(path...))
	return object(m)
}

// objs returns the list at path as objects.
func (o object) objs(path ...any) []object {
	var out []object
	for _, v := range o.list(path...) {
		if m, ok := asMap(v); ok {
			out = append(out, object(m))
		}
	}
	return out
}

func (o object) strs(path ...any) []string {
	var out []string
	for _, v := range o.list(path...) {
		out = append(out, fmt.Sprint(v))
	}
	return out
}

// labels returns the string map at path.
func (o object) labels(path ...any) map[string]string {
	out := map[string]string{}
	for k, v := range o.obj(path...) {
		out[k] = fmt.Sprint(v)
	}
	return out
}

// selects reports whether every label of selector is in labels (with the same value).
func selects(selector, labels map[string]string) bool {
	if len(selector) == 0 {
		return false
	}
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}
