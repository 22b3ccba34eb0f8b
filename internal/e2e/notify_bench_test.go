package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/pgtest"
)

// TestNotificationBenchmark measures, on each database, the daily digest for N staff (default
// 1,000: each an adviser with one case whose acknowledgement is due within 7 days) and the
// sending of 2N messages (N assignments and N digests) through mailpit with STARTTLS and AUTH.
// It runs only when MELDPUNT_BENCH_NOTIFY is set (scripts/bench-notify); MELDPUNT_BENCH_NOTIFY_STAFF
// sets N.
func TestNotificationBenchmark(t *testing.T) {
	if os.Getenv("MELDPUNT_BENCH_NOTIFY") == "" {
		t.Skip("a benchmark: run scripts/bench-notify")
	}
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("MELDPUNT_BENCH_NOTIFY_STAFF")); err == nil && v > 0 {
		n = v
	}
	for _, db := range databases {
		t.Run(db, func(t *testing.T) {
			mp := startMailpit(t)
			var dbURL string
			if db == "postgres" {
				dbURL = pgtest.NewDatabase(t, "empty", nil)
			}
			dir := t.TempDir()
			a := startServerWith(t, dir, dbURL, mp.serverFlags("--dev", "--notify-interval", "1h")...)
			var emps strings.Builder
			emps.WriteString("number;name;email;unit_code;staff_subject\n")
			for i := range n {
				fmt.Fprintf(&emps, "%d;Staff %d;s%d@utrecht.example;B;s%d\n", 10000+i, i, i, i)
			}
			a.importOrgCSV(t, "unit_code;unit_name;parent_code;manager_number\nB;Bench;;\n", emps.String())
			ids := make([]string, n)
			parallel(n, func(i int) {
				ids[i] = a.createAdviser(t, fmt.Sprintf("s%d", i), fmt.Sprintf("Staff %d", i))
				b := newStaffBrowser(t, a)
				if res, _ := b.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {fmt.Sprintf("s%d", i)}, "name": {"Staff"}, "role": {"adviser"}}); res.StatusCode != http.StatusSeeOther {
					t.Errorf("dev sign-in: %d", res.StatusCode)
				}
				req := anonymousReport("Something happened.")
				req.AdviserId = ids[i]
				a.fileReport(t, req)
			})
			a.stop(t)
			if c := mp.count(t); c != 0 {
				t.Fatalf("%d sent before the sender ran", c)
			}

			start := time.Now()
			b := startServerWith(t, dir, dbURL, mp.serverFlags("--dev", "--notify-digest-hour", "0")...)
			var first time.Time
			firstCount := 0
			deadline := time.Now().Add(10 * time.Minute)
			for {
				c := mp.count(t)
				if c > 0 && first.IsZero() {
					first, firstCount = time.Now(), c
				}
				if c >= 2*n || time.Now().After(deadline) {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			end := time.Now()
			got := mp.await(t, 2*n, "the benchmark's messages")
			distinctMessageIDs(t, got, 2*n)
			took := digestTook(t, b.logs.String())
			rate := float64(2*n-firstCount) / end.Sub(first).Seconds()
			t.Logf("%s: digest for %d staff queued in %s; %d messages sent in %s from the sender's start (%.0f messages/s once sending)",
				db, n, took, 2*n, end.Sub(start).Round(time.Millisecond), rate)
		})
	}
}

// parallel runs f(0..n-1) on 8 workers.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	work := make(chan int)
	for range 8 {
		wg.Go(func() {
			for i := range work {
				f(i)
			}
		})
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
}

// digestTook finds the digest's duration in the server's log.
func digestTook(t *testing.T, logs string) string {
	t.Helper()
	for line := range strings.SplitSeq(logs, "\n") {
		var rec struct {
			Msg  string `json:"msg"`
			Took string `json:"took"`
		}
		if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "daily digest of deadlines queued" {
			return rec.Took
		}
	}
	t.Fatal("no digest in the log")
	return ""
}
