package e2e

// Scenarios of the load-balanced topology (lb_harness_test.go): replicas are stateless, so a
// reporter and staff can be served by a different replica on every request. The other
// scenarios: lb_start_test.go (replicas starting at once), lb_outage_test.go (PostgreSQL down),
// lb_shutdown_test.go (SIGTERM under load).

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/pgtest"
)

// backendLog records, in order, which replica answered each request through the load balancer.
type backendLog struct {
	mu    sync.Mutex
	names []string
}

func (l *backendLog) add(name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.names = append(l.names, name)
}

func (l *backendLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.names...)
}

// visitor is a browser or an API client in front of the load balancer: it keeps its cookies
// and records which replica answered.
type visitor struct {
	t   *testing.T
	lb  *haproxy
	c   *http.Client
	log *backendLog
}

func newVisitor(t *testing.T, lb *haproxy, log *backendLog) *visitor {
	c := lb.client(2, nil)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c.Jar = jar
	return &visitor{t: t, lb: lb, c: c, log: log}
}

// send sends one request through the load balancer (no redirects followed) and returns the
// answer with its body read.
func (v *visitor) send(req *http.Request) (*http.Response, []byte) {
	v.t.Helper()
	req.Header.Set("User-Agent", userAgent)
	res, err := v.c.Do(req)
	if err != nil {
		v.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		v.t.Fatalf("%s %s: reading body: %v", req.Method, req.URL.Path, err)
	}
	if v.log != nil {
		v.log.add(res.Header.Get("X-Backend"))
	}
	return res, b
}

// page fetches a page (form nil: GET without a body).
func (v *visitor) page(method, path string, form url.Values) (*http.Response, string) {
	v.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(v.t.Context(), method, v.lb.baseURL+path, body)
	if err != nil {
		v.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, b := v.send(req)
	return res, string(b)
}

// rest sends one JSON request with, if token is not empty, the bearer token.
func (v *visitor) rest(method, path, token string, body any) restResp {
	v.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			v.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(v.t.Context(), method, v.lb.baseURL+path, rd)
	if err != nil {
		v.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, b := v.send(req)
	return restResp{Status: res.StatusCode, Header: res.Header, Body: b}
}

var (
	receiptCodeRe = regexp.MustCompile(`[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}`)
	caseRefRe     = regexp.MustCompile(`MP-[0-9A-Z]{8}`)
	formKeyRe     = regexp.MustCompile(`name="key" value="([^"]+)"`)
	pageTitleRe   = regexp.MustCompile(`<title>([^<]*)</title>`)
)

// title is a page's title: what a failure message shows of a page (never its content, which
// may hold a report text or a receipt code).
func title(html string) string {
	if m := pageTitleRe.FindStringSubmatch(html); m != nil {
		return strings.TrimSpace(m[1])
	}
	return "(no title)"
}

// formToken is a page's form token; a page without one fails the test with its title only.
func formToken(t *testing.T, html string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no form token in the page %q", title(html))
	}
	return m[1]
}

// TestLoadBalancedReplicas: three replicas behind HAProxy (TLS at the load balancer, round
// robin) on one PostgreSQL serve a reporter and staff as one service, whichever replica each
// request lands on; the client's address reaches the replicas through X-Forwarded-For; a
// replica with another keys file refuses to join.
func TestLoadBalancedReplicas(t *testing.T) {
	t.Parallel()
	haproxyPath(t)
	tp := startTopology(t, pgtest.NewDatabase(t, "empty", nil))

	t.Run("a reporter and staff across replicas", func(t *testing.T) { reporterAndStaffAcrossReplicas(t, tp) })
	t.Run("the client's address reaches the replicas", func(t *testing.T) { clientAddressReachesReplicas(t, tp) })
	t.Run("a replica with another keys file refuses to start", func(t *testing.T) { wrongKeysFileRefused(t, tp) })
}

// reporterAndStaffAcrossReplicas: a reporter files through the pages (the form from one replica,
// the review from the next, the sending from the third: form tokens hold on every replica), logs
// in with the receipt code and replies; staff acknowledge in the workspace and message the
// reporter over the REST API. Consecutive requests land on different replicas.
func reporterAndStaffAcrossReplicas(t *testing.T, tp *topology) {
	log := &backendLog{}
	reporter := newVisitor(t, tp.lb, log)
	staff := newVisitor(t, tp.lb, log)

	want := func(what string, res *http.Response, body string, status int) {
		t.Helper()
		if res.StatusCode != status {
			t.Fatalf("%s: HTTP %d (%q from %s), want %d", what, res.StatusCode, title(body), res.Header.Get("X-Backend"), status)
		}
	}

	// The reporter files through the pages.
	res, form := reporter.page("GET", "/nl/melden", nil)
	want("the report form", res, form, 200)
	key := formKeyRe.FindStringSubmatch(form)
	if key == nil {
		t.Fatal("the report form has no idempotency key")
	}
	const description = "Mijn leidinggevende noemt mij in elk overleg bij een bijnaam over mijn afkomst."
	report := url.Values{"csrf": {formToken(t, form)}, "key": {key[1]}, "category": {"DISCRIMINATION"},
		"description": {description}, "anonymity": {"ANONYMOUS"}, "step": {"review"}}
	res, review := reporter.page("POST", "/nl/melden", report)
	want("the review step", res, review, 200)
	if !strings.Contains(review, "Kijk uw melding na") {
		t.Fatalf("the review step shows %q", title(review))
	}
	report.Set("csrf", formToken(t, review))
	report.Set("step", "send")
	res, receipt := reporter.page("POST", "/nl/melden", report)
	want("sending the report", res, receipt, 200)
	code, ref := receiptCodeRe.FindString(receipt), caseRefRe.FindString(receipt)
	if code == "" || ref == "" {
		t.Fatalf("the receipt page (%q) shows no receipt code or case reference", title(receipt))
	}

	// The reporter logs in at the follow-up page with the receipt code.
	res, login := reporter.page("GET", "/nl/opvolgen", nil)
	want("the follow-up page", res, login, 200)
	res, body := reporter.page("POST", "/nl/opvolgen", url.Values{"csrf": {formToken(t, login)}, "code": {code}})
	want("logging in with the receipt code", res, body, http.StatusSeeOther)

	// Staff sign in to the workspace (dev sign-in), open the case and acknowledge it with a message.
	res, body = staff.page("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"ines"}, "name": {"Ines Intake"}, "role": {"intake"}})
	want("the staff sign-in", res, body, http.StatusSeeOther)
	res, casePage := staff.page("GET", "/medewerkers/zaken/"+ref, nil)
	want("the case page", res, casePage, 200)
	if !strings.Contains(casePage, description) {
		t.Fatalf("the case page (%q) does not show the report", title(casePage))
	}
	const ack = "Wij hebben uw melding ontvangen en nemen binnen een week contact op."
	res, body = staff.page("POST", "/medewerkers/zaken/"+ref+"/ontvangst", url.Values{"csrf": {formToken(t, casePage)}, "message": {ack}})
	want("acknowledging in the workspace", res, body, http.StatusSeeOther)
	if !strings.Contains(res.Header.Get("Location"), "gedaan=ontvangst") {
		t.Fatalf("acknowledging sent to %q", res.Header.Get("Location"))
	}

	// Staff continue over the REST API with a dev token (any replica verifies it).
	token := tp.replicas[0].tokenFor(t, "ines", "intake")
	var got struct {
		Case struct {
			Summary struct {
				AcknowledgedAt string `json:"acknowledgedAt"`
			} `json:"summary"`
			Description string `json:"description"`
		} `json:"case"`
	}
	staff.rest("GET", "/v1/cases/"+ref, token, nil).want(t, 200, &got)
	if got.Case.Summary.AcknowledgedAt == "" || got.Case.Description != description {
		t.Errorf("over the API the case is acknowledged: %t, its description as filed: %t", got.Case.Summary.AcknowledgedAt != "", got.Case.Description == description)
	}
	const question = "Kunt u aangeven sinds wanneer dit speelt?"
	staff.rest("POST", "/v1/cases/"+ref+"/messages", token, map[string]string{"body": question}).want(t, 200, nil)

	// The reporter reads both messages and replies.
	res, mine := reporter.page("GET", "/nl/mijn-melding", nil)
	want("my report", res, mine, 200)
	if !strings.Contains(mine, ack) || !strings.Contains(mine, question) || !strings.Contains(mine, "In behandeling") {
		t.Fatalf("my report (%q) lacks the acknowledgement, the question or the status", title(mine))
	}
	const reply = "Sinds de reorganisatie in maart."
	res, body = reporter.page("POST", "/nl/mijn-melding/bericht", url.Values{"csrf": {formToken(t, mine)}, "message": {reply}})
	want("the reply", res, body, http.StatusSeeOther)

	// Staff see the reply over the API and in the workspace.
	var msgs struct {
		Messages []struct {
			Body string `json:"body"`
		} `json:"messages"`
	}
	staff.rest("GET", "/v1/cases/"+ref+"/messages", token, nil).want(t, 200, &msgs)
	if n := len(msgs.Messages); n != 3 || msgs.Messages[n-1].Body != reply {
		t.Errorf("staff see %d messages over the API, want 3 ending with the reply", n)
	}
	res, casePage = staff.page("GET", "/medewerkers/zaken/"+ref, nil)
	want("the case page after the reply", res, casePage, 200)
	if !strings.Contains(casePage, reply) {
		t.Errorf("the workspace does not show the reply")
	}

	// Round robin: no two consecutive requests on one replica, and every replica served.
	trail := log.all()
	t.Logf("replicas, request by request: %s", strings.Join(trail, " "))
	seen := map[string]bool{}
	for i, name := range trail {
		if name == "" {
			t.Fatalf("request %d has no X-Backend header", i+1)
		}
		seen[name] = true
		if i > 0 && trail[i-1] == name {
			t.Errorf("requests %d and %d both landed on %s", i, i+1, name)
		}
	}
	for _, name := range tp.names {
		if !seen[name] {
			t.Errorf("replica %s served none of the %d requests", name, len(trail))
		}
	}
}

// clientAddressReachesReplicas: wrong receipt codes are limited per client address. Through
// the load balancer the replicas see that address only in X-Forwarded-For (the connection comes
// from HAProxy, 127.0.0.1): a guesser from 127.0.0.2 is locked out, a reporter from 127.0.0.3
// is not — without the header both would be the one address 127.0.0.1. A value the guesser
// puts in X-Forwarded-For itself does not get it out.
func clientAddressReachesReplicas(t *testing.T, tp *topology) {
	guesser := &visitor{t: t, lb: tp.lb, c: tp.lb.client(2, net.IPv4(127, 0, 0, 2))}
	other := &visitor{t: t, lb: tp.lb, c: tp.lb.client(2, net.IPv4(127, 0, 0, 3))}
	login := func(v *visitor, headers ...string) int {
		t.Helper()
		body, _ := json.Marshal(map[string]string{"receiptCode": randomCode()})
		req, err := http.NewRequestWithContext(t.Context(), "POST", tp.lb.baseURL+"/v1/reporter/sessions", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		res, _ := v.send(req)
		return res.StatusCode
	}
	// Each replica keeps its own count (about 5 wrong codes per address): with round robin the
	// guesser is refused after at most three times that.
	attempts := 0
	for ; attempts < 30; attempts++ {
		st := login(guesser)
		if st == http.StatusTooManyRequests {
			break
		}
		if st != http.StatusUnauthorized {
			t.Fatalf("wrong code %d: HTTP %d, want 401 or 429", attempts+1, st)
		}
	}
	if attempts < 5 || attempts >= 30 {
		t.Fatalf("the guesser was refused after %d wrong codes", attempts)
	}
	t.Logf("the guesser was refused after %d wrong codes across %d replicas", attempts, len(tp.replicas))
	for range len(tp.replicas) {
		if st := login(guesser, "X-Forwarded-For", "198.51.100.7"); st != http.StatusTooManyRequests {
			t.Errorf("the guesser with a forged X-Forwarded-For: HTTP %d, want 429", st)
		}
	}
	if st := login(other); st != http.StatusUnauthorized {
		t.Errorf("another client address: HTTP %d, want 401 (its own count)", st)
	}
}

// wrongKeysFileRefused: a fourth replica given a freshly made keys file instead of the one the
// database was set up with exits non-zero at start and says why; it never serves.
func wrongKeysFileRefused(t *testing.T, tp *topology) {
	other := newKeysFile(t, t.TempDir())
	s := launchServer(t, tp.dataDir, tp.dbURL, "--dev", "--keys-file", other)
	select {
	case <-s.exited:
	case addrs := <-s.logs.serving:
		t.Fatalf("a replica with another keys file serves (http %s)", addrs[1])
	case <-time.After(startTimeout):
		t.Fatalf("a replica with another keys file neither served nor exited within %s", startTimeout)
	}
	s.stopOnce.Do(func() {}) // it has exited: nothing to stop
	if s.waitErr == nil {
		t.Fatalf("a replica with another keys file exited with status 0")
	}
	if logs := s.logs.String(); !strings.Contains(logs, "does not belong to this database") {
		t.Fatalf("a replica with another keys file exited (%v) without saying the keys file does not belong to this database:\n%s", s.waitErr, logs)
	}
}
