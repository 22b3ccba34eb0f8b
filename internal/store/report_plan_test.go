package store_test

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/demo"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

// TestTheAnnualReportReadsOnlyItsYearFromIndexes: how long the annual report takes must depend on
// the year's cases, not on every case ever filed, and not on the width of the case rows (sealed
// keys, lookups). So every query the report runs reads one range of an index that holds all the
// columns it needs: SQLite's plan for it scans none of the case tables from its first row and
// reads no table row for a range of the year (a lookup of one row by its key stays allowed).
// Before, the closures, escalations and deadlines were one scan of every case, conversations,
// weighings, allegations, investigations and sanction decisions were scans of their tables, and
// the cases of the year were read row by row from the table.
func TestTheAnnualReportReadsOnlyItsYearFromIndexes(t *testing.T) {
	ctx := context.Background()
	st, url := backends[0].open(t) // SQLite: the plans below are SQLite's
	v, err := vault.NewEphemeral()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 8, 15, 12, 0, 0, 0, time.UTC)
	if err := demo.Seed(ctx, st, v, demo.Options{Cases: 600, Years: 3, Seed: 7, Now: now}, nil); err != nil {
		t.Fatalf("seed: %v", err)
	}
	db := rawDB(t, url)
	r := st.Reports()
	type traced struct {
		query string
		args  []any
	}
	var (
		mu      sync.Mutex
		queries []traced
	)
	store.TraceReports(r, func(q string, args []any) {
		mu.Lock()
		queries = append(queries, traced{q, args})
		mu.Unlock()
	})
	if _, err := r.AnnualCounts(ctx, 2025, now); err != nil {
		t.Fatal(err)
	}
	if _, err := r.YearTotals(ctx, 2021, 2025); err != nil {
		t.Fatal(err)
	}
	if len(queries) < 10 {
		t.Fatalf("traced %d queries, want every query of the report", len(queries))
	}
	// The tables that grow with the cases, by name and by the aliases the queries give them.
	big := `(cases|c|case_grounds|g|conversations|v|weighings|investigations|i|sanction_decisions|s|allegations|a)`
	scan := regexp.MustCompile(`^SCAN ` + big + `\b`)
	rangeByRow := regexp.MustCompile(`^SEARCH ` + big + ` USING INDEX .*[<>]`)
	for _, q := range queries {
		rows, err := db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q.query, q.args...)
		if err != nil {
			t.Fatalf("%s: %v", q.query, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		for _, step := range plan {
			if scan.MatchString(step) || rangeByRow.MatchString(step) {
				t.Errorf("%q in the plan of\n%s\nplan:\n  %s", step, q.query, strings.Join(plan, "\n  "))
			}
		}
	}
}
