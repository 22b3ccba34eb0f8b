package bench

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/audittrail"
	"github.com/utrecht/meldpunt/internal/demo"
	"github.com/utrecht/meldpunt/internal/pgtest"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

// Environment of BenchmarkAuditCheckpoint (run it with scripts/bench-audit).
const (
	// envAuditCases overrides the number of cases seeded (default 10,000).
	envAuditCases = "MELDPUNT_BENCH_AUDIT_CASES"
	// envAuditReads overrides the events written on each case after its seeding (default 9), so
	// that a trail has that many events and one more.
	envAuditReads = "MELDPUNT_BENCH_AUDIT_READS"
)

// BenchmarkAuditCheckpoint measures a signed checkpoint over every case's head and `meldpunt
// audit verify --all`, without and with a checkpoint, on a durable PostgreSQL cluster of its own
// with 10,000 demo cases of 10 sealed events each. One iteration is one checkpoint and both
// verifications; use -benchtime=1x.
func BenchmarkAuditCheckpoint(b *testing.B) {
	n, err := envInt(envAuditCases, 10_000)
	if err != nil {
		b.Fatal(err)
	}
	reads, err := envInt(envAuditReads, 9)
	if err != nil {
		b.Fatal(err)
	}
	parent := os.TempDir()
	if os.Geteuid() == 0 {
		parent = "/tmp"
	}
	dir, err := os.MkdirTemp(parent, "meldpunt-bench-audit-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(dir)
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
	_, err = root.ExecContext(ctx, `CREATE DATABASE meldpunt_audit`)
	root.Close()
	if err != nil {
		b.Fatal(err)
	}
	dsn := withDatabase(adminDSN, "meldpunt_audit")
	keys := filepath.Join(b.TempDir(), "keys.json")
	if err := vault.Init(keys); err != nil {
		b.Fatal(err)
	}
	v, err := vault.Load(keys)
	if err != nil {
		b.Fatal(err)
	}
	seal := audit.SealerFrom(v)

	// Seeding is set-up, not measured.
	seedDSN, err := withParams(dsn, "synchronous_commit=off")
	if err != nil {
		b.Fatal(err)
	}
	seeder, err := store.Open(ctx, seedDSN, store.Options{MaxOpenConns: 4})
	if err != nil {
		b.Fatal(err)
	}
	if err := seeder.Migrate(nil); err != nil {
		b.Fatal(err)
	}
	seeder.SetAuditSealer(seal)
	t0 := time.Now()
	if err := demo.Seed(ctx, seeder, v, demo.Options{Cases: n, Years: 3}, nil); err != nil {
		b.Fatal(err)
	}
	auditor := audittrail.Actor{Subject: "bench-auditor", Auditor: true}
	seedTrail, err := audittrail.New(audittrail.Config{Repo: seeder.AuditTrails(), Seal: seal})
	if err != nil {
		b.Fatal(err)
	}
	var refs []string
	if err := sqlRows(ctx, dsn, `SELECT reference FROM cases`, func(s string) { refs = append(refs, s) }); err != nil {
		b.Fatal(err)
	}
	var (
		wg   sync.WaitGroup
		next atomic.Int64
		fail atomic.Value
	)
	for range 4 {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(refs); i = int(next.Add(1)) - 1 {
				for range reads {
					if _, err := seedTrail.List(ctx, auditor, refs[i], 1, ""); err != nil {
						fail.Store(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	if err, _ := fail.Load().(error); err != nil {
		b.Fatal(err)
	}
	seeder.Close()
	admin, err := sql.Open("postgres", dsn)
	if err != nil {
		b.Fatal(err)
	}
	var events int
	if err := admin.QueryRowContext(ctx, `SELECT count(*) FROM audit_events`).Scan(&events); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{`VACUUM (ANALYZE)`, `CHECKPOINT`} {
		if _, err := admin.ExecContext(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	admin.Close()
	fmt.Fprintf(os.Stderr, "bench: seeded %s cases, %s audit events in %s\n", thousands(n), thousands(events), time.Since(t0).Round(100*time.Millisecond))

	st, err := store.Open(ctx, dsn, store.Options{MaxOpenConns: 4})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	st.SetAuditSealer(seal)
	key := audit.CheckpointKey(v)
	trail, err := audittrail.New(audittrail.Config{Repo: st.AuditTrails(), Seal: seal, Checkpoints: st.AuditTrails(), CheckpointKey: key})
	if err != nil {
		b.Fatal(err)
	}
	var cpTime, allTime, withTime time.Duration
	b.ResetTimer()
	for range b.N {
		t := time.Now()
		note, cp, _, err := trail.MakeCheckpoint(ctx, false)
		if err != nil {
			b.Fatal(err)
		}
		cpTime += time.Since(t)
		if cp.Size != int64(n) {
			b.Fatalf("checkpoint of %d cases, want %d", cp.Size, n)
		}
		t = time.Now()
		res, err := trail.VerifyAll(ctx, auditor, "", nil, nil)
		if err != nil || !res.Intact() || res.Cases != n {
			b.Fatalf("verify --all: %d cases, %d findings, %v", res.Cases, len(res.Findings), err)
		}
		allTime += time.Since(t)
		t = time.Now()
		res, err = trail.VerifyAll(ctx, auditor, note, key.Public().(ed25519.PublicKey), nil)
		if err != nil || !res.Intact() {
			b.Fatalf("verify --all --checkpoint: %d findings, %v", len(res.Findings), err)
		}
		withTime += time.Since(t)
	}
	b.StopTimer()
	b.ReportMetric(cpTime.Seconds()/float64(b.N), "checkpoint-s")
	b.ReportMetric(allTime.Seconds()/float64(b.N), "verify-all-s")
	b.ReportMetric(withTime.Seconds()/float64(b.N), "verify-checkpoint-s")
	b.ReportMetric(float64(events)/(allTime.Seconds()/float64(b.N)), "events/s")
}

// sqlRows runs a query of one text column and hands each value to fn.
func sqlRows(ctx context.Context, dsn, query string, fn func(string)) error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		fn(s)
	}
	return rows.Err()
}
