package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// TestTelemetryKeepsConfidences runs the server with its metrics listener and its traces going
// to a real Jaeger, while reporters file and follow up reports (over REST, gRPC and the web form)
// with a canary in every text, and staff read and handle them (over REST, gRPC and the staff
// pages). Then neither the metrics, nor the traces as Jaeger stored them, nor the server's logs
// hold the canary, a case reference, a receipt code, a session token, the client's user agent or
// forwarded address, or a peer address; reporters' calls have no trace at all. And they do what
// they are for: the metrics count the calls by method and code and show the database pool and the
// build; staff calls and staff pages have traces, a page's calls in the page's trace; a staff log
// line carries the actor and the trace id of a trace Jaeger has.
func TestTelemetryKeepsConfidences(t *testing.T) {
	t.Parallel()
	j := startJaeger(t)
	s := startServerWith(t, t.TempDir(), "", "--dev", "--metrics-addr", "127.0.0.1:0", "--otlp-endpoint", "http://"+j.otlp)
	metricsAddr := logValue(t, s.logs.String(), "metrics", "addr")
	startHour := time.Now().Truncate(time.Hour)

	canary := "Kanarie" + randHex(8)
	const forwarded = "198.51.100.47"
	s.headers = http.Header{"X-Forwarded-For": {forwarded}, "Forwarded": {"for=" + forwarded}}
	browser := []string{"User-Agent", userAgent, "X-Forwarded-For", forwarded}

	// A report over REST, followed up over REST and gRPC.
	var filed restFiled
	s.rest(t, http.MethodPost, "/v1/reports", "", map[string]any{
		"idempotencyKey": newKey(), "category": "CATEGORY_BULLYING", "anonymity": "ANONYMITY_ANONYMOUS",
		"description": "My team lead " + canary + " mocks my accent.", "occurredWhere": canary + "-where",
		"subjects": []string{canary + "-subject"},
	}).want(t, http.StatusOK, &filed)
	var sess restSession
	s.rest(t, http.MethodPost, "/v1/reporter/sessions", "", map[string]any{"receiptCode": filed.ReceiptCode}).want(t, http.StatusOK, &sess)
	s.rest(t, http.MethodPost, "/v1/reporter/case/messages", sess.SessionToken, map[string]any{"body": canary + "-reporter"}).want(t, http.StatusOK, nil)
	grpcSess := s.openSession(t, filed.ReceiptCode)
	if _, err := s.reporter.GetMyCase(ctx(t, grpcSess), &pb.GetMyCaseRequest{}); err != nil {
		t.Fatal(err)
	}

	// A report through the web form.
	_, form := s.page(t, "GET", "/nl/melden", nil, nil, browser...)
	key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(form)[1]
	report := url.Values{"csrf": {csrfOf(t, form)}, "key": {key}, "category": {"DISCRIMINATION"},
		"description": {"Mijn collega " + canary + " maakt grappen over mijn afkomst."}, "anonymity": {"ANONYMOUS"}, "step": {"review"}}
	_, review := s.page(t, "POST", "/nl/melden", report, nil, browser...)
	report.Set("csrf", csrfOf(t, review))
	report.Set("step", "send")
	res, receipt := s.page(t, "POST", "/nl/melden", report, nil, browser...)
	webCode := regexp.MustCompile(`[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}`).FindString(receipt)
	webRef := regexp.MustCompile(`MP-[0-9A-Z]{8}`).FindString(receipt)
	if res.StatusCode != http.StatusOK || webCode == "" || webRef == "" {
		t.Fatalf("the web form's receipt: %d, code %q, reference %q", res.StatusCode, webCode, webRef)
	}

	// Staff read and handle both: over REST and gRPC, with a refusal naming a case, and on the
	// staff pages.
	staff := s.staffToken(t, "intake")
	for _, ref := range []string{filed.CaseReference, webRef} {
		s.rest(t, http.MethodGet, "/v1/cases/"+ref, staff, nil).want(t, http.StatusOK, nil)
		s.rest(t, http.MethodGet, "/v1/cases/"+ref+"/messages", staff, nil).want(t, http.StatusOK, nil)
	}
	if _, err := s.cases.AcknowledgeCase(ctx(t, staff), &pb.AcknowledgeCaseRequest{CaseReference: filed.CaseReference, Message: canary + "-ack"}); err != nil {
		t.Fatal(err)
	}
	s.rest(t, http.MethodGet, "/v1/cases/MP-ZZZZZZZZ", staff, nil).wantError(t, http.StatusNotFound)
	s.rest(t, http.MethodPost, "/v1/cases/"+filed.CaseReference+":acknowledge", staff, map[string]any{"message": canary}).
		wantError(t, http.StatusBadRequest) // acknowledged already: the message names the case
	b := newStaffBrowser(t, s)
	if res, _ := b.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"alice"}, "name": {"Alice"}, "role": {"intake"}}, browser...); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("dev sign-in: %d", res.StatusCode)
	}
	if res, page := b.do("GET", "/medewerkers/zaken/"+webRef, nil, browser...); res.StatusCode != http.StatusOK || !strings.Contains(page, canary) {
		t.Fatalf("the staff page of the case: %d", res.StatusCode)
	}

	// The metrics, scraped before the server stops.
	scrape := scrapeMetrics(t, metricsAddr)
	// Reporters' requests are published from the next clock hour: unless the test ran across
	// one, none of them shows yet.
	sameHour := time.Now().Truncate(time.Hour).Equal(startHour)

	// Staff traces arrive at Jaeger (spans are sent in batches of a second).
	var spans []jaegerSpan
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(500 * time.Millisecond) {
		_, spans = j.traces(t)
		if hasOp(spans, "GET /medewerkers/zaken/{ref}") && hasOp(spans, "meldpunt.v1.CaseService/AcknowledgeCase") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Jaeger has no trace of the staff page or the acknowledgement after 30 s; operations: %v", ops(spans))
		}
	}
	s.stop(t)
	logs := s.logs.String()
	raw, spans := j.traces(t) // with what the shutdown flushed

	secrets := map[string]string{
		"canary": canary, "canary (lower case)": strings.ToLower(canary),
		"case reference": filed.CaseReference, "web case reference": webRef, "refused case reference": "MP-ZZZZZZZZ",
		"receipt code": filed.ReceiptCode, "web receipt code": webCode,
		"session token": sess.SessionToken, "gRPC session token": grpcSess, "staff token": staff,
		"user agent": userAgent, "forwarded address": forwarded,
	}
	for what, secret := range secrets {
		for where, text := range map[string]string{"/metrics": scrape.text, "Jaeger's traces": string(raw), "the server log": logs} {
			if strings.Contains(text, secret) {
				t.Errorf("%s holds the %s", where, what)
			}
		}
	}
	if strings.Contains(string(raw), "127.0.0.1") {
		t.Error("Jaeger's traces hold a (peer) address")
	}

	t.Run("metrics", func(t *testing.T) { checkMetrics(t, scrape, sameHour) })
	t.Run("traces", func(t *testing.T) { checkTraces(t, spans) })
	t.Run("logs", func(t *testing.T) { checkLogs(t, logs, spans) })
}

// scraped is one scrape of /metrics: the text and its parsed families.
type scraped struct {
	text     string
	families map[string]*dto.MetricFamily
}

func scrapeMetrics(t *testing.T, addr string) scraped {
	t.Helper()
	res, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d %v", res.StatusCode, err)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("/metrics is not the Prometheus text format: %v", err)
	}
	return scraped{text: string(body), families: fams}
}

// value sums the samples of family name whose labels include want.
func (s scraped) value(name string, want map[string]string) (float64, bool) {
	f, ok := s.families[name]
	if !ok {
		return 0, false
	}
	var sum float64
	found := false
	for _, m := range f.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		match := true
		for k, v := range want {
			if labels[k] != v {
				match = false
			}
		}
		if !match {
			continue
		}
		found = true
		switch {
		case m.Counter != nil:
			sum += m.GetCounter().GetValue()
		case m.Gauge != nil:
			sum += m.GetGauge().GetValue()
		case m.Histogram != nil:
			sum += float64(m.GetHistogram().GetSampleCount())
		case m.Untyped != nil:
			sum += m.GetUntyped().GetValue()
		}
	}
	return sum, found
}

func checkMetrics(t *testing.T, s scraped, sameHour bool) {
	handled := func(service, method, code string) float64 {
		v, _ := s.value("grpc_server_handled_total", map[string]string{"grpc_service": service, "grpc_method": method, "grpc_code": code})
		return v
	}
	if sameHour {
		if got := handled("meldpunt.v1.ReporterService", "FileReport", "OK"); got != 0 {
			t.Errorf("the filings of this hour show in the metrics already (%v): a scrape could time them", got)
		}
		for _, g := range []string{"reporter_pages", "api_public"} {
			if v, _ := s.value("meldpunt_http_requests_total", map[string]string{"group": g}); v != 0 {
				t.Errorf("%v requests of group %s show within their hour", v, g)
			}
		}
	}
	for _, c := range []struct {
		service, method, code string
		atLeast               float64
	}{
		{"meldpunt.v1.CaseService", "GetCase", "OK", 3}, // two over REST, one by the staff page
		{"meldpunt.v1.CaseService", "GetCase", "NotFound", 1},
		{"meldpunt.v1.CaseService", "AcknowledgeCase", "OK", 1},
	} {
		if got := handled(c.service, c.method, c.code); got < c.atLeast {
			t.Errorf("grpc_server_handled_total %s/%s %s = %v, want at least %v", c.service, c.method, c.code, got, c.atLeast)
		}
	}
	if n, _ := s.value("grpc_server_handling_seconds", map[string]string{"grpc_method": "GetCase"}); n < 4 {
		t.Errorf("the latency histogram of GetCase holds %v calls, want at least 4", n)
	}
	for _, name := range []string{"go_sql_open_connections", "go_sql_max_open_connections", "go_sql_wait_count_total"} {
		if _, ok := s.value(name, map[string]string{"db_name": "meldpunt"}); !ok {
			t.Errorf("no database pool metric %s", name)
		}
	}
	if v, ok := s.value("meldpunt_build_info", map[string]string{"goversion": runtime.Version()}); !ok || v != 1 {
		t.Errorf("meldpunt_build_info with goversion %s: %v %v", runtime.Version(), v, ok)
	}
	for _, name := range []string{"go_goroutines", "process_start_time_seconds", "meldpunt_open_cases_overdue"} {
		if _, ok := s.value(name, nil); !ok {
			t.Errorf("no %s", name)
		}
	}
	if v, _ := s.value("meldpunt_job_runs_total", map[string]string{"job": "retention", "outcome": "ok"}); v < 1 {
		t.Errorf("the retention job's run at start was not counted")
	}
	groups := map[string]bool{"api": true, "api_public": true, "reporter_pages": true, "staff_pages": true, "static": true, "health": true, "openapi": true, "other": true}
	for _, name := range []string{"meldpunt_http_requests_total", "meldpunt_http_request_duration_seconds"} {
		for _, m := range s.families[name].GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "group" && !groups[l.GetValue()] {
					t.Errorf("%s has group %q", name, l.GetValue())
				}
			}
		}
	}
	for _, g := range []string{"api", "staff_pages"} {
		if v, _ := s.value("meldpunt_http_requests_total", map[string]string{"group": g}); v == 0 {
			t.Errorf("no HTTP requests counted in group %s", g)
		}
	}
	// No label value anywhere looks like a path, a reference or an address.
	for name, f := range s.families {
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if v := l.GetValue(); strings.Contains(v, "/") || strings.Contains(v, "MP-") || strings.Contains(v, "127.0.0.1") {
					t.Errorf("%s has label %s=%q", name, l.GetName(), v)
				}
			}
		}
	}
}

func hasOp(spans []jaegerSpan, op string) bool {
	return slices.ContainsFunc(spans, func(s jaegerSpan) bool { return s.OperationName == op })
}

func ops(spans []jaegerSpan) []string {
	var out []string
	for _, s := range spans {
		if !slices.Contains(out, s.OperationName) {
			out = append(out, s.OperationName)
		}
	}
	slices.Sort(out)
	return out
}

// spanTags are the tags a span may carry: ours (method and route names, codes) and those Jaeger
// derives from the span itself.
var spanTags = map[string]bool{
	"rpc.system": true, "rpc.service": true, "rpc.method": true, "rpc.grpc.status_code": true,
	"http.request.method": true, "http.route": true, "http.response.status_code": true,
	"span.kind": true, "otel.scope.name": true, "otel.scope.version": true, "internal.span.format": true,
	"otel.status_code": true, "otel.status_description": true, "error": true,
}

func checkTraces(t *testing.T, spans []jaegerSpan) {
	for _, s := range spans {
		op := s.OperationName
		staffCall := strings.HasPrefix(op, "meldpunt.v1.") && !strings.Contains(op, "ReporterService") &&
			!strings.HasSuffix(op, "/ListAdvisers") && !strings.HasSuffix(op, "/GetRuleSet") && !strings.HasSuffix(op, "/ListCategories")
		staffPage := regexp.MustCompile(`^(GET|POST) /medewerkers/[a-z/{}.]*$`).MatchString(op)
		if !staffCall && !staffPage {
			t.Errorf("a span of something not staff's: %q", op)
		}
		for _, tag := range s.Tags {
			if !spanTags[tag.Key] {
				t.Errorf("span %s has tag %s=%v", op, tag.Key, tag.Value)
			}
		}
		if len(s.Logs) > 0 {
			t.Errorf("span %s has events (an error's text?): %s", op, s.Logs)
		}
	}
	for _, op := range []string{"meldpunt.v1.CaseService/GetCase", "meldpunt.v1.CaseService/ListCaseMessages",
		"meldpunt.v1.CaseService/AcknowledgeCase", "POST /medewerkers/inloggen/dev", "GET /medewerkers/zaken/{ref}"} {
		if !hasOp(spans, op) {
			t.Errorf("no span %q; the spans are %v", op, ops(spans))
		}
	}
	// The staff page's calls are in the page's trace, as children of the page's span.
	byID := map[string]jaegerSpan{}
	for _, s := range spans {
		byID[s.SpanID] = s
	}
	inPage := false
	for _, s := range spans {
		if s.OperationName != "meldpunt.v1.CaseService/GetCase" {
			continue
		}
		for _, r := range s.References {
			if p, ok := byID[r.SpanID]; ok && r.RefType == "CHILD_OF" && p.OperationName == "GET /medewerkers/zaken/{ref}" {
				inPage = true
			}
		}
	}
	if !inPage {
		t.Error("the staff page's GetCase is not a child of the page's span")
	}
}

func checkLogs(t *testing.T, logs string, spans []jaegerSpan) {
	traceIDs := map[string]bool{}
	for _, s := range spans {
		traceIDs[strings.TrimLeft(s.TraceID, "0")] = true
	}
	staffLine := false
	for i, line := range strings.Split(strings.TrimRight(logs, "\n"), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("log line %d is not JSON: %q", i+1, line)
			continue
		}
		msg, _ := rec["msg"].(string)
		if strings.Contains(line, "ReporterService") {
			t.Errorf("log line %d is about a reporter's call: %s", i+1, line)
		}
		// The server's own addresses are logged at start; no other line holds an address.
		if strings.Contains(line, "127.0.0.1") && msg != "serving" && msg != "metrics" && !strings.HasPrefix(msg, "tracing:") {
			t.Errorf("log line %d holds an address: %s", i+1, line)
		}
		if rec["level"] == "ERROR" || rec["level"] == "WARN" && strings.HasPrefix(msg, "tracing") {
			t.Errorf("log line %d: %s", i+1, line)
		}
		if msg == "rpc" && rec["method"] == "/meldpunt.v1.CaseService/GetCase" && rec["code"] == "OK" {
			id, _ := rec["trace_id"].(string)
			if rec["actor"] != "alice" || len(id) != 32 {
				t.Errorf("a staff line without its actor or trace id: %s", line)
			} else if traceIDs[strings.TrimLeft(id, "0")] {
				staffLine = true
			}
		}
		if msg == "rpc" && rec["code"] == "NotFound" && rec["error_kind"] != "not_found" {
			t.Errorf("a refused call's line without the kind of error: %s", line)
		}
	}
	if !staffLine {
		t.Error("no staff GetCase log line whose trace id is a trace in Jaeger")
	}
}

// logValue returns attribute key of the first JSON log line with message msg.
func logValue(t *testing.T, logs, msg, key string) string {
	t.Helper()
	for _, line := range strings.Split(logs, "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == msg {
			if v, ok := rec[key].(string); ok {
				return v
			}
		}
	}
	t.Fatalf("no log line %q with %q:\n%s", msg, key, logs)
	return ""
}
