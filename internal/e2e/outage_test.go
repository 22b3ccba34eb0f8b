package e2e

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/utrecht/meldpunt/internal/pgtest"
)

// TestADatabaseOutageIsToldAndSurvived: while its PostgreSQL database refuses connections (closed
// by the operator, every connection cut), a replica says it is not ready — /readyz and gRPC
// health, overall and per service — and answers calls with retryable errors (HTTP 503 with
// Retry-After, gRPC Unavailable), never 500; a reporter's form comes back with what they wrote.
// When the database opens again the replica is ready and files reports without a restart.
func TestADatabaseOutageIsToldAndSurvived(t *testing.T) {
	t.Parallel()
	s := startServer(t, "postgres")
	u, err := url.Parse(s.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	dbName := strings.TrimPrefix(u.Path, "/")
	admin, err := sql.Open("postgres", pgtest.ServerDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	setOpen := func(open bool) {
		t.Helper()
		if _, err := admin.Exec(fmt.Sprintf(`ALTER DATABASE %q WITH ALLOW_CONNECTIONS %t`, dbName, open)); err != nil {
			t.Fatal(err)
		}
		if !open {
			if _, err := admin.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, dbName); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Cleanup(func() { _, _ = admin.Exec(fmt.Sprintf(`ALTER DATABASE %q WITH ALLOW_CONNECTIONS true`, dbName)) })

	before := s.fileReport(t, anonymousReport("filed before the outage, and kept"))
	_, form := s.page(t, "GET", "/nl/melden", nil, nil)
	key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(form)[1]
	description := "Mijn leidinggevende schreeuwt elke ochtend tegen mij waar iedereen bij is."

	setOpen(false)
	waitFor(t, "/readyz to answer 503", func() bool {
		return s.rest(t, http.MethodGet, "/readyz", "", nil).Status == http.StatusServiceUnavailable
	})
	if r := s.rest(t, http.MethodGet, "/healthz", "", nil); r.Status != http.StatusOK {
		t.Errorf("liveness during the outage: %d (a restart would not help)", r.Status)
	}
	hc := healthpb.NewHealthClient(s.conn)
	for _, svc := range []string{"", "meldpunt.v1.ReporterService", "meldpunt.v1.CaseService"} {
		res, err := hc.Check(ctx(t, ""), &healthpb.HealthCheckRequest{Service: svc})
		if err != nil || res.GetStatus() != healthpb.HealthCheckResponse_NOT_SERVING {
			t.Errorf("gRPC health %q during the outage: %v %v, want NOT_SERVING", svc, res.GetStatus(), err)
		}
	}

	r := s.rest(t, http.MethodPost, "/v1/reports", "", anonymousReport("filed during the outage"))
	if r.Status != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
		t.Errorf("REST filing during the outage: HTTP %d, Retry-After %q; want 503 with Retry-After\n%s", r.Status, r.Header.Get("Retry-After"), r.Body)
	}
	if _, err := s.reporter.FileReport(ctx(t, ""), anonymousReport("filed over gRPC during the outage")); err != nil {
		wantCode(t, err, codes.Unavailable)
	} else {
		t.Error("gRPC filing during the outage succeeded")
	}
	staff := s.staffToken(t, "intake")
	if r := s.rest(t, http.MethodGet, "/v1/cases", staff, nil); r.Status != http.StatusServiceUnavailable {
		t.Errorf("staff list during the outage: HTTP %d, want 503", r.Status)
	}
	report := url.Values{"csrf": {csrfOf(t, form)}, "key": {key}, "category": {"BULLYING"},
		"description": {description}, "anonymity": {"ANONYMOUS"}, "step": {"send"}, "at": {"3"}}
	res, body := s.page(t, "POST", "/nl/melden", report, nil)
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" || !strings.Contains(body, "schreeuwt elke ochtend") {
		t.Errorf("the report form during the outage: %d, Retry-After %q, keeps the text: %t", res.StatusCode, res.Header.Get("Retry-After"), strings.Contains(body, "schreeuwt elke ochtend"))
	}

	setOpen(true)
	back := time.Now()
	waitFor(t, "/readyz to answer 200 again", func() bool {
		return s.rest(t, http.MethodGet, "/readyz", "", nil).Status == http.StatusOK
	})
	t.Logf("ready %.1f s after the database opened again", time.Since(back).Seconds())
	after := s.fileReport(t, anonymousReport("filed after the outage"))
	for _, code := range []string{before.GetReceiptCode(), after.GetReceiptCode()} {
		s.openSession(t, code)
	}
	// The reporter sends the form again, as the page asked: it arrives, once.
	res, body = s.page(t, "POST", "/nl/melden", report, nil)
	if res.StatusCode != http.StatusOK || !regexp.MustCompile(`[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}`).MatchString(body) {
		t.Errorf("the form sent again after the outage: %d\n%.400s", res.StatusCode, body)
	}
	if strings.Contains(s.logs.String(), `"level":"ERROR"`) {
		t.Errorf("the outage was logged as an internal error:\n%s", s.logs.String())
	}
}

// waitFor polls cond every 100 ms for up to 15 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("waited 15 s for %s", what)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// TestShutdownTurnsNotReadyFirst: at SIGTERM a replica first says it is not ready and goes on
// serving for --shutdown-delay, so that a load balancer stops sending it requests before it
// closes its listeners; then it drains and exits 0.
func TestShutdownTurnsNotReadyFirst(t *testing.T) {
	t.Parallel()
	s := startServerWith(t, t.TempDir(), "", "--dev", "--shutdown-delay", "2s")
	s.rest(t, http.MethodGet, "/readyz", "", nil).want(t, http.StatusOK, nil)
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	sent := time.Now()
	waitFor(t, "/readyz to answer 503", func() bool {
		return s.rest(t, http.MethodGet, "/readyz", "", nil).Status == http.StatusServiceUnavailable
	})
	notReady := time.Since(sent)
	// Still serving while not ready: a report filed now is taken.
	res := s.fileReport(t, anonymousReport("filed while the replica is leaving"))
	hc, err := healthpb.NewHealthClient(s.conn).Check(ctx(t, ""), &healthpb.HealthCheckRequest{})
	if err != nil || hc.GetStatus() != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Errorf("gRPC health while leaving: %v %v, want NOT_SERVING", hc.GetStatus(), err)
	}
	select {
	case <-s.exited:
		if s.waitErr != nil {
			t.Errorf("exit: %v", s.waitErr)
		}
	case <-time.After(stopTimeout):
		t.Fatal("no exit after the delay")
	}
	if took := time.Since(sent); took < 2*time.Second || notReady > time.Second {
		t.Errorf("not ready after %s, exited after %s; want at once, and after the 2 s delay", notReady, took)
	}
	s.stopOnce.Do(func() {})
	// The report filed during the delay is there after a restart on the same data.
	again := startServerOn(t, s.dataDir, "")
	again.openSession(t, res.GetReceiptCode())
}
