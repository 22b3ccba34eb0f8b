package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/store"
)

// The overdue counts of the metrics follow the deadline rules the staff see (Policy.Deadlines):
// counted in the database, they agree with evaluating every case's deadlines one by one.
func TestOverdueCountsFollowTheDeadlineRules(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)}
		svc := newClockedService(t, st, c)
		check := func(wantOpen int, want map[string]int) {
			t.Helper()
			open, byKind, err := st.OverdueCounts(ctx, c.Now())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, byKind); open != wantOpen || diff != "" {
				t.Fatalf("overdue: %d open cases (want %d), per deadline (-want +got):\n%s", open, wantOpen, diff)
			}
			// The same by the rules, case by case.
			p, err := svc.ListCases(ctx, intake, cases.ListFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			ruled, ruledOpen := map[string]int{cases.DeadlineAcknowledgement: 0, cases.DeadlineFeedback: 0, cases.DeadlineWeighing: 0}, 0
			for _, s := range p.Cases {
				late := false
				for _, d := range svc.Policy().Deadlines(s, c.Now()) {
					if d.Overdue {
						ruled[d.Kind]++
						late = true
					}
				}
				if late {
					ruledOpen++
				}
			}
			if diff := cmp.Diff(ruled, byKind); ruledOpen != open || diff != "" {
				t.Fatalf("the counts differ from the rules: %d open by the rules; (-rules +counts):\n%s", ruledOpen, diff)
			}
		}
		zero := map[string]int{cases.DeadlineAcknowledgement: 0, cases.DeadlineFeedback: 0, cases.DeadlineWeighing: 0}
		check(0, zero)
		a, err := svc.FileReport(ctx, anonymousReport("first report, will be late"))
		if err != nil {
			t.Fatal(err)
		}
		c.Advance(3 * 24 * time.Hour)
		b, err := svc.FileReport(ctx, anonymousReport("second report, acknowledged in time"))
		if err != nil {
			t.Fatal(err)
		}
		c.Advance(5 * 24 * time.Hour)
		check(1, map[string]int{cases.DeadlineAcknowledgement: 1, cases.DeadlineFeedback: 0, cases.DeadlineWeighing: 0})
		if _, err := svc.Acknowledge(ctx, intake, b.Summary.Reference, ""); err != nil {
			t.Fatal(err)
		}
		c.Advance(100 * 24 * time.Hour)
		check(2, map[string]int{cases.DeadlineAcknowledgement: 1, cases.DeadlineFeedback: 1, cases.DeadlineWeighing: 0})
		if _, err := svc.Acknowledge(ctx, intake, a.Summary.Reference, ""); err != nil {
			t.Fatal(err)
		}
		check(1, map[string]int{cases.DeadlineAcknowledgement: 0, cases.DeadlineFeedback: 1, cases.DeadlineWeighing: 0})
	})
}
