package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/sanctions"
	"github.com/utrecht/meldpunt/internal/store"
)

// TestALateSummaryDismissalIsRecordedWithAWarning: a signal told to Bert about Sam's fraud goes
// straight to weighing, fact-finding, a hearing and findings; a summary dismissal a week after the
// facts became known is decided, but recorded as late with a warning.
func TestALateSummaryDismissalIsRecordedWithAWarning(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		orgFixture(t, st)
		c := &clock{now: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)}
		svc := newClockedService(t, st, c)
		bert := cases.StaffActor{Subject: "mgr-bo", Manager: true}
		ita := cases.StaffActor{Subject: "ita-1", IntegrityTeam: true}

		r := anonymousReport("Sam declares hours he did not work, every month.")
		r.Category = "FRAUD_THEFT_EMBEZZLEMENT"
		f, err := svc.RecordSignal(ctx, bert, r, "BO", true, nil)
		if err != nil {
			t.Fatal(err)
		}
		ref := f.Summary.Reference
		step := func(what string, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
		version := func() int64 {
			t.Helper()
			d, err := svc.GetCase(ctx, bert, ref)
			step("read", err)
			return d.Version
		}
		_, err = svc.Weigh(ctx, bert, ref, cases.Weighing{Outcome: cases.ReasonableSuspicion,
			Rationale: "Timesheets and access logs disagree for months.", Checklist: cases.Checklist{ConcreteFacts: true, Severity: "HIGH"}}, version())
		step("weigh", err)
		_, err = svc.StartInvestigation(ctx, bert, ref, cases.Plan{Scope: "Compare timesheets and access logs."}, []string{"ita-1"}, version())
		step("start", err)
		al, err := svc.AddAllegation(ctx, ita, ref, "CAT-FRAUD_THEFT_EMBEZZLEMENT", "HIGH", "Hours declared without being present.")
		step("allegation", err)
		step("hearing", svc.RecordHearing(ctx, ita, ref, c.Now(), "", true))
		_, err = svc.SetFindings(ctx, bert, ref, []cases.FindingInput{{AllegationID: al.ID, Finding: cases.Proven, Reasoning: "Logs show absence on 40 declared days."}}, version())
		step("findings", err)
		step("assessment", svc.RecordAssessment(ctx, ita, ref, "Proven fraud with working hours: a serious integrity violation.", nil))

		known := c.Now()
		c.Advance(7 * 24 * time.Hour)
		_, res, warning, err := svc.DecideSanction(ctx, bert, ref, sanctions.SummaryDismissal, "", cases.Circumstances{}, known, version())
		step("decide", err)
		if warning == "" || res.RuleSetVersion == "" {
			t.Fatalf("a summary dismissal a week after the facts: warning %q, rule set %q; want a warning", warning, res.RuleSetVersion)
		}
	})
}
