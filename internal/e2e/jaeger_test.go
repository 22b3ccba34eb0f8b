package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/utrecht/meldpunt/internal/testenv"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// jaeger is a running Jaeger all-in-one (v1.75.0, built by scripts/build-jaeger): a trace backend
// written by someone else, taking OTLP/gRPC and answering its query API, on free loopback ports.
type jaeger struct {
	otlp  string // OTLP/gRPC address, host:port
	query string // base URL of the query API
}

var (
	jaegerOnce sync.Once
	jaegerPath string
	jaegerErr  error
)

// jaegerBinary builds Jaeger once per test binary (or finds it in the cache) and returns its path.
// Without it the test fails, or skips when allowed (testenv.Missing).
func jaegerBinary(t *testing.T) string {
	t.Helper()
	jaegerOnce.Do(func() {
		root, err := filepath.Abs("../..")
		if err != nil {
			jaegerErr = err
			return
		}
		var stderr bytes.Buffer
		cmd := exec.Command(filepath.Join(root, "scripts", "build-jaeger"))
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			jaegerErr = fmt.Errorf("scripts/build-jaeger: %v\n%s", err, stderr.String())
			return
		}
		jaegerPath = strings.TrimSpace(string(out))
		if s := strings.TrimSpace(stderr.String()); s != "" {
			t.Log(s)
		}
	})
	if jaegerErr != nil {
		testenv.Missing(t, "jaeger", fmt.Sprintf("no Jaeger to send traces to: %v", jaegerErr), "scripts/build-jaeger builds it from the Go module proxy")
	}
	return jaegerPath
}

// freePorts returns n free loopback ports (free when asked; the processes bind them right after).
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	// Ports a process is told to listen on are chosen below Linux's ephemeral range
	// (32768–60999): a port the kernel handed out for :0 and that was then closed is soon handed
	// to the next outgoing connection of a browser or a database client, which made the server's
	// later bind fail now and then. Here only another test's own choice can collide, and each
	// choice is checked free while it is made.
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for tries := 0; len(ports) < n; tries++ {
		if tries > 1000 {
			t.Fatal("no free port found between 20000 and 32767")
		}
		p := 20000 + mrand.IntN(12768)
		l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
		if err != nil {
			continue
		}
		ls = append(ls, l)
		ports = append(ports, p)
	}
	return ports
}

// jaegerConfig is all-in-one's configuration (cmd/jaeger/internal/all-in-one.yaml) cut to what the
// test needs: OTLP/gRPC in, memory storage, the query API, on the given ports; no telemetry of its
// own, so that no fixed port is taken.
const jaegerConfig = `service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
extensions:
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:%d
    grpc:
      endpoint: 127.0.0.1:%d
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 10000
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:%d
processors:
  batch:
    timeout: 100ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`

// startJaeger runs Jaeger until the test ends and waits until its query API answers.
func startJaeger(t *testing.T) *jaeger {
	t.Helper()
	bin := jaegerBinary(t)
	p := freePorts(t, 3)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "jaeger.yaml")
	if err := os.WriteFile(cfg, fmt.Appendf(nil, jaegerConfig, p[0], p[1], p[2]), 0o600); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	cmd := exec.Command(bin, "--config", cfg)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	cmd.Dir = dir
	setProcAttr(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start Jaeger: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("Jaeger's output:\n%s", logs.String())
		}
	})
	j := &jaeger{otlp: fmt.Sprintf("127.0.0.1:%d", p[2]), query: fmt.Sprintf("http://127.0.0.1:%d", p[0])}
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get(j.query + "/api/services")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return j
			}
		}
		select {
		case <-exited:
			t.Fatalf("Jaeger exited:\n%s", logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("Jaeger's query API did not answer within a minute:\n%s", logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// jaegerSpan is a span as the query API returns it.
type jaegerSpan struct {
	TraceID       string `json:"traceID"`
	SpanID        string `json:"spanID"`
	OperationName string `json:"operationName"`
	References    []struct {
		RefType string `json:"refType"`
		TraceID string `json:"traceID"`
		SpanID  string `json:"spanID"`
	} `json:"references"`
	Tags []struct {
		Key   string `json:"key"`
		Value any    `json:"value"`
	} `json:"tags"`
	Logs []json.RawMessage `json:"logs"`
}

// traces fetches every trace of service meldpunt: the raw answer and its spans.
func (j *jaeger) traces(t *testing.T) ([]byte, []jaegerSpan) {
	t.Helper()
	res, err := http.Get(j.query + "/api/traces?service=meldpunt&limit=1000&lookback=1h")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(res.Body); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode == http.StatusNotFound {
		return buf.Bytes(), nil // no trace of the service yet
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("Jaeger /api/traces: %d %s", res.StatusCode, buf.String())
	}
	var out struct {
		Data []struct {
			Spans     []jaegerSpan               `json:"spans"`
			Processes map[string]json.RawMessage `json:"processes"`
		} `json:"data"`
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatalf("Jaeger's answer: %v\n%.500s", err, buf.String())
	}
	var spans []jaegerSpan
	for _, tr := range out.Data {
		spans = append(spans, tr.Spans...)
	}
	return buf.Bytes(), spans
}
