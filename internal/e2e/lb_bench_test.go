package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// benchClients is the number of concurrent reporters in BenchmarkLoadBalanced.
const benchClients = 32

// BenchmarkLoadBalanced (run by scripts/bench-lb, with -benchtime=1x): report filing over REST
// through HAProxy (TLS there, round robin over three replicas) against filing straight to one
// replica (plain HTTP), each by 32 concurrent clients with a keep-alive connection of their own,
// for MELDPUNT_BENCH_LB_SECONDS (default 10) after a 2-second warm-up; then how long the
// replicas take to be ready again after PostgreSQL returns from a 5-second outage. PostgreSQL is
// a cluster of the benchmark's own with durable settings (fsync and synchronous commit on).
// Client, HAProxy, replicas and PostgreSQL share this machine's cores.
func BenchmarkLoadBalanced(b *testing.B) {
	haproxyPath(b)
	seconds := 10
	if v := os.Getenv("MELDPUNT_BENCH_LB_SECONDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			b.Fatalf("MELDPUNT_BENCH_LB_SECONDS=%q: want a positive number of seconds", v)
		}
		seconds = n
	}
	run := time.Duration(seconds) * time.Second
	pg := startOwnCluster(b) // durable: none of pgtest.FastOpts
	tp := startTopology(b, pg.newDatabase(b, "meldpunt_bench"))
	direct := &http.Client{Timeout: callTimeout, Transport: &http.Transport{MaxIdleConns: 2 * benchClients, MaxIdleConnsPerHost: 2 * benchClients}}

	b.Run("filing/via=lb", func(b *testing.B) { benchFiling(b, tp.lb.client(2*benchClients, nil), tp.lb.baseURL, run) })
	b.Run("filing/via=direct", func(b *testing.B) { benchFiling(b, direct, tp.replicas[0].baseURL, run) })
	b.Run("recovery", func(b *testing.B) {
		probe := &http.Client{Timeout: 3 * time.Second}
		pg.down(b)
		time.Sleep(5 * time.Second)
		pg.up(b)
		upAt := time.Now()
		var slowest time.Duration
		for _, s := range tp.replicas {
			for readyz(probe, s) != http.StatusOK {
				if time.Since(upAt) > time.Minute {
					b.Fatalf("a replica was not ready within a minute of the database's return")
				}
				time.Sleep(50 * time.Millisecond)
			}
			slowest = max(slowest, time.Since(upAt))
		}
		lb := tp.lb.client(2, nil)
		for fileOnce(lb, tp.lb.baseURL) != nil {
			if time.Since(upAt) > time.Minute {
				b.Fatalf("no filing through the load balancer within a minute of the database's return")
			}
			time.Sleep(50 * time.Millisecond)
		}
		b.ReportMetric(0, "ns/op")
		b.ReportMetric(slowest.Seconds(), "ready-s")
		b.ReportMetric(time.Since(upAt).Seconds(), "lb-filing-s")
	})
}

// benchFiling files reports at base with benchClients concurrent clients for d (after a
// warm-up) and reports filings/s, the latency's median and 99th percentile, and failures.
func benchFiling(b *testing.B, c *http.Client, base string, d time.Duration) {
	load := func(d time.Duration) (n int, failed int64, lat []time.Duration) {
		var mu sync.Mutex
		var fails atomic.Int64
		var wg sync.WaitGroup
		end := time.Now().Add(d)
		for range benchClients {
			wg.Go(func() {
				var mine []time.Duration
				for time.Now().Before(end) {
					t0 := time.Now()
					if err := fileOnce(c, base); err != nil {
						fails.Add(1)
						continue
					}
					mine = append(mine, time.Since(t0))
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			})
		}
		wg.Wait()
		return len(lat), fails.Load(), lat
	}
	load(2 * time.Second)
	b.ResetTimer()
	start := time.Now()
	n, failed, lat := load(d)
	elapsed := time.Since(start)
	b.StopTimer()
	if n == 0 {
		b.Fatalf("no filing succeeded (%d failed)", failed)
	}
	slices.Sort(lat)
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(float64(n)/elapsed.Seconds(), "filings/s")
	b.ReportMetric(float64(lat[n/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[n*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(failed), "failed")
}

// fileOnce files one anonymous report over REST and returns an error unless it was filed.
func fileOnce(c *http.Client, base string) error {
	body, _ := json.Marshal(map[string]any{
		"idempotencyKey": newKey(), "category": "CATEGORY_BULLYING", "anonymity": "ANONYMITY_ANONYMOUS",
		"description": "Mijn leidinggevende maakt al maanden in werkoverleggen kleinerende opmerkingen over mij " +
			"en over twee collega's, vooral over ons accent en onze leeftijd. Ik wil dat dit stopt.",
	})
	res, err := c.Post(base+"/v1/reports", "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d", res.StatusCode)
	}
	return nil
}
