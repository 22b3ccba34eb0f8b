package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/pgtest"
)

// behindProxy are the flags of a server behind a reverse proxy on 127.0.0.1: the tests pose as
// many client addresses through X-Forwarded-For.
var behindProxy = []string{"--dev", "--trusted-proxies", "127.0.0.1/32"}

// startBehindProxy starts a server behind a "proxy" on db, with extra flags.
func startBehindProxy(t *testing.T, db string, extra ...string) *server {
	t.Helper()
	dbURL := ""
	if db == "postgres" {
		dbURL = pgtest.NewDatabase(t, "empty", nil)
	}
	return startServerWith(t, t.TempDir(), dbURL, append(append([]string{}, behindProxy...), extra...)...)
}

// wantRetryAfter asserts a Retry-After of whole seconds between 1 and most, and returns it.
func wantRetryAfter(t *testing.T, h http.Header, most time.Duration) time.Duration {
	t.Helper()
	n, err := strconv.Atoi(h.Get("Retry-After"))
	if err != nil || n < 1 || time.Duration(n)*time.Second > most {
		t.Fatalf("Retry-After %q, want whole seconds from 1 to %s", h.Get("Retry-After"), most)
	}
	return time.Duration(n) * time.Second
}

// TestRightCodesAreNeverLockedOut: a reporter with the right code gets in, whatever others try.
// An office behind one NAT address where one colleague keeps guessing: the other colleague's
// right code is accepted after every guess, over REST, gRPC and the pages, while the guesser gets
// "wrong" a few times and then "too many" with Retry-After (REST) or RetryInfo (gRPC). Then a
// flood of wrong codes from 400 fresh IPv6 /64s, more than the replica's budget: the right code
// from an address seen before and from a new one is accepted at once.
func TestRightCodesAreNeverLockedOut(t *testing.T) {
	t.Parallel()
	for _, db := range databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			s := startBehindProxy(t, db)
			filed := s.fileReport(t, anonymousReport("The office printer logs every document with names. "+randHex(4)))
			code := filed.GetReceiptCode()
			login := func(from, code string) restResp {
				t.Helper()
				s.headers = http.Header{"X-Forwarded-For": {from}}
				return s.rest(t, http.MethodPost, "/v1/reporter/sessions", "", map[string]any{"receiptCode": code})
			}

			// REST: the guesser and the colleague share the office's address.
			const office = "203.0.113.9"
			wrong, limited := 0, 0
			for i := range 20 {
				res := login(office, randomCode())
				switch res.Status {
				case http.StatusUnauthorized:
					wrong++
				case http.StatusTooManyRequests:
					limited++
					wantRetryAfter(t, res.Header, time.Minute)
				default:
					t.Fatalf("REST guess %d: HTTP %d %s", i+1, res.Status, res.Body)
				}
				login(office, code).want(t, http.StatusOK, nil)
			}
			if wrong != 5 || limited != 15 {
				t.Errorf("REST guesser: %d answered 401, %d 429; want 5 and 15", wrong, limited)
			}
			// The reporter pages from the same address: a wrong code is answered 429 with
			// Retry-After and a plain explanation; the right code logs in.
			xff := []string{"X-Forwarded-For", office}
			_, form := s.page(t, "GET", "/nl/opvolgen", nil, nil, xff...)
			res, body := s.page(t, "POST", "/nl/opvolgen", url.Values{"csrf": {csrfOf(t, form)}, "code": {randomCode()}}, nil, xff...)
			if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "met de juiste code komt u altijd meteen binnen") {
				t.Fatalf("a wrong code on the login page past the budget: HTTP %d\n%.600s", res.StatusCode, body)
			}
			wantRetryAfter(t, res.Header, time.Minute)
			res, _ = s.page(t, "POST", "/nl/opvolgen", url.Values{"csrf": {csrfOf(t, form)}, "code": {code}}, nil, xff...)
			if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) != 1 {
				t.Fatalf("the right code on the login page from the guesser's address: HTTP %d", res.StatusCode)
			}

			// gRPC: both come from 127.0.0.1.
			wrong, limited = 0, 0
			for i := range 20 {
				_, err := s.reporter.OpenSession(ctx(t, ""), &pb.OpenSessionRequest{ReceiptCode: randomCode()})
				st := wantCodeIn(t, err, codes.Unauthenticated, codes.ResourceExhausted)
				if st.Code() == codes.Unauthenticated {
					wrong++
				} else {
					limited++
					if d := retryDelay(st); d < time.Second || d > time.Minute {
						t.Fatalf("gRPC guess %d: RetryInfo %s, want 1s to 1m", i+1, d)
					}
				}
				s.openSession(t, code)
			}
			if wrong != 5 || limited != 15 {
				t.Errorf("gRPC guesser: %d answered Unauthenticated, %d ResourceExhausted; want 5 and 15", wrong, limited)
			}

			// A flood from fresh /64s, twice the replica's burst of wrong codes.
			limited = 0
			for i := range 400 {
				if res := login(fmt.Sprintf("2001:db8:%x:%x::1", i/65536, i%65536), randomCode()); res.Status == http.StatusTooManyRequests {
					limited++
				} else if res.Status != http.StatusUnauthorized {
					t.Fatalf("flood %d: HTTP %d", i, res.Status)
				}
			}
			if limited == 0 {
				t.Error("none of a flood of 400 wrong codes was answered 429")
			}
			for _, from := range []string{office, "198.51.100.77", "2001:db8:ffff:1::1"} {
				login(from, code).want(t, http.StatusOK, nil)
			}
			s.openSession(t, code)
		})
	}
}

// TestTheFilingBudget: filing without signing in is held to a budget per address — 5 reports at
// once by default — over REST, gRPC and the reporter pages alike. The report past it is
// answered 429 with Retry-After (RetryInfo over gRPC) and nothing of it is stored; the pages
// explain in plain words and keep what the reporter wrote; a retry of a stored report still
// gets its answer.
func TestTheFilingBudget(t *testing.T) {
	t.Parallel()
	for _, db := range databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			// The defaults, over the raised budget of the other tests' servers.
			s := startBehindProxy(t, db, "--filing-burst", "5", "--filing-every", "10m", "--filing-global-burst", "60", "--filing-global-every", "1m")
			intake := s.staffToken(t, "intake")
			count := func() int {
				t.Helper()
				return len(s.listCases(t, intake))
			}
			fileREST := func(from, desc string) restResp {
				t.Helper()
				s.headers = http.Header{"X-Forwarded-For": {from}}
				return s.rest(t, http.MethodPost, "/v1/reports", "", map[string]any{
					"idempotencyKey": newKey(), "category": "CATEGORY_BULLYING", "description": desc, "anonymity": "ANONYMITY_ANONYMOUS",
				})
			}

			// REST from one address.
			for i := range 5 {
				fileREST("192.0.2.10", fmt.Sprintf("Report %d from one address over REST.", i+1)).want(t, http.StatusOK, nil)
			}
			before := count()
			res := fileREST("192.0.2.10", "One report too many from this address over REST.")
			e := res.wantError(t, http.StatusTooManyRequests)
			wantRetryAfter(t, res.Header, 10*time.Minute)
			if !strings.Contains(e.Message, "nothing was stored") {
				t.Errorf("429 message %q does not say that nothing was stored", e.Message)
			}
			if n := count(); n != before {
				t.Fatalf("the refused REST report was stored: %d cases, was %d", n, before)
			}

			// gRPC from 127.0.0.1 (another source).
			var first *pb.FileReportRequest
			var firstRes *pb.FileReportResponse
			for i := range 5 {
				req := anonymousReport(fmt.Sprintf("Report %d from one address over gRPC.", i+1))
				res := s.fileReport(t, req)
				if i == 0 {
					first, firstRes = req, res
				}
			}
			before = count()
			_, err := s.reporter.FileReport(ctx(t, ""), anonymousReport("One report too many from this address over gRPC."))
			st := wantCode(t, err, codes.ResourceExhausted)
			if d := retryDelay(st); d < time.Second || d > 10*time.Minute {
				t.Errorf("RetryInfo %s, want 1s to 10m", d)
			}
			if n := count(); n != before {
				t.Fatalf("the refused gRPC report was stored: %d cases, was %d", n, before)
			}
			// A retry of a stored report (its answer was lost) still gets its receipt code.
			again, err := s.reporter.FileReport(ctx(t, ""), first)
			if err != nil || !again.GetReplayed() || again.GetReceiptCode() != firstRes.GetReceiptCode() {
				t.Fatalf("a retry past the budget: %v, %v; want the first answer again", again, err)
			}

			// The reporter pages, from an address that has just filed 5 reports.
			const kiosk = "192.0.2.20"
			for i := range 5 {
				fileREST(kiosk, fmt.Sprintf("Report %d from the kiosk.", i+1)).want(t, http.StatusOK, nil)
			}
			before = count()
			xff := []string{"X-Forwarded-For", kiosk}
			_, form := s.page(t, "GET", "/nl/melden", nil, nil, xff...)
			key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(form)[1]
			words := "Mijn leidinggevende leest mijn e-mail mee zonder dat ik het weet."
			report := url.Values{"csrf": {csrfOf(t, form)}, "key": {key}, "category": {"BULLYING"},
				"description": {words}, "anonymity": {"ANONYMOUS"}, "step": {"send"}}
			page, body := s.page(t, "POST", "/nl/melden", report, nil, xff...)
			if page.StatusCode != http.StatusTooManyRequests {
				t.Fatalf("the form past the budget: HTTP %d\n%.600s", page.StatusCode, body)
			}
			wantRetryAfter(t, page.Header, 10*time.Minute)
			for _, want := range []string{"U heeft net meerdere meldingen gedaan", "minuten", "vertrouwenspersoon", words} {
				if !strings.Contains(body, want) {
					t.Errorf("the page past the budget lacks %q", want)
				}
			}
			if regexp.MustCompile(`[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}`).MatchString(body) {
				t.Error("the page past the budget shows a receipt code")
			}
			if n := count(); n != before {
				t.Fatalf("the refused form was stored: %d cases, was %d", n, before)
			}
			// Another address is not held back by these.
			fileREST("192.0.2.30", "A report from another address.").want(t, http.StatusOK, nil)
		})
	}
}
