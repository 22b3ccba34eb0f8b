package store_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/report"
	"github.com/utrecht/meldpunt/internal/sanctions"
	"github.com/utrecht/meldpunt/internal/store"
)

// TestAnnualCountsAreComputedInTheDatabase files a year's worth of reports through the domain
// service — web reports of several categories, grounds and anonymity choices, one acknowledged
// late, a report from the year before, and a signal told to a manager that goes through
// fact-finding to a (lighter, motivated) sanction for proven discrimination — and checks every
// count, duration and deadline the annual report takes from the database, on both databases.
func TestAnnualCountsAreComputedInTheDatabase(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		orgFixture(t, st)
		c := &clock{now: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)}
		svc := newClockedService(t, st, c)
		step := func(what string, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
		_, err := svc.FileReport(ctx, anonymousReport("Last year's report about bullying in the team."))
		step("2025 report", err)

		c.now = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		web := []struct {
			category  cases.Category
			grounds   []string
			anonymity cases.Anonymity
		}{
			{"DISCRIMINATION", []string{"RELIGION"}, cases.Anonymous},
			{"DISCRIMINATION", []string{"RELIGION", "AGE"}, cases.Confidential},
			{"DISCRIMINATION", []string{"ORIGIN_ETHNICITY"}, cases.Anonymous},
			{"DISCRIMINATION", nil, cases.Named},
			{"BULLYING", nil, cases.Anonymous},
			{"BULLYING", nil, cases.Anonymous},
		}
		var refs []string
		for i, w := range web {
			r := anonymousReport("A report filed for the annual counts, number " + string(rune('A'+i)) + ".")
			r.Category, r.Grounds, r.Anonymity = w.category, w.grounds, w.anonymity
			if w.anonymity != cases.Anonymous {
				r.Identity = &cases.Identity{Name: "Reporter " + string(rune('A'+i))}
			}
			f, err := svc.FileReport(ctx, r)
			step("file", err)
			refs = append(refs, f.Summary.Reference)
		}
		c.Advance(48 * time.Hour)
		for _, ref := range refs[:5] {
			_, err := svc.Acknowledge(ctx, intake, ref, "")
			step("acknowledge", err)
		}
		c.Advance(8 * 24 * time.Hour) // the sixth is acknowledged after 10 days: late
		_, err = svc.Acknowledge(ctx, intake, refs[5], "")
		step("late acknowledgement", err)

		// A signal told to Bert: weighed, investigated, proven discrimination, a motivated
		// written warning (lighter than recommended), closed.
		bert := cases.StaffActor{Subject: "mgr-bo", Manager: true}
		ita := cases.StaffActor{Subject: "ita-1", IntegrityTeam: true}
		sr := anonymousReport("Remarks about a colleague's headscarf, repeatedly, in the team meeting.")
		sr.Category = "DISCRIMINATION"
		f, err := svc.RecordSignal(ctx, bert, sr, "BO", true, nil)
		step("signal", err)
		ref := f.Summary.Reference
		version := func() int64 {
			t.Helper()
			d, err := svc.GetCase(ctx, bert, ref)
			step("read", err)
			return d.Version
		}
		c.Advance(3 * 24 * time.Hour)
		_, err = svc.Weigh(ctx, bert, ref, cases.Weighing{Outcome: cases.ReasonableSuspicion,
			Rationale: "Several colleagues heard the remarks.", Checklist: cases.Checklist{ConcreteFacts: true, Severity: "HIGH"}}, version())
		step("weigh", err)
		_, err = svc.StartInvestigation(ctx, bert, ref, cases.Plan{Scope: "What was said."}, []string{"ita-1"}, version())
		step("start", err)
		al, err := svc.AddAllegation(ctx, ita, ref, "GC-1.2", "HIGH", "Remarks about religion.")
		step("allegation", err)
		step("hearing", svc.RecordHearing(ctx, ita, ref, c.Now(), "", true))
		_, err = svc.SetFindings(ctx, bert, ref, []cases.FindingInput{{AllegationID: al.ID, Finding: cases.Proven, Reasoning: "Four witnesses."}}, version())
		step("findings", err)
		step("assessment", svc.RecordAssessment(ctx, ita, ref, "Proven discriminatory remarks about religion: GC-1.2.", []string{"RELIGION"}))
		_, _, _, err = svc.DecideSanction(ctx, bert, ref, sanctions.WrittenWarning, "First offence, apologised, training.",
			cases.Circumstances{Mitigating: []string{"REMORSE_AND_REPAIR"}}, c.Now(), version())
		step("decide", err)
		c.Advance(24 * time.Hour)
		_, err = svc.CloseAfterAssessment(ctx, bert, ref, "Measures were taken.", version())
		step("close", err)

		src := st.Reports()
		raw, err := src.AnnualCounts(ctx, 2026, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC))
		step("annual counts", err)
		want := func(what string, got, exp any) {
			t.Helper()
			switch g := got.(type) {
			case map[string]int:
				if !maps.Equal(g, exp.(map[string]int)) {
					t.Errorf("%s: %v, want %v", what, g, exp)
				}
			default:
				if got != exp {
					t.Errorf("%s: %v, want %v", what, got, exp)
				}
			}
		}
		want("reports", raw.Reports, 7)
		want("by channel", raw.ReportsByChannel, map[string]int{"WEB_FORM": 6, "MANAGER": 1})
		want("by category", raw.ReportsByCategory, map[string]int{"DISCRIMINATION": 5, "BULLYING": 2})
		want("by anonymity", raw.ReportsByAnonymity, map[string]int{"ANONYMOUS": 5, "CONFIDENTIAL": 1, "NAMED": 1})
		want("by unit", raw.ReportsByUnit, map[string]int{"": 6, "Bedrijfsvoering": 1})
		want("grounds", raw.GroundMentions, map[string]int{"RELIGION": 3, "AGE": 1, "ORIGIN_ETHNICITY": 1})
		want("escalations", raw.Escalations, 1)
		want("weighings", raw.WeighingsByOutcome, map[string]int{"REASONABLE_SUSPICION": 1})
		want("investigations", raw.Investigations, 1)
		want("findings", raw.FindingsByResult, map[string]int{"PROVEN": 1})
		want("sanctions", raw.SanctionsByType, map[string]int{"WRITTEN_WARNING": 1})
		want("outcomes", raw.OutcomesByOutcome, map[string]int{"PROVEN_WITH_SANCTION": 1})
		want("proven discrimination", raw.ProvenDiscrimination, 1)
		want("sanctioned", raw.ProvenDiscriminationSanctioned, 1)
		want("decisions", raw.Decisions, 1)
		want("lighter", raw.Lighter, 1)
		// Acknowledgement: five after 2 days (one of them anonymous, its receipt to the hour: still
		// 2 days within a rounding), one after 10, the signal at once.
		ack := raw.Durations["acknowledgement"]
		if ack.N != 7 || ack.Median < 1.9 || ack.Median > 2.1 || ack.P90 < 9.9 || ack.P90 > 10.1 {
			t.Errorf("acknowledgement times: %+v, want N 7, median 2, p90 10", ack)
		}
		if w := raw.Durations["weighing"]; w.N != 1 || w.Median < 2.9 || w.Median > 3.1 {
			t.Errorf("weighing time: %+v, want 3 days", w)
		}
		if d := raw.Deadlines["acknowledgement"]; d.Due != 7 || d.Met != 6 {
			t.Errorf("acknowledgement deadlines: %+v, want 6 of 7 met", d)
		}
		if d := raw.Deadlines["weighing"]; d.Due != 1 || d.Met != 1 {
			t.Errorf("weighing deadlines: %+v", d)
		}
		years, err := src.YearTotals(ctx, 2025, 2026)
		step("year totals", err)
		if len(years) != 2 || years[0].Reports != 1 || years[1].Reports != 7 || years[1].Investigations != 1 || years[1].Sanctions != 1 {
			t.Errorf("year totals: %+v", years)
		}

		// 2027: a discrimination signal to Bert in which discrimination was NOT proven but
		// another allegation was — closed without a sanction, and not proven discrimination.
		c.now = time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
		sr2 := anonymousReport("Remarks in the team meeting, and a colleague's work taken over.")
		sr2.Category = "DISCRIMINATION"
		f2, err := svc.RecordSignal(ctx, bert, sr2, "BO", true, nil)
		step("signal 2", err)
		ref = f2.Summary.Reference
		c.Advance(24 * time.Hour)
		_, err = svc.Weigh(ctx, bert, ref, cases.Weighing{Outcome: cases.ReasonableSuspicion,
			Rationale: "Colleagues confirm part of the account.", Checklist: cases.Checklist{ConcreteFacts: true, Severity: "LOW"}}, version())
		step("weigh 2", err)
		_, err = svc.StartInvestigation(ctx, bert, ref, cases.Plan{Scope: "What was said and done."}, []string{"ita-1"}, version())
		step("start 2", err)
		disc, err := svc.AddAllegation(ctx, ita, ref, "GC-1.2", "MEDIUM", "Remarks about origin.")
		step("allegation 2a", err)
		other, err := svc.AddAllegation(ctx, ita, ref, "GC-1.1", "LOW", "Took over a colleague's work.")
		step("allegation 2b", err)
		step("hearing 2", svc.RecordHearing(ctx, ita, ref, c.Now(), "", true))
		_, err = svc.SetFindings(ctx, bert, ref, []cases.FindingInput{
			{AllegationID: disc.ID, Finding: cases.NotProven, Reasoning: "No witness heard it."},
			{AllegationID: other.ID, Finding: cases.Proven, Reasoning: "The e-mails show it."}}, version())
		step("findings 2", err)
		step("assessment 2", svc.RecordAssessment(ctx, ita, ref, "Only the taking over of work is proven: GC-1.1.", nil))
		c.Advance(24 * time.Hour)
		_, err = svc.CloseAfterAssessment(ctx, bert, ref, "Addressed in a conversation.", version())
		step("close 2", err)
		raw, err = src.AnnualCounts(ctx, 2027, time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC))
		step("annual counts 2027", err)
		want("2027 outcomes", raw.OutcomesByOutcome, map[string]int{"PROVEN_WITHOUT_SANCTION": 1})
		want("2027 proven discrimination", raw.ProvenDiscrimination, 0)
		want("2027 sanctioned", raw.ProvenDiscriminationSanctioned, 0)
		// Every directorate, also Sociaal Domein without a case this year, is in the unit tables.
		if len(raw.Directorates) != 2 || raw.Directorates[0] != "Bedrijfsvoering" || raw.Directorates[1] != "Sociaal Domein" {
			t.Errorf("directorates: %v, want Bedrijfsvoering and Sociaal Domein", raw.Directorates)
		}
		rep := report.Build(raw, nil, 5, "Test", c.Now())
		if rep.ZeroTolerance.Flagged {
			t.Error("zero tolerance flagged for a case in which discrimination was not proven")
		}
		for _, sec := range rep.Sections {
			for _, tb := range sec.Tables {
				if tb.ID != "reports.unit" && tb.ID != "investigations.unit" {
					continue
				}
				var codes []string
				for _, row := range tb.Rows {
					codes = append(codes, row.Code)
				}
				if !slices.Contains(codes, "Sociaal Domein") || !slices.Contains(codes, "Bedrijfsvoering") {
					t.Errorf("%s rows %v leave out a directorate: a missing row is an exact zero", tb.ID, codes)
				}
			}
		}
	})
}
