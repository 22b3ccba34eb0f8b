package bench

// The annual report at volume (issue 6): MELDPUNT_BENCH_REPORT_CASES demo cases (default
// 1,000,000) over 5 years, seeded with `meldpunt demo seed` into their own database of the
// durable cluster of bench_test.go (or, with MELDPUNT_BENCH_REPORT_DB=sqlite, into the embedded
// SQLite file); then `meldpunt report annual` for the last full year, as a separate process —
// the time it takes end to end and its peak resident memory (the kernel's rusage maxrss) are the
// figures. See scripts/bench-report.

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

const envBenchReportCases = "MELDPUNT_BENCH_REPORT_CASES"

// envBenchReportDB=sqlite seeds and reports on the embedded SQLite database (a file in the
// benchmark's directory) instead of PostgreSQL.
const envBenchReportDB = "MELDPUNT_BENCH_REPORT_DB"

var (
	reportOnce                      sync.Once
	reportBin, reportDir, reportURL string
	reportErr                       error
)

func BenchmarkAnnualReport(b *testing.B) {
	e := getEnv(b)
	reportOnce.Do(func() { reportErr = seedReport(b, e) })
	if reportErr != nil {
		b.Fatal(reportErr)
	}
	year := time.Now().Year() - 1
	out := filepath.Join(reportDir, "report.html")
	b.ResetTimer()
	var worst time.Duration
	var peak int64
	for i := 0; i < b.N; i++ {
		d, rss, err := runMeldpunt("report", "annual", "--year", strconv.Itoa(year), "--format", "html", "--out", out)
		if err != nil {
			b.Fatal(err)
		}
		worst, peak = max(worst, d), max(peak, rss)
	}
	b.StopTimer()
	b.ReportMetric(worst.Seconds(), "worst-s")
	b.ReportMetric(float64(peak)/1024, "peak-rss-MB")
}

// runMeldpunt runs the built binary on the report database and returns its wall time and peak
// resident memory (KiB).
func runMeldpunt(args ...string) (time.Duration, int64, error) {
	args = append(args, "--data-dir", reportDir, "--log-format", "text")
	if reportURL != "" { // else the embedded SQLite file in the data directory
		args = append(args, "--database-url", reportURL)
	}
	cmd := exec.Command(reportBin, args...)
	cmd.Env = append(os.Environ(), "MELDPUNT_KEYS_FILE="+filepath.Join(reportDir, "keys.json"))
	if args[0] == "demo" {
		cmd.Stderr = os.Stderr // the seeding's progress
	}
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("%v: %w", args, err)
	}
	return time.Since(t0), cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss, nil
}

func seedReport(b *testing.B, e *env) error {
	n := 1_000_000
	if v := os.Getenv(envBenchReportCases); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			return fmt.Errorf("%s=%q: want a positive number", envBenchReportCases, v)
		}
	}
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "meldpunt-bench-report-")
	if err != nil {
		return err
	}
	e.closers = append(e.closers, func() { _ = os.RemoveAll(dir) })
	reportDir, reportBin = dir, filepath.Join(dir, "meldpunt")
	if out, err := exec.Command("go", "build", "-o", reportBin, "../../cmd/meldpunt").CombinedOutput(); err != nil {
		return fmt.Errorf("build: %v\n%s", err, out)
	}
	sqlite := false
	switch v := os.Getenv(envBenchReportDB); v {
	case "", "postgres":
	case "sqlite":
		sqlite = true
	default:
		return fmt.Errorf("%s=%q: want postgres or sqlite", envBenchReportDB, v)
	}
	if !sqlite {
		if _, err := e.admin.ExecContext(ctx, `CREATE DATABASE meldpunt_report`); err != nil {
			return err
		}
		reportURL = withDatabase(e.dsn, "meldpunt_report")
	}
	if out, err := exec.Command(reportBin, "keys", "init", "--keys-file", filepath.Join(dir, "keys.json")).CombinedOutput(); err != nil {
		return fmt.Errorf("keys: %v\n%s", err, out)
	}
	took, _, err := runMeldpunt("demo", "seed", "--cases", strconv.Itoa(n), "--years", "5")
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "bench: seeded %d cases in %s\n", n, took.Round(time.Second))
	driver, dsn, analyze := "postgres", reportURL, `VACUUM (ANALYZE)`
	if sqlite {
		driver, dsn, analyze = "sqlite", "file:"+filepath.Join(reportDir, "meldpunt.db"), `ANALYZE`
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, analyze)
	return err
}
