package store_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/demo"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

// TestAnnualCountsAgreeWithOneQueryPerFigure seeds a randomized demo organisation — cases over
// four years in every stage, then some of them moved out of any unit, acknowledged late or
// closed without an outcome — and checks that the annual report's counts, durations and
// deadlines are, for every year and for the year in progress, and the totals per year are exactly those of the reference
// implementation that asks the database one question per figure. On both databases.
func TestAnnualCountsAgreeWithOneQueryPerFigure(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		v, err := vault.NewEphemeral()
		if err != nil {
			t.Fatal(err)
		}
		seed := uint64(time.Now().UnixNano())
		t.Logf("seed %d", seed)
		rnd := rand.New(rand.NewPCG(seed, 1))
		now := time.Date(2026, 8, 15, 12, 0, 0, 0, time.UTC)
		if err := demo.Seed(ctx, st, v, demo.Options{Cases: 1500 + rnd.IntN(1000), Years: 4, Seed: seed, Now: now}, nil); err != nil {
			t.Fatalf("seed: %v", err)
		}
		db := rawDB(t, url)
		// tenth is a random tenth (a twentieth) of the rows, in either database's dialect.
		tenth, twentieth := "random() < 0.1", "random() < 0.05"
		if !store.IsPostgres(url) {
			tenth, twentieth = "abs(random()) % 10 = 0", "abs(random()) % 20 = 0"
		}
		for _, stmt := range []string{
			// Some reports never tied to a unit, some acknowledged late (at closure), some closed
			// without an outcome, a unit whose parent is unknown (so a top-level unit of its own).
			`UPDATE cases SET unit_id = NULL WHERE escalated_at IS NULL AND ` + tenth,
			`UPDATE cases SET acknowledged_at = closed_at WHERE closed_at > ack_due_at AND acknowledged_at IS NOT NULL AND ` + tenth,
			`UPDATE cases SET outcome = NULL WHERE closed_at IS NOT NULL AND ` + twentieth,
			`UPDATE org_units SET parent_code = 'NO-SUCH-UNIT' WHERE id IN (SELECT id FROM org_units WHERE parent_code IS NOT NULL AND parent_code <> '' ORDER BY code LIMIT 1)`,
		} {
			res, err := db.ExecContext(ctx, stmt)
			if err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				t.Fatalf("%s: changed nothing", stmt)
			}
		}
		r := st.Reports()
		for _, at := range []time.Time{now, now.AddDate(1, 0, 0)} {
			for year := now.Year() - 4; year <= now.Year(); year++ {
				want, err := r.AnnualCountsReference(ctx, year, at)
				if err != nil {
					t.Fatalf("reference %d: %v", year, err)
				}
				got, err := r.AnnualCounts(ctx, year, at)
				if err != nil {
					t.Fatalf("annual counts %d: %v", year, err)
				}
				if want.Reports == 0 && year >= now.Year()-3 {
					t.Fatalf("%d: no reports seeded", year)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%d (at %s): got\n%+v\nwant\n%+v", year, at.Format(time.DateOnly), got, want)
				}
			}
		}
		for _, span := range [][2]int{{now.Year() - 5, now.Year()}, {now.Year(), now.Year()}, {now.Year() - 2, now.Year() - 3}} {
			want, err := r.YearTotalsReference(ctx, span[0], span[1])
			if err != nil {
				t.Fatalf("reference year totals %v: %v", span, err)
			}
			got, err := r.YearTotals(ctx, span[0], span[1])
			if err != nil {
				t.Fatalf("year totals %v: %v", span, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("year totals %v: got %+v, want %+v", span, got, want)
			}
		}
	})
}
