package bench

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/demo"
	"github.com/utrecht/meldpunt/internal/keyrotation"
	"github.com/utrecht/meldpunt/internal/pgtest"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

// Environment of BenchmarkRotate (run it with scripts/bench-rotate).
const (
	// envRotateCases overrides the number of cases seeded (default 100,000).
	envRotateCases = "MELDPUNT_BENCH_ROTATE_CASES"
	// envRotateBatch overrides the cases per re-wrap transaction (default keyrotation.DefaultBatch).
	envRotateBatch = "MELDPUNT_BENCH_ROTATE_BATCH"
)

func envInt(name string, def int) (int, error) {
	s := os.Getenv(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, "_", ""))
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s=%q: want a positive number", name, s)
	}
	return n, nil
}

// BenchmarkRotate measures `meldpunt keys rotate --rolled-out` (step 2: every case key
// re-wrapped under the new key, batch by batch, each batch a durable commit) and `keys retire
// --rolled-out` (step 3: a pass that finds nothing to re-wrap, then every case key opened with
// the new key alone) on a durable PostgreSQL cluster of its own, with 100,000 demo cases seeded
// through the store. One iteration is one whole rotation; use -benchtime=1x.
func BenchmarkRotate(b *testing.B) {
	n, err := envInt(envRotateCases, 100_000)
	if err != nil {
		b.Fatal(err)
	}
	batch, err := envInt(envRotateBatch, keyrotation.DefaultBatch)
	if err != nil {
		b.Fatal(err)
	}
	parent := os.TempDir()
	if os.Geteuid() == 0 {
		parent = "/tmp" // the postgres user must be able to reach the cluster directory
	}
	dir, err := os.MkdirTemp(parent, "meldpunt-bench-rotate-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// Durable PostgreSQL defaults: nothing here touches fsync, synchronous_commit or full_page_writes.
	stop, adminDSN, err := pgtest.StartCluster(dir, 0)
	if err != nil && strings.Contains(err.Error(), "no PostgreSQL server binaries") {
		b.Skipf("bench: PostgreSQL not available: %v", err)
	}
	if err != nil {
		b.Fatal(err)
	}
	defer stop()
	ctx := context.Background()
	root, err := sql.Open("postgres", adminDSN)
	if err != nil {
		b.Fatal(err)
	}
	_, err = root.ExecContext(ctx, `CREATE DATABASE meldpunt_rotate`)
	root.Close()
	if err != nil {
		b.Fatal(err)
	}
	dsn := withDatabase(adminDSN, "meldpunt_rotate")
	st, err := store.Open(ctx, dsn, store.Options{MaxOpenConns: 4})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(nil); err != nil {
		b.Fatal(err)
	}
	keys := filepath.Join(b.TempDir(), "keys.json")
	if err := vault.Init(keys); err != nil {
		b.Fatal(err)
	}
	v, err := vault.Load(keys)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := v.Bind(ctx, st.KeyChecks(), true); err != nil {
		b.Fatal(err)
	}

	// Seeding is set-up, not measured: without waiting for each commit to be flushed.
	seedDSN, err := withParams(dsn, "synchronous_commit=off")
	if err != nil {
		b.Fatal(err)
	}
	seeder, err := store.Open(ctx, seedDSN, store.Options{MaxOpenConns: 4})
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	err = demo.Seed(ctx, seeder, v, demo.Options{Cases: n, Years: 3}, func(done, total int) {
		if done%20_000 == 0 || done == total {
			fmt.Fprintf(os.Stderr, "bench: seeded %s/%s cases\n", thousands(done), thousands(total))
		}
	})
	seeder.Close()
	if err != nil {
		b.Fatal(err)
	}
	admin, err := sql.Open("postgres", dsn)
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{`VACUUM (ANALYZE)`, `CHECKPOINT`} {
		if _, err := admin.ExecContext(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	admin.Close()
	fmt.Fprintf(os.Stderr, "bench: seeded %s cases in %s; re-wrap batches of %d\n", thousands(n), time.Since(t0).Round(100*time.Millisecond), batch)

	rot, err := keyrotation.New(keyrotation.Config{Repo: st.KeyRotations(), KeysFile: keys, Batch: batch})
	if err != nil {
		b.Fatal(err)
	}
	var rewrapped, checked int
	var rewrapTime, retireTime time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		if _, err := rot.Rotate(ctx, false); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t := time.Now()
		res, err := rot.Rotate(ctx, true)
		if err != nil {
			b.Fatal(err)
		}
		rewrapTime += time.Since(t)
		rewrapped += res.Rewrapped
		t = time.Now()
		res, err = rot.Retire(ctx, true)
		if err != nil {
			b.Fatal(err)
		}
		retireTime += time.Since(t)
		checked += res.Checked
	}
	b.StopTimer()
	if rewrapped != n*b.N {
		b.Fatalf("re-wrapped %d case keys, want %d", rewrapped, n*b.N)
	}
	b.ReportMetric(float64(rewrapped)/rewrapTime.Seconds(), "rewraps/s")
	b.ReportMetric(rewrapTime.Seconds()/float64(b.N), "rewrap-s")
	b.ReportMetric(float64(checked)/retireTime.Seconds(), "retire-checks/s")
	b.ReportMetric(retireTime.Seconds()/float64(b.N), "retire-s")
	b.ReportMetric(0, "ns/op")
}
