package e2e

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

const (
	// failoverFilings reports are filed in all, by failoverClients concurrent clients (half over
	// REST, half over gRPC, spread over both replicas).
	failoverFilings = 1000
	failoverClients = 8
	// failoverKillAt: the primary is killed once this many filings are acknowledged.
	failoverKillAt = 300
	// failoverRetryPause is how long a client waits after a 503/Unavailable before it sends the
	// same filing again. Shorter than the Retry-After the service asks for (2 s), so that the
	// figure measures when the service can file again, not the client's patience.
	failoverRetryPause = 100 * time.Millisecond
	// failoverBudget bounds the filings after the kill.
	failoverBudget = 60 * time.Second
	// failoverFreeze: the standby's WAL receiver is frozen this long before the primary is killed.
	failoverFreeze = 500 * time.Millisecond
)

// TestFailoverToASynchronousStandby: the database survives losing a machine. PostgreSQL runs as a
// primary with a synchronous streaming standby (durable settings on both: fsync, full-page
// writes, synchronous_commit=on, synchronous_standby_names naming the standby, a replication
// slot); two `meldpunt serve` replicas reach it through a read-write endpoint — HAProxy in TCP
// mode with only the primary enabled. While 8 clients file 1,000 reports over REST and gRPC, the
// standby's WAL receiver is frozen for half a second (no filing sent meanwhile may be acknowledged
// before the failover: the commits wait for the standby), and then the primary is killed with SIGKILL — at the worst moment,
// with commits on the primary that the standby never got. The standby is promoted (and freed of the
// synchronous_standby_names it inherited from the base backup, or every write would wait for a
// standby that is gone), and the endpoint is switched to it over HAProxy's runtime API, as
// CloudNativePG re-points its -rw Service.
//
// The replicas recover by themselves, without a restart; meanwhile clients get 503 with
// Retry-After or Unavailable with a RetryInfo — nothing else — and send the same filing again
// (same idempotency key). Afterwards every receipt code that was answered opens its report, and
// the new primary holds exactly one case per acknowledged filing: no acknowledged filing is lost
// and no retry made a second case. The seconds from the primary's death to the first filing
// acknowledged after it are logged (scripts/bench-failover repeats the test and summarizes them).
func TestFailoverToASynchronousStandby(t *testing.T) {
	t.Parallel()
	bin := haproxyPath(t)

	// The primary: durable (none of pgtest.FastOpts). synchronous_standby_names is set with ALTER
	// SYSTEM, in postgresql.auto.conf as an operator's configuration would have it, so the base
	// backup carries it to the standby.
	durable := []string{"-c", "synchronous_commit=on", "-c", "fsync=on", "-c", "full_page_writes=on"}
	primary := startOwnCluster(t, durable...)
	primary.exec(t, "CREATE DATABASE meldpunt",
		"SELECT pg_create_physical_replication_slot('standby1')",
		"ALTER SYSTEM SET synchronous_standby_names = 'standby1'",
		"SELECT pg_reload_conf()")
	standby := primary.startOwnStandby(t, "standby1", "standby1", durable...)
	primary.awaitString(t, 30*time.Second, "sync", "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'")
	primary.awaitString(t, 5*time.Second, "standby1", "SELECT slot_name FROM pg_replication_slots WHERE active")
	standby.awaitString(t, 5*time.Second, "standby1", "SHOW synchronous_standby_names") // inherited
	for _, c := range []*ownCluster{primary, standby} {
		c.awaitString(t, 5*time.Second, "on on on", "SELECT current_setting('fsync') || ' ' || current_setting('full_page_writes') || ' ' || current_setting('synchronous_commit')")
	}

	nodes := []pgNode{
		{Name: "primary", Addr: fmt.Sprintf("127.0.0.1:%d", primary.port)},
		{Name: "standby", Addr: fmt.Sprintf("127.0.0.1:%d", standby.port), Disabled: true},
	}
	endpoint := startPGEndpoint(t, bin, nodes)
	dbURL := endpoint.dbURL("meldpunt")

	// Two replicas on the endpoint, sharing a keys file; the first migrates the database.
	dataDir, keys := t.TempDir(), newKeysFile(t, t.TempDir())
	devSigningKey(t, dataDir)
	flags := []string{"--dev", "--keys-file", keys, "--db-max-conns", "10"}
	var replicas []*server
	for range 2 {
		s := launchServer(t, dataDir, dbURL, flags...)
		s.logTail = 40
		if err := s.awaitServing(startTimeout); err != nil {
			t.Fatal(err)
		}
		replicas = append(replicas, s)
	}

	load := startFailoverLoad(replicas)
	t.Cleanup(load.abort)
	for loadStart := time.Now(); load.acked.Load() < failoverKillAt; {
		select {
		case <-load.done:
			t.Fatalf("the clients stopped after %d acknowledged filings, before the primary was killed:\n%s", load.acked.Load(), firstLines(load.violations(), 20))
		case <-time.After(10 * time.Millisecond):
		}
		if time.Since(loadStart) > failoverBudget {
			t.Fatalf("%d filings acknowledged in %s before the primary was killed, want %d:\n%s", load.acked.Load(), failoverBudget, failoverKillAt, firstLines(load.violations(), 20))
		}
	}

	// The worst moment to lose the primary: the standby has stopped confirming (its WAL receiver
	// frozen, as by a network stall), so what the primary writes now exists on the primary alone.
	// With synchronous replication no filing is acknowledged meanwhile — they wait for the
	// standby — and so none of them can be lost with the primary.
	receiver := standby.freezeWALReceiver(t)
	frozenAt := time.Now()
	time.Sleep(failoverFreeze)

	// Losing the primary's machine, and the failover.
	primary.kill(t)
	killedAt := time.Now()
	ackedAtKill := load.acked.Load()
	receiver.thaw()
	standby.promote(t)
	promotedAt := time.Now()
	standby.exec(t, "ALTER SYSTEM RESET synchronous_standby_names", "SELECT pg_reload_conf()")
	standby.awaitString(t, 10*time.Second, "", "SHOW synchronous_standby_names")
	endpoint.switchTo(t, "standby", nodes)
	switchedAt := time.Now()

	select {
	case <-load.done:
	case <-time.After(failoverBudget):
		t.Fatalf("%d of %d filings acknowledged %s after the primary's death", load.acked.Load(), failoverFilings, failoverBudget)
	}
	filings := load.results()

	// What the clients saw: acknowledgements, retryable refusals, nothing else.
	if v := load.violations(); len(v) > 0 {
		t.Errorf("%d answers were neither an acknowledgement nor 503 with Retry-After / Unavailable with RetryInfo:\n%s", len(v), firstLines(v, 20))
	}
	// A filing sent while the standby confirmed nothing can only have been acknowledged by the new
	// primary, after the failover: before, its commit waited for the standby until the primary
	// died. (One sent just before the freeze may have been confirmed in time: not counted.)
	var ackedDuringFreeze int
	for _, f := range filings {
		if f.ackStart.After(frozenAt) && f.ackStart.Before(killedAt) {
			ackedDuringFreeze++
		}
	}
	if ackedDuringFreeze > 0 {
		t.Errorf("%d filings sent while the standby confirmed nothing were acknowledged before the failover: commits do not wait for the standby", ackedDuringFreeze)
	}
	var refusals, afterKill, replays int
	firstAfter := map[int]time.Time{} // per replica: the first filing acknowledged after the death
	afterByGRPC := map[bool]int{}     // filings sent after the death and acknowledged, over gRPC or not
	var first time.Time
	for _, f := range filings {
		refusals += f.refusals
		if f.replayed {
			replays++
		}
		if !f.ackStart.After(killedAt) {
			continue
		}
		afterKill++
		afterByGRPC[f.grpc]++
		if first.IsZero() || f.ackAt.Before(first) {
			first = f.ackAt
		}
		if at, ok := firstAfter[f.replica]; !ok || f.ackAt.Before(at) {
			firstAfter[f.replica] = f.ackAt
		}
	}
	if len(filings) != failoverFilings {
		t.Fatalf("%d filings acknowledged, want %d", len(filings), failoverFilings)
	}
	if first.IsZero() || len(firstAfter) != len(replicas) || afterByGRPC[true] == 0 || afterByGRPC[false] == 0 {
		t.Fatalf("after the primary's death %d filings were acknowledged (%d over REST, %d over gRPC), by %d of %d replicas",
			afterKill, afterByGRPC[false], afterByGRPC[true], len(firstAfter), len(replicas))
	}
	if refusals == 0 {
		t.Errorf("no filing was refused with 503/Unavailable while the primary was down")
	}
	for i, s := range replicas {
		select {
		case <-s.exited:
			t.Errorf("replica %d exited during the failover: %v", i+1, s.waitErr)
		default:
		}
		// Readiness follows a ping of the database every second: ready again within a few.
		st := 0
		for deadline := time.Now().Add(5 * time.Second); st != http.StatusOK && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			st = readyz(&http.Client{Timeout: 3 * time.Second}, s)
		}
		if st != http.StatusOK {
			t.Errorf("replica %d: /readyz %d 5 s after the failover", i+1, st)
		}
	}

	// Every receipt code that was answered opens its report, on the new primary.
	lost, unchecked := checkReceipts(t, replicas, filings)
	stored, err := standby.queryStringIn("meldpunt", "SELECT count(*)::text FROM cases")
	if err != nil {
		t.Fatal(err)
	}
	if stored != fmt.Sprint(failoverFilings) {
		t.Errorf("the new primary holds %s cases, want exactly one per acknowledged filing (%d)", stored, failoverFilings)
	}
	if lost > 0 || unchecked > 0 {
		t.Errorf("%d of %d acknowledged filings lost: their receipt codes do not open their reports (%d more not checked: logins rate-limited after wrong codes)",
			lost, len(filings), unchecked)
	}

	slowest := slices.MaxFunc(filings, func(a, b failoverFiling) int {
		return cmp.Compare(a.ackAt.Sub(a.firstStart), b.ackAt.Sub(b.firstStart))
	})
	recovered := make([]string, len(replicas))
	for i := range replicas {
		recovered[i] = fmt.Sprintf("%.2f s", firstAfter[i].Sub(killedAt).Seconds())
	}
	t.Logf("failover: the standby's WAL receiver frozen for %.1f s, %d filings sent meanwhile acknowledged before the failover (must be 0); "+
		"then the primary killed", failoverFreeze.Seconds(), ackedDuringFreeze)
	t.Logf("failover: primary killed after %d acknowledged filings; standby promoted %.2f s later, endpoint switched at %.2f s; "+
		"first filing acknowledged %.2f s after the primary's death (per replica: %v); %d refusals (503/Unavailable) meanwhile; "+
		"%d retries answered as a replay of an attempt stored after all; longest filing with its retries %.2f s; "+
		"%d filings acknowledged, %d lost (%d not checked); new primary holds %s cases",
		ackedAtKill, promotedAt.Sub(killedAt).Seconds(), switchedAt.Sub(killedAt).Seconds(),
		first.Sub(killedAt).Seconds(), recovered, refusals, replays, slowest.ackAt.Sub(slowest.firstStart).Seconds(),
		len(filings), lost, unchecked, stored)
	// One line for scripts/bench-failover.
	t.Logf("failover-figures: first_filing_s=%.3f promoted_s=%.3f switched_s=%.3f after_switch_s=%.3f refusals=%d filings=%d lost=%d unchecked=%d",
		first.Sub(killedAt).Seconds(), promotedAt.Sub(killedAt).Seconds(), switchedAt.Sub(killedAt).Seconds(),
		first.Sub(switchedAt).Seconds(), refusals, len(filings), lost, unchecked)
}

// failoverFiling is one report filed during the failover test, with its retries.
type failoverFiling struct {
	replica    int // index of the replica it was sent to
	grpc       bool
	firstStart time.Time // the first attempt
	ackStart   time.Time // the attempt that was acknowledged
	ackAt      time.Time // its answer
	refusals   int       // 503/Unavailable answers before it
	replayed   bool      // acknowledged as a replay: an earlier attempt had been stored after all
	ref        string
	code       string // the receipt code; never logged
}

// failoverLoad is failoverClients clients filing failoverFilings reports in all, each retried
// until acknowledged.
type failoverLoad struct {
	replicas []*server
	issued   atomic.Int64
	acked    atomic.Int64
	stop     chan struct{}
	stopOnce sync.Once
	done     chan struct{}

	mu    sync.Mutex
	filed []failoverFiling
	bad   []string
}

func startFailoverLoad(replicas []*server) *failoverLoad {
	l := &failoverLoad{replicas: replicas, stop: make(chan struct{}), done: make(chan struct{})}
	var wg sync.WaitGroup
	for i := range failoverClients {
		wg.Go(func() { l.client(i%len(replicas), (i/len(replicas))%2 == 1) })
	}
	go func() { wg.Wait(); close(l.done) }()
	return l
}

// abort stops the clients, also in the middle of a filing's retries, and waits for them.
func (l *failoverLoad) abort() {
	l.stopOnce.Do(func() { close(l.stop) })
	<-l.done
}

func (l *failoverLoad) results() []failoverFiling {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.filed)
}

func (l *failoverLoad) violations() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.bad)
}

func (l *failoverLoad) client(replica int, viaGRPC bool) {
	s := l.replicas[replica]
	hc := &http.Client{Timeout: callTimeout, Transport: &http.Transport{}}
	defer hc.CloseIdleConnections()
	for l.issued.Add(1) <= failoverFilings {
		req := anonymousReport("Mijn leidinggevende maakt in het werkoverleg steeds kleinerende opmerkingen over mijn accent.")
		f := failoverFiling{replica: replica, grpc: viaGRPC, firstStart: time.Now()}
		for {
			select {
			case <-l.stop:
				return
			default:
			}
			start := time.Now()
			var refused bool
			var bad string
			if viaGRPC {
				refused, bad = l.fileGRPC(s, req, &f)
			} else {
				refused, bad = l.fileREST(s, hc, req, &f)
			}
			if !refused && bad == "" {
				f.ackStart, f.ackAt = start, time.Now()
				l.mu.Lock()
				l.filed = append(l.filed, f)
				l.mu.Unlock()
				l.acked.Add(1)
				break
			}
			if refused {
				f.refusals++
			} else {
				via := "REST"
				if viaGRPC {
					via = "gRPC"
				}
				l.mu.Lock()
				l.bad = append(l.bad, fmt.Sprintf("%s %s to replica %d: %s", time.Now().Format("15:04:05.000"), via, replica+1, bad))
				l.mu.Unlock()
			}
			time.Sleep(failoverRetryPause)
		}
	}
}

// fileGRPC sends the filing once: refused for Unavailable with a RetryInfo; bad says what else
// came back; neither for an acknowledgement (then f has its reference and code).
func (l *failoverLoad) fileGRPC(s *server, req *pb.FileReportRequest, f *failoverFiling) (refused bool, bad string) {
	c, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	res, err := s.reporter.FileReport(c, req)
	if err == nil {
		if res.GetReceiptCode() == "" || res.GetCaseReference() == "" {
			return false, "acknowledged without a case reference or receipt code"
		}
		f.ref, f.code, f.replayed = res.GetCaseReference(), res.GetReceiptCode(), res.GetReplayed()
		return false, ""
	}
	st := status.Convert(err)
	if st.Code() == codes.Unavailable {
		for _, d := range st.Details() {
			if _, ok := d.(*errdetails.RetryInfo); ok {
				return true, ""
			}
		}
		return false, fmt.Sprintf("Unavailable without RetryInfo: %s", st.Message())
	}
	return false, fmt.Sprintf("%s: %s", st.Code(), st.Message())
}

// fileREST sends the filing once over REST; see fileGRPC.
func (l *failoverLoad) fileREST(s *server, hc *http.Client, req *pb.FileReportRequest, f *failoverFiling) (refused bool, bad string) {
	body, _ := json.Marshal(map[string]any{
		"idempotencyKey": req.GetIdempotencyKey(), "category": "CATEGORY_BULLYING", "anonymity": "ANONYMITY_ANONYMOUS",
		"description": req.GetDescription(), "occurredWhen": req.GetOccurredWhen(), "occurredWhere": req.GetOccurredWhere(),
	})
	hreq, _ := http.NewRequest(http.MethodPost, s.baseURL+"/v1/reports", bytes.NewReader(body))
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("User-Agent", userAgent)
	res, err := hc.Do(hreq)
	if err != nil {
		return false, err.Error()
	}
	defer res.Body.Close()
	var out struct {
		CaseReference string `json:"caseReference"`
		ReceiptCode   string `json:"receiptCode"`
		Replayed      bool   `json:"replayed"`
		Message       string `json:"message"`
	}
	derr := json.NewDecoder(res.Body).Decode(&out)
	switch {
	case res.StatusCode == http.StatusOK:
		if derr != nil || out.CaseReference == "" || out.ReceiptCode == "" {
			return false, "HTTP 200 without a case reference or receipt code"
		}
		f.ref, f.code, f.replayed = out.CaseReference, out.ReceiptCode, out.Replayed
		return false, ""
	case res.StatusCode == http.StatusServiceUnavailable && res.Header.Get("Retry-After") != "":
		return true, ""
	}
	return false, fmt.Sprintf("HTTP %d (Retry-After %q): %s", res.StatusCode, res.Header.Get("Retry-After"), out.Message)
}

// checkReceipts logs in with every receipt code — alternately over gRPC (OpenSession) and REST
// (/v1/reporter/sessions), on alternate replicas — and checks that the session sees the filing's
// case. It returns how many do not, and how many could not be checked because logins were
// rate-limited (which only wrong codes, that is lost filings, bring about).
func checkReceipts(t *testing.T, replicas []*server, filings []failoverFiling) (lost, unchecked int) {
	t.Helper()
	var nLost, nLimited atomic.Int64
	var wg sync.WaitGroup
	next := atomic.Int64{}
	for range 4 {
		wg.Go(func() {
			hc := &http.Client{Timeout: callTimeout, Transport: &http.Transport{}}
			defer hc.CloseIdleConnections()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(filings) {
					return
				}
				f, s := filings[i], replicas[i%len(replicas)]
				var ref string
				var limited bool
				if i%2 == 0 {
					ref, limited = openViaGRPC(s, f.code)
				} else {
					ref, limited = openViaREST(s, hc, f.code)
				}
				switch {
				case limited:
					nLimited.Add(1)
				case ref != f.ref:
					nLost.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return int(nLost.Load()), int(nLimited.Load())
}

// openViaGRPC logs in with code and returns the reference of the case the session sees ("" when
// it cannot), and whether the login was refused as rate-limited.
func openViaGRPC(s *server, code string) (string, bool) {
	c, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	sess, err := s.reporter.OpenSession(c, &pb.OpenSessionRequest{ReceiptCode: code})
	if err != nil {
		return "", status.Code(err) == codes.ResourceExhausted
	}
	res, err := s.reporter.GetMyCase(withBearer(c, sess.GetSessionToken()), &pb.GetMyCaseRequest{})
	if err != nil {
		return "", false
	}
	return res.GetCase().GetCaseReference(), false
}

// openViaREST is openViaGRPC over REST.
func openViaREST(s *server, hc *http.Client, code string) (string, bool) {
	body, _ := json.Marshal(map[string]string{"receiptCode": code})
	res, err := hc.Post(s.baseURL+"/v1/reporter/sessions", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", false
	}
	var sess struct {
		SessionToken string `json:"sessionToken"`
	}
	err = json.NewDecoder(res.Body).Decode(&sess)
	res.Body.Close()
	if res.StatusCode == http.StatusTooManyRequests {
		return "", true
	}
	if err != nil || res.StatusCode != http.StatusOK {
		return "", false
	}
	req, _ := http.NewRequest(http.MethodGet, s.baseURL+"/v1/reporter/case", nil)
	req.Header.Set("Authorization", "Bearer "+sess.SessionToken)
	res, err = hc.Do(req)
	if err != nil {
		return "", false
	}
	defer res.Body.Close()
	var out struct {
		Case struct {
			CaseReference string `json:"caseReference"`
		} `json:"case"`
	}
	if res.StatusCode != http.StatusOK || json.NewDecoder(res.Body).Decode(&out) != nil {
		return "", false
	}
	return out.Case.CaseReference, false
}

// withBearer adds a bearer token to a call context (ctx does that for a test's own calls).
func withBearer(c context.Context, token string) context.Context {
	return metadata.AppendToOutgoingContext(c, "authorization", "Bearer "+token)
}
