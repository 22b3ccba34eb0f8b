// Package e2e holds end-to-end tests: they build the real meldpunt binary, start it as a separate
// process on free loopback ports (on the embedded SQLite database and on PostgreSQL), and speak
// real gRPC and real HTTP/JSON to it, asserting what a reporter or a staff member would notice.
package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/pgtest"
)

// meldpuntBin is the server binary built once by TestMain.
var meldpuntBin string

// userAgent is sent on every REST and gRPC call the tests make; it must never show up in the
// server's logs.
var userAgent = "meldpunt-e2e-agent/" + randHex(6)

// databases are the backends every flow runs on.
var databases = []string{"sqlite", "postgres"}

const (
	startTimeout = 30 * time.Second
	stopTimeout  = 15 * time.Second
	callTimeout  = 20 * time.Second
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "meldpunt-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	code := func() int {
		defer os.RemoveAll(dir)
		meldpuntBin = filepath.Join(dir, "meldpunt")
		build := exec.Command("go", "build", "-o", meldpuntBin, "github.com/utrecht/meldpunt/cmd/meldpunt")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "e2e: building meldpunt:", err)
			return 1
		}
		defer stopVNU()
		return pgtest.Main(m)
	}()
	os.Exit(code)
}

// server is one running meldpunt process with clients for it.
type server struct {
	dataDir  string
	dbURL    string // "" for the embedded SQLite in dataDir
	grpcAddr string
	httpAddr string
	baseURL  string

	cmd     *exec.Cmd
	logs    *logSink
	exited  chan struct{}
	waitErr error
	// quiet leaves the server's stderr out of a failed test's output (the test reports what
	// matters itself, e.g. for dozens of servers); logTail, if set, shows only its last lines.
	quiet   bool
	logTail int

	conn     *grpc.ClientConn
	reporter pb.ReporterServiceClient
	cases    pb.CaseServiceClient
	// precedents is the moresprudentie library's client.
	precedents pb.PrecedentServiceClient
	reports    pb.ReportServiceClient
	http       *http.Client
	// headers are added to every REST request (set before the first call).
	headers http.Header

	stopOnce sync.Once
}

// logSink collects the server's stderr and announces the "serving" line.
type logSink struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	partial []byte
	serving chan [2]string // grpc, http
	sent    bool
}

func (l *logSink) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		line := l.partial[:i]
		if !l.sent {
			var rec struct {
				Msg  string `json:"msg"`
				GRPC string `json:"grpc"`
				HTTP string `json:"http"`
			}
			if json.Unmarshal(line, &rec) == nil && rec.Msg == "serving" {
				l.serving <- [2]string{rec.GRPC, rec.HTTP}
				l.sent = true
			}
		}
		l.partial = l.partial[i+1:]
	}
	return len(p), nil
}

// tail returns the last n lines the server wrote to stderr (n <= 0: all), with a heading.
func (l *logSink) tail(n int) string {
	lines := strings.SplitAfter(l.String(), "\n")
	if n <= 0 || len(lines) <= n {
		return ":\n" + strings.Join(lines, "")
	}
	return fmt.Sprintf(", last %d of %d lines:\n%s", n, len(lines), strings.Join(lines[len(lines)-n:], ""))
}

// String returns everything the server wrote to stderr so far.
func (l *logSink) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// cleanEnv is the environment without MELDPUNT_* variables, so that the developer's settings do
// not leak into the server under test — except a raised filing budget: the tests file many
// reports from one address (127.0.0.1) in quick succession. A test of the budget gives its own
// --filing-* flags, which win over the environment.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MELDPUNT_") {
			env = append(env, kv)
		}
	}
	return append(env, "MELDPUNT_FILING_BURST=1000000", "MELDPUNT_FILING_GLOBAL_BURST=1000000")
}

// startServer runs `meldpunt serve --dev` on db ("sqlite" for the embedded default, "postgres"
// for a fresh PostgreSQL database), waits until it logs "serving", and stops it with SIGTERM at
// cleanup, asserting a graceful exit with status 0.
func startServer(t *testing.T, db string) *server {
	t.Helper()
	var dbURL string
	switch db {
	case "sqlite":
	case "postgres":
		dbURL = pgtest.NewDatabase(t, "empty", nil)
	default:
		t.Fatalf("unknown database %q", db)
	}
	return startServerOn(t, t.TempDir(), dbURL)
}

// startServerOn starts the server in dev mode on an existing data directory and database URL (""
// for the embedded SQLite in dataDir), e.g. to restart it after a crash.
func startServerOn(t *testing.T, dataDir, dbURL string) *server {
	t.Helper()
	return startServerWith(t, dataDir, dbURL, "--dev")
}

// startServerWith starts the server with extra flags (no dev mode unless they say so).
func startServerWith(t *testing.T, dataDir, dbURL string, extra ...string) *server {
	t.Helper()
	s := launchServer(t, dataDir, dbURL, extra...)
	if err := s.awaitServing(startTimeout); err != nil {
		t.Fatal(err)
	}
	return s
}

// launchServer starts `meldpunt serve` with extra flags and returns without waiting for it to
// serve (see awaitServing). At cleanup it is stopped with SIGTERM, asserting a graceful exit with
// status 0, and its stderr is shown if the test failed.
func launchServer(t testing.TB, dataDir, dbURL string, extra ...string) *server {
	t.Helper()
	// No load balancer to wait for at shutdown, unless a test says so (its flag comes later and
	// wins).
	args := append([]string{"serve", "--log-format", "json", "--data-dir", dataDir,
		"--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0", "--shutdown-delay", "0s"}, extra...)
	if dbURL != "" {
		args = append(args, "--database-url", dbURL)
	}
	s := &server{
		dbURL:   dbURL,
		dataDir: dataDir,
		logs:    &logSink{serving: make(chan [2]string, 1)},
		exited:  make(chan struct{}),
	}
	s.cmd = exec.Command(meldpuntBin, args...)
	s.cmd.Env = cleanEnv()
	s.cmd.Stdout = io.Discard
	s.cmd.Stderr = s.logs
	setProcAttr(s.cmd)
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start meldpunt: %v", err)
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		s.stop(t)
		if t.Failed() && !s.quiet {
			t.Logf("server stderr%s", s.logs.tail(s.logTail))
		}
	})
	return s
}

// awaitServing waits until the server logs "serving" and connects the clients. An error says
// why it did not serve (it exited: then its stop at cleanup is skipped; or it took too long).
func (s *server) awaitServing(timeout time.Duration) error {
	select {
	case addrs := <-s.logs.serving:
		s.grpcAddr, s.httpAddr = addrs[0], addrs[1]
	case <-s.exited:
		s.stopOnce.Do(func() {})
		s.quiet = true // the error carries the logs
		return fmt.Errorf("meldpunt exited before serving: %v\n%s", s.waitErr, s.logs.String())
	case <-time.After(timeout):
		return fmt.Errorf("meldpunt did not log \"serving\" within %s", timeout)
	}
	if s.grpcAddr == "" || s.httpAddr == "" {
		return fmt.Errorf("the serving line lacks addresses: grpc=%q http=%q", s.grpcAddr, s.httpAddr)
	}
	s.baseURL = "http://" + s.httpAddr

	conn, err := grpc.NewClient(s.grpcAddr,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithUserAgent(userAgent))
	if err != nil {
		return fmt.Errorf("grpc client: %v", err)
	}
	s.conn = conn
	s.reporter = pb.NewReporterServiceClient(conn)
	s.cases = pb.NewCaseServiceClient(conn)
	s.precedents = pb.NewPrecedentServiceClient(conn)
	s.reports = pb.NewReportServiceClient(conn)
	s.http = &http.Client{Timeout: callTimeout, Transport: &http.Transport{}}
	return nil
}

// stop closes the clients, sends SIGTERM and asserts that the server exits 0 in time. It runs
// once; later calls do nothing.
func (s *server) stop(t testing.TB) {
	t.Helper()
	s.stopOnce.Do(func() {
		if s.conn != nil {
			_ = s.conn.Close()
		}
		if s.http != nil {
			s.http.CloseIdleConnections()
		}
		select {
		case <-s.exited:
			t.Errorf("meldpunt exited before it was stopped: %v", s.waitErr)
			return
		default:
		}
		if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Errorf("SIGTERM: %v", err)
		}
		select {
		case <-s.exited:
			if s.waitErr != nil {
				t.Errorf("meldpunt did not shut down cleanly on SIGTERM: %v", s.waitErr)
			}
		case <-time.After(stopTimeout):
			_ = s.cmd.Process.Kill()
			<-s.exited
			t.Errorf("meldpunt did not exit within %s of SIGTERM (no graceful shutdown)", stopTimeout)
		}
	})
}

// crash kills the server with SIGKILL: no shutdown, no flushing, as in a power cut of the process.
func (s *server) crash(t *testing.T) {
	t.Helper()
	s.stopOnce.Do(func() {
		if s.conn != nil {
			_ = s.conn.Close()
		}
		_ = s.cmd.Process.Kill()
		<-s.exited
	})
}

// staffToken returns a dev staff token with role for user alice, as
// `meldpunt dev token --dev --role ROLE --user alice` prints it.
func (s *server) staffToken(t *testing.T, role string) string {
	t.Helper()
	return s.tokenFor(t, "alice", role)
}

// tokenFor returns a dev staff token for user with role.
func (s *server) tokenFor(t *testing.T, user, role string) string {
	t.Helper()
	cmd := exec.Command(meldpuntBin, "dev", "token", "--dev", "--data-dir", s.dataDir, "--role", role, "--user", user)
	cmd.Env = cleanEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("meldpunt dev token --role %s: %v\n%s", role, err, stderr.String())
	}
	tok := strings.TrimSpace(string(out))
	if tok == "" || strings.ContainsAny(tok, " \n") {
		t.Fatalf("dev token printed %q", out)
	}
	return tok
}

// ctx returns a call context with a timeout and, if token is not empty, the bearer token.
func ctx(t *testing.T, token string) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(t.Context(), callTimeout)
	t.Cleanup(cancel)
	if token != "" {
		c = metadata.AppendToOutgoingContext(c, "authorization", "Bearer "+token)
	}
	return c
}

// restResp is one REST answer.
type restResp struct {
	Status int
	Header http.Header
	Body   []byte
}

// rest sends one JSON request (body nil: none) with the test's user agent and, if token is not
// empty, the bearer token.
func (s *server) rest(t *testing.T, method, path, token string, body any) restResp {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, s.baseURL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", userAgent)
	for k, vs := range s.headers {
		req.Header[k] = vs
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := s.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return restResp{Status: res.StatusCode, Header: res.Header, Body: b}
}

// want asserts the status and decodes the JSON body into v (if not nil).
func (r restResp) want(t *testing.T, status int, v any) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("HTTP %d, want %d; body: %s", r.Status, status, r.Body)
	}
	if v != nil {
		if err := json.Unmarshal(r.Body, v); err != nil {
			t.Fatalf("decoding %s: %v", r.Body, err)
		}
	}
}

// restError is the gateway's error body.
type restError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// wantError asserts an error status and returns the error body.
func (r restResp) wantError(t *testing.T, status int) restError {
	t.Helper()
	var e restError
	r.want(t, status, &e)
	if e.Message == "" {
		t.Fatalf("HTTP %d error without a message: %s", status, r.Body)
	}
	return e
}

// wantCode asserts that err is a gRPC status with code c and returns it.
func wantCode(t *testing.T, err error, c codes.Code) *status.Status {
	t.Helper()
	if err == nil {
		t.Fatalf("call succeeded, want %s", c)
	}
	st, ok := status.FromError(err)
	if !ok {
		t.Fatalf("not a gRPC status: %v", err)
	}
	if st.Code() != c {
		t.Fatalf("code %s (%q), want %s", st.Code(), st.Message(), c)
	}
	if st.Message() == "" {
		t.Fatalf("%s without a message", c)
	}
	return st
}

// badRequestFields lists the fields of the status's BadRequest details.
func badRequestFields(st *status.Status) []string {
	var out []string
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, v := range br.GetFieldViolations() {
				out = append(out, v.GetField())
			}
		}
	}
	return out
}

func randHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// newKey returns a fresh idempotency key (a random UUID v4).
func newKey() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// anonymousReport returns a valid anonymous report request.
func anonymousReport(description string) *pb.FileReportRequest {
	return &pb.FileReportRequest{
		IdempotencyKey: newKey(),
		Category:       pb.Category_CATEGORY_BULLYING,
		Description:    description,
		OccurredWhen:   "last Tuesday",
		OccurredWhere:  "the third floor",
		Anonymity:      pb.Anonymity_ANONYMITY_ANONYMOUS,
	}
}

// fileReport files req over gRPC and returns the answer.
func (s *server) fileReport(t *testing.T, req *pb.FileReportRequest) *pb.FileReportResponse {
	t.Helper()
	res, err := s.reporter.FileReport(ctx(t, ""), req)
	if err != nil {
		t.Fatalf("FileReport: %v", err)
	}
	return res
}

// openSession logs in with code over gRPC and returns the session token.
func (s *server) openSession(t *testing.T, code string) string {
	t.Helper()
	res, err := s.reporter.OpenSession(ctx(t, ""), &pb.OpenSessionRequest{ReceiptCode: code})
	if err != nil {
		t.Fatalf("OpenSession: %v", err)
	}
	if !strings.HasPrefix(res.GetSessionToken(), "mps_") {
		t.Fatalf("session token %q lacks the mps_ prefix", res.GetSessionToken())
	}
	return res.GetSessionToken()
}

// listCases lists every case as staff over gRPC.
func (s *server) listCases(t *testing.T, staff string) []*pb.CaseSummary {
	t.Helper()
	res, err := s.cases.ListCases(ctx(t, staff), &pb.ListCasesRequest{PageSize: 200})
	if err != nil {
		t.Fatalf("ListCases: %v", err)
	}
	return res.GetCases()
}

// deadline returns the deadline of kind from ds.
func deadline(t *testing.T, ds []*pb.Deadline, kind string) *pb.Deadline {
	t.Helper()
	for _, d := range ds {
		if d.GetKind() == kind {
			return d
		}
	}
	t.Fatalf("no %q deadline in %v", kind, ds)
	return nil
}

// forEachDB runs f as a parallel subtest on every database, each with its own server.
func forEachDB(t *testing.T, f func(t *testing.T, s *server)) {
	t.Helper()
	for _, db := range databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			f(t, startServer(t, db))
		})
	}
}

// sameInstant reports whether a and b are the same time at the database's precision. The answer
// to FileReport carries the server's clock in nanoseconds; later reads carry the stored time,
// which PostgreSQL rounds to microseconds.
func sameInstant(a, b time.Time) bool {
	d := a.Sub(b)
	return d > -time.Microsecond && d < time.Microsecond
}
