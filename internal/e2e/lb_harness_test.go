package e2e

// The load-balanced topology: three `meldpunt serve` replicas on one PostgreSQL database, sharing
// one keys file and one dev data directory, behind a real HAProxy that terminates TLS with a
// certificate from a CA made by the test. See lb_test.go for the scenarios.

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/csv"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"text/template"
	"time"

	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/testenv"
)

// haproxyPath returns the HAProxy binary. Without one the test fails (.ci/run installs haproxy),
// or skips when allowed (testenv.Missing).
func haproxyPath(t testing.TB) string {
	t.Helper()
	if p, err := exec.LookPath("haproxy"); err == nil {
		return p
	}
	for _, p := range []string{"/usr/sbin/haproxy", "/usr/local/sbin/haproxy"} {
		if fi, err := os.Stat(p); err == nil && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	testenv.Missing(t, "haproxy", "no haproxy on PATH or in /usr/sbin", "apt-get install haproxy")
	return ""
}

// testCA is a certificate authority made for one test: HAProxy presents a certificate from it
// for 127.0.0.1 and localhost, and the test's clients trust it (and nothing else).
type testCA struct {
	pool   *x509.CertPool
	crtKey string // the server certificate and its key in one PEM file, as HAProxy wants them
	caPEM  string // the CA's certificate, PEM, for clients told to trust it (--smtp-ca-file)
}

func newTestCA(t testing.TB, dir string) *testCA {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "Meldpunt e2e test CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "localhost"},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	var pemBuf bytes.Buffer
	_ = pem.Encode(&pemBuf, &pem.Block{Type: "CERTIFICATE", Bytes: der})
	_ = pem.Encode(&pemBuf, &pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
	ca := &testCA{pool: x509.NewCertPool(), crtKey: filepath.Join(dir, "server.pem"), caPEM: filepath.Join(dir, "ca.pem")}
	ca.pool.AddCert(caCert)
	if err := os.WriteFile(ca.crtKey, pemBuf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ca.caPEM, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return ca
}

// haproxyConfig is the load balancer: TLS ends here; round robin over the replicas, each
// checked on GET /readyz every 500 ms and taken out after one failed check (so a replica that
// goes not-ready at SIGTERM gets no new requests within about a second), back after two good
// ones; a check may take up to 2 s on a busy machine before it counts as failed.
// X-Forwarded-For carries the client's address to the replicas (which trust 127.0.0.1);
// X-Backend names the replica that answered (for the test). When no replica is ready — the
// database is down — HAProxy answers itself as the replicas would: 503 with Retry-After.
//
// No retries: a request sent to a replica that refuses or drops it reaches the client as an
// error, so the tests see what the replicas do themselves (with retries and redispatch, a
// replica that closed its port at SIGTERM would go unnoticed). In production retries on
// connection failures are a sensible extra.
var haproxyConfig = template.Must(template.New("haproxy.cfg").Parse(`global
    maxconn 4000
    stats socket {{.Dir}}/admin.sock mode 600 level admin

defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    timeout http-request 10s
    timeout queue 5s
    timeout check 2s
    retries 0
    option forwardfor

frontend meldpunt
    bind 127.0.0.1:{{.Port}} ssl crt {{.CrtKey}} alpn http/1.1
    acl no_replica nbsrv(replicas) eq 0
    http-request return status 503 content-type application/json string "{\"code\":14,\"message\":\"the service is temporarily unavailable; try again shortly\"}" hdr Retry-After 5 if no_replica { path_beg /v1/ }
    http-request return status 503 content-type "text/html; charset=utf-8" file {{.Dir}}/unavailable.html hdr Retry-After 5 if no_replica
    default_backend replicas

backend replicas
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server check inter {{.Inter}} fastinter {{.Inter}} downinter {{.Inter}} fall 1 rise 2
    http-response set-header X-Backend %s
{{range .Servers}}    server {{.Name}} {{.Addr}}
{{end}}`))

// unavailablePage is HAProxy's answer to a page request while no replica is ready.
const unavailablePage = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Even niet bereikbaar</title></head>
<body><h1>Meldpunt is even niet bereikbaar</h1><p>Probeer het over een paar minuten opnieuw.</p></body></html>
`

// lbServer is one replica as HAProxy knows it.
type lbServer struct{ Name, Addr string }

// haproxy is a running HAProxy in front of the replicas.
type haproxy struct {
	dir     string
	addr    string // 127.0.0.1:port, TLS
	baseURL string // https://127.0.0.1:port
	ca      *testCA
	cmd     *exec.Cmd
	stderr  *syncBuffer
	exited  chan struct{}
}

// startHAProxy starts HAProxy in front of servers and waits until it reports every one of them UP.
func startHAProxy(t testing.TB, bin string, ca *testCA, servers []lbServer) *haproxy {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "unavailable.html"), []byte(unavailablePage), 0o644); err != nil {
		t.Fatal(err)
	}
	var lastErr error
	// A port picked by binding :0 can be taken by someone else before HAProxy binds it: retry.
	for attempt := 0; attempt < 5; attempt++ {
		h, err := tryStartHAProxy(t, bin, dir, ca, servers)
		if err == nil {
			return h
		}
		lastErr = err
	}
	t.Fatalf("haproxy: %v", lastErr)
	return nil
}

func tryStartHAProxy(t testing.TB, bin, dir string, ca *testCA, servers []lbServer) (*haproxy, error) {
	port, err := freeTCPPort()
	if err != nil {
		return nil, err
	}
	var cfg bytes.Buffer
	if err := haproxyConfig.Execute(&cfg, map[string]any{
		"Dir": dir, "Port": port, "CrtKey": ca.crtKey, "Inter": "500ms", "Servers": servers,
	}); err != nil {
		return nil, err
	}
	cfgPath := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(cfgPath, cfg.Bytes(), 0o600); err != nil {
		return nil, err
	}
	h := &haproxy{
		dir: dir, addr: fmt.Sprintf("127.0.0.1:%d", port), ca: ca,
		stderr: &syncBuffer{}, exited: make(chan struct{}),
	}
	h.baseURL = "https://" + h.addr
	h.cmd = exec.Command(bin, "-db", "-f", cfgPath)
	h.cmd.Stdout, h.cmd.Stderr = h.stderr, h.stderr
	setProcAttr(h.cmd)
	if err := h.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = h.cmd.Wait(); close(h.exited) }()
	stop := func() {
		_ = h.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-h.exited:
		case <-time.After(5 * time.Second):
			_ = h.cmd.Process.Kill()
			<-h.exited
		}
	}
	deadline := time.Now().Add(startTimeout)
	for {
		select {
		case <-h.exited:
			return nil, fmt.Errorf("haproxy exited at start:\n%s", h.stderr.String())
		default:
		}
		if st, err := h.serverStates(); err == nil && len(st) == len(servers) && allUp(st) {
			break
		} else if time.Now().After(deadline) {
			stop()
			return nil, fmt.Errorf("replicas not all UP in haproxy within %s: %v %v\n%s", startTimeout, st, err, h.stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Cleanup(func() {
		stop()
		if out := h.stderr.String(); t.Failed() && out != "" {
			t.Logf("haproxy stderr:\n%s", out)
		}
	})
	return h, nil
}

func allUp(states map[string]string) bool {
	for _, s := range states {
		if s != "UP" {
			return false
		}
	}
	return true
}

// serverStates asks HAProxy's stats socket for the state of each replica ("UP", "DOWN",
// "UP 1/2", ...), by server name.
func (h *haproxy) serverStates() (map[string]string, error) {
	rows, err := h.stats()
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range rows {
		if r["pxname"] == "replicas" && r["svname"] != "BACKEND" && r["svname"] != "FRONTEND" {
			out[r["svname"]] = r["status"]
		}
	}
	return out, nil
}

// stats returns HAProxy's `show stat` CSV as rows keyed by column name.
func (h *haproxy) stats() ([]map[string]string, error) {
	c, err := net.DialTimeout("unix", filepath.Join(h.dir, "admin.sock"), time.Second)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := c.Write([]byte("show stat\n")); err != nil {
		return nil, err
	}
	r := csv.NewReader(bufio.NewReader(c))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 || len(recs[0]) == 0 {
		return nil, fmt.Errorf("empty stats")
	}
	head := recs[0]
	head[0] = strings.TrimPrefix(head[0], "# ")
	var rows []map[string]string
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, v := range rec {
			if i < len(head) {
				row[head[i]] = v
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// client returns an HTTP client for the load balancer that trusts the test CA only, keeps up to
// conns connections alive, and (if from is set) connects from that loopback address, so that the
// replicas see it as the client's address in X-Forwarded-For.
func (h *haproxy) client(conns int, from net.IP) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second}
	if from != nil {
		d.LocalAddr = &net.TCPAddr{IP: from}
	}
	return &http.Client{
		Timeout: callTimeout,
		Transport: &http.Transport{
			DialContext:         d.DialContext,
			TLSClientConfig:     &tls.Config{RootCAs: h.ca.pool, MinVersion: tls.VersionTLS12},
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			ForceAttemptHTTP2:   false,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// topology is three replicas behind HAProxy on one database.
type topology struct {
	dataDir  string // the shared dev data directory (dev signing key for staff tokens)
	keysFile string // the shared keys file
	dbURL    string
	replicas []*server
	names    []string // HAProxy's names of the replicas, in order
	lb       *haproxy
}

// startTopology starts three replicas on dbURL with extra flags and HAProxy in front of them.
// The first replica migrates the database before the other two start, so that the topology
// does not depend on replicas starting at once (TestLoadBalancedStartTogether tests that).
func startTopology(t testing.TB, dbURL string, extra ...string) *topology {
	t.Helper()
	bin := haproxyPath(t)
	tp := &topology{dataDir: t.TempDir(), dbURL: dbURL}
	tp.keysFile = newKeysFile(t, t.TempDir())
	devSigningKey(t, tp.dataDir)
	flags := append(tp.replicaFlags(), extra...)
	first := launchServer(t, tp.dataDir, dbURL, flags...)
	if err := first.awaitServing(startTimeout); err != nil {
		t.Fatal(err)
	}
	tp.replicas = append(tp.replicas, first, launchServer(t, tp.dataDir, dbURL, flags...), launchServer(t, tp.dataDir, dbURL, flags...))
	var servers []lbServer
	for i, s := range tp.replicas {
		s.logTail = 40
		if i > 0 {
			if err := s.awaitServing(startTimeout); err != nil {
				t.Fatal(err)
			}
		}
		name := fmt.Sprintf("r%d", i+1)
		tp.names = append(tp.names, name)
		servers = append(servers, lbServer{Name: name, Addr: s.httpAddr})
	}
	// Registered after the replicas' own cleanups, so it runs before them: stop all three at
	// once (each waits out its shutdown delay) instead of one after the other.
	t.Cleanup(func() { stopAll(t, tp.replicas) })
	tp.lb = startHAProxy(t, bin, newTestCA(t, t.TempDir()), servers)
	return tp
}

// replicaFlags are the flags every replica of the topology gets: dev mode (the staff dev sign-in
// and dev tokens), the shared keys file, and HAProxy as the trusted proxy.
func (tp *topology) replicaFlags() []string {
	return []string{"--dev", "--keys-file", tp.keysFile, "--trusted-proxies", "127.0.0.1/32"}
}

// stopAll stops servers concurrently (SIGTERM, graceful exit with status 0 asserted).
func stopAll(t testing.TB, servers []*server) {
	var wg sync.WaitGroup
	for _, s := range servers {
		wg.Go(func() { s.stop(t) })
	}
	wg.Wait()
}

// newKeysFile makes a fresh keys file in dir with `meldpunt keys init` and returns its path.
func newKeysFile(t testing.TB, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "keys.json")
	cmd := exec.Command(meldpuntBin, "keys", "init", "--keys-file", path)
	cmd.Env = cleanEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("meldpunt keys init: %v\n%s", err, out)
	}
	return path
}

// devSigningKey makes the dev signing key of dataDir before any replica starts, as the first
// `serve --dev` would, so that the test can make tokens before the replicas serve.
func devSigningKey(t testing.TB, dataDir string) {
	t.Helper()
	if err := auth.InitDevKey(filepath.Join(dataDir, "dev-signing-key.json")); err != nil {
		t.Fatalf("dev signing key: %v", err)
	}
}

func freeTCPPort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// syncBuffer is a bytes.Buffer safe for a process's output and the test reading it at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
