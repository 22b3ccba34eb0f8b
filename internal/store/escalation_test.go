package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/advisers"
	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/org"
	"github.com/utrecht/meldpunt/internal/sanctions"
	"github.com/utrecht/meldpunt/internal/store"
)

// orgFixture: Sociaal Domein (SO, manager Marieke) with the team Wijkteams below it (SO-WIJ,
// manager Wim), and Bedrijfsvoering (BO, manager Bert). Sam works in the Wijkteams.
func orgFixture(t *testing.T, st *store.Store) {
	t.Helper()
	units := []org.Unit{
		{Code: "SO", Name: "Sociaal Domein", ManagerNumber: "1001"},
		{Code: "SO-WIJ", Name: "Wijkteams", ParentCode: "SO", ManagerNumber: "1002"},
		{Code: "BO", Name: "Bedrijfsvoering", ManagerNumber: "1003"},
	}
	employees := []org.Employee{
		{Number: "1001", Name: "Marieke", UnitCode: "SO", StaffSubject: "mgr-so"},
		{Number: "1002", Name: "Wim", UnitCode: "SO-WIJ", StaffSubject: "mgr-wij"},
		{Number: "1003", Name: "Bert", UnitCode: "BO", StaffSubject: "mgr-bo"},
		{Number: "2001", Name: "Sam", UnitCode: "SO-WIJ", StaffSubject: "sam"},
	}
	if _, err := st.ImportOrg(context.Background(), units, employees, nil); err != nil {
		t.Fatal(err)
	}
}

func addAdviser(t *testing.T, st *store.Store, subject, name string) uuid.UUID {
	t.Helper()
	id := uuid.New()
	ev := audit.Event{Actor: audit.Staff("admin"), Action: "adviser.create"}
	if err := st.Advisers().Create(context.Background(), advisers.Adviser{
		ID: id, StaffSubject: subject, Name: name, Kind: advisers.KindInternal, Active: true, Version: 1,
	}, ev); err != nil {
		t.Fatal(err)
	}
	return id
}

func wantKind(t *testing.T, what string, err error, k apperr.Kind) {
	t.Helper()
	if kindOf(err) != k {
		t.Fatalf("%s: got %v, want kind %d", what, err, k)
	}
}

// TestFromConversationToWeighing walks the path of issue 3: a confidential report to a chosen
// adviser, a subject linked, consent, escalation to an unconflicted manager, and the weighing —
// with the refusals along the way.
func TestFromConversationToWeighing(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		orgFixture(t, st)
		adv1 := addAdviser(t, st, "adv-1", "Anna de Adviseur")
		addAdviser(t, st, "adv-2", "Bas de Adviseur")
		wimAsAdviser := addAdviser(t, st, "mgr-wij", "Wim (also an adviser)")
		svc := newService(t, st)

		anna := cases.StaffActor{Subject: "adv-1", Adviser: true}
		bas := cases.StaffActor{Subject: "adv-2", Adviser: true}
		bert := cases.StaffActor{Subject: "mgr-bo", Manager: true}
		marieke := cases.StaffActor{Subject: "mgr-so", Manager: true}
		hr := cases.StaffActor{Subject: "hr-1"}

		r := anonymousReport("My team lead Sam makes remarks about my headscarf every week.")
		r.Category, r.Anonymity = "DISCRIMINATION", cases.Confidential
		r.Identity = &cases.Identity{Name: "Fatima", Contact: "06-12345678"}
		r.AdviserID = &adv1
		f, err := svc.FileReport(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		ref := f.Summary.Reference

		// Need to know: Anna has it, Bas does not, HR sees no content.
		if p, err := svc.ListCases(ctx, anna, cases.ListFilter{}); err != nil || len(p.Cases) != 1 {
			t.Fatalf("Anna's cases: %v %v, want the one assigned to her", p.Cases, err)
		}
		if p, _ := svc.ListCases(ctx, bas, cases.ListFilter{}); len(p.Cases) != 0 {
			t.Fatalf("Bas lists a case of Anna's")
		}
		_, err = svc.GetCase(ctx, bas, ref)
		wantKind(t, "a second adviser reads the case", err, apperr.KindNotFound)
		_, err = svc.GetCase(ctx, hr, ref)
		wantKind(t, "HR reads case content", err, apperr.KindNotFound)
		if d, err := svc.GetCase(ctx, anna, ref); err != nil || d.Identity == nil || d.Identity.Name != "Fatima" {
			t.Fatalf("the adviser does not see the reporter she supports: %+v %v", d.Identity, err)
		}

		// The subject is linked; Sam's managers (Wim, and Marieke above him) are now conflicted.
		if n, err := svc.LinkSubject(ctx, intake, ref, "2001"); err != nil || n != 1 {
			t.Fatalf("link subject: %d %v", n, err)
		}
		_, err = svc.LinkSubject(ctx, intake, ref, "9999")
		wantKind(t, "link an unknown employee", err, apperr.KindInvalid)
		// Sam himself, though on the intake desk, no longer even sees the case listed.
		if p, err := svc.ListCases(ctx, cases.StaffActor{Subject: "sam", Intake: true}, cases.ListFilter{}); err != nil || len(p.Cases) != 0 {
			t.Fatalf("the subject's own case list: %v %v, want it without the case about him", p.Cases, err)
		}
		if p, err := svc.ListCases(ctx, intake, cases.ListFilter{}); err != nil || len(p.Cases) != 1 {
			t.Fatalf("another intake officer's list: %v %v", p.Cases, err)
		}
		cur, err := svc.GetCase(ctx, anna, ref)
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.AssignAdviser(ctx, intake, ref, wimAsAdviser, cur.Version)
		wantKind(t, "assign the subject's manager as adviser", err, apperr.KindFailedPrecondition)

		// No escalation without consent.
		_, err = svc.Escalate(ctx, anna, ref, "BO", cur.Version)
		wantKind(t, "escalate without consent", err, apperr.KindFailedPrecondition)

		tok, _, err := svc.OpenSession(ctx, "src", f.ReceiptCode)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := svc.AuthenticateReporter(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.GiveConsent(ctx, rs, cases.PurposeFormalReport); err != nil {
			t.Fatal(err)
		}

		// Not to the subject's own chain of managers.
		_, err = svc.Escalate(ctx, anna, ref, "SO-WIJ", cur.Version)
		wantKind(t, "escalate to the subject's manager", err, apperr.KindFailedPrecondition)
		_, err = svc.Escalate(ctx, anna, ref, "SO", cur.Version)
		wantKind(t, "escalate to the subject's manager's manager", err, apperr.KindFailedPrecondition)
		_, err = svc.Escalate(ctx, anna, ref, "BO", cur.Version-1)
		wantKind(t, "escalate with a stale version", err, apperr.KindAborted)

		esc, err := svc.Escalate(ctx, anna, ref, "BO", cur.Version)
		if err != nil {
			t.Fatalf("escalate: %v", err)
		}
		if esc.Status != cases.StatusWeighing || !esc.Pseudonymous || esc.WeighingDueAt == nil {
			t.Fatalf("after escalation: %+v", esc)
		}
		_, err = svc.RevokeConsent(ctx, rs, cases.PurposeFormalReport)
		wantKind(t, "revoke a consent acted upon", err, apperr.KindFailedPrecondition)

		// Escalated before anyone acknowledged it: the acknowledgement is still owed, and can be
		// given; the case stays with the manager.
		ack, err := svc.Acknowledge(ctx, intake, ref, "We received your report.")
		if err != nil || ack.Status != cases.StatusWeighing || ack.AcknowledgedAt == nil || ack.FeedbackDueAt == nil {
			t.Fatalf("acknowledge an escalated case: %+v %v", ack, err)
		}

		// Bert weighs, pseudonymously; Marieke (conflicted) and Bas cannot see it.
		if p, err := svc.ListCases(ctx, bert, cases.ListFilter{}); err != nil || len(p.Cases) != 1 {
			t.Fatalf("Bert's cases: %v %v", p.Cases, err)
		}
		d, err := svc.GetCase(ctx, bert, ref)
		if err != nil {
			t.Fatal(err)
		}
		if d.Identity != nil || !d.Pseudonymous || d.Content.Description == "" {
			t.Fatalf("the manager's view: identity %+v pseudonymous %v description %q; want the report without the reporter", d.Identity, d.Pseudonymous, d.Content.Description)
		}
		_, err = svc.GetCase(ctx, marieke, ref)
		wantKind(t, "a conflicted manager reads the case", err, apperr.KindNotFound)
		_, err = svc.CaseMessages(ctx, bert, ref)
		wantKind(t, "the manager reads the adviser's conversation with the reporter", err, apperr.KindNotFound)

		w := cases.Weighing{
			Outcome:   cases.ReasonableSuspicion,
			Rationale: "Concrete, repeated remarks about religion by a team lead; possible discrimination.",
			Checklist: cases.Checklist{ConcreteFacts: true, Norm: "Gedragscode 1.2: respect", Severity: "HIGH", Repetition: true},
		}
		_, err = svc.Weigh(ctx, anna, ref, w, d.Version)
		wantKind(t, "an adviser weighs", err, apperr.KindForbidden)
		_, err = svc.Weigh(ctx, bert, ref, w, d.Version-1)
		wantKind(t, "weigh with a stale version", err, apperr.KindAborted)
		short := w
		short.Rationale = "ok"
		_, err = svc.Weigh(ctx, bert, ref, short, d.Version)
		wantKind(t, "weigh without a rationale", err, apperr.KindInvalid)

		done, err := svc.Weigh(ctx, bert, ref, w, d.Version)
		if err != nil {
			t.Fatalf("weigh: %v", err)
		}
		if done.Status != cases.StatusFactFinding {
			t.Fatalf("after a reasonable suspicion the case is %s, want FACT_FINDING", done.Status)
		}
		_, err = svc.Weigh(ctx, bert, ref, w, done.Version)
		wantKind(t, "weigh twice", err, apperr.KindFailedPrecondition)
		d, err = svc.GetCase(ctx, bert, ref)
		if err != nil {
			t.Fatal(err)
		}
		if d.Weighing == nil || d.Weighing.Rationale != w.Rationale || d.Weighing.DecidedBy != "mgr-bo" {
			t.Fatalf("recorded weighing: %+v", d.Weighing)
		}

		// The fact-finding starts, with a member of the integrity team; not with someone conflicted.
		ita := cases.StaffActor{Subject: "ita-1", IntegrityTeam: true}
		plan := cases.Plan{Scope: "Establish the remarks and their context.", Questions: []string{"What was said, when, to whom?"}}
		_, err = svc.StartInvestigation(ctx, bert, ref, plan, []string{"sam"}, d.Version)
		wantKind(t, "start with the subject on the team", err, apperr.KindFailedPrecondition)
		_, err = svc.StartInvestigation(ctx, bert, ref, plan, []string{"ita-1"}, d.Version-1)
		wantKind(t, "start with a stale version", err, apperr.KindAborted)
		_, err = svc.GetCase(ctx, ita, ref)
		wantKind(t, "an integrity team member reads a case before being on it", err, apperr.KindNotFound)
		if _, err := svc.StartInvestigation(ctx, bert, ref, plan, []string{"ita-1"}, d.Version); err != nil {
			t.Fatalf("start investigation: %v", err)
		}
		if p, err := svc.ListCases(ctx, ita, cases.ListFilter{}); err != nil || len(p.Cases) != 1 {
			t.Fatalf("the team member's cases: %v %v", p.Cases, err)
		}
		td, err := svc.GetCase(ctx, ita, ref)
		if err != nil || td.Identity != nil {
			t.Fatalf("the team member's view: identity %+v, %v; want the case without the reporter", td.Identity, err)
		}
		inv, err := svc.GetInvestigation(ctx, ita, ref)
		if err != nil || inv.Plan.Scope != plan.Scope || len(inv.Team) != 1 {
			t.Fatalf("the investigation as the team sees it: %+v %v", inv, err)
		}
		_, err = svc.GetCase(ctx, cases.StaffActor{Subject: "ita-2", IntegrityTeam: true}, ref)
		wantKind(t, "another team member reads the case", err, apperr.KindNotFound)
		_, err = svc.StartInvestigation(ctx, bert, ref, plan, []string{"ita-1"}, td.Version)
		wantKind(t, "start the fact-finding twice", err, apperr.KindConflict)

		// Allegations, the hearing, then the findings — never before the hearing.
		err = svc.RecordHearing(ctx, ita, ref, svc.Now().Add(-time.Hour), "nothing to respond to yet", false)
		wantKind(t, "a hearing before there are allegations", err, apperr.KindFailedPrecondition)
		_, err = svc.AddAllegation(ctx, ita, ref, "GC-9.9", "HIGH", "made-up norm")
		wantKind(t, "an allegation under a norm that does not exist", err, apperr.KindInvalid)
		al, err := svc.AddAllegation(ctx, ita, ref, "GC-1.2", "HIGH", "Remarks about the reporter's headscarf, weekly, in team meetings.")
		if err != nil {
			t.Fatal(err)
		}
		cur2, _ := svc.GetCase(ctx, bert, ref)
		findings := []cases.FindingInput{{AllegationID: al.ID, Finding: cases.Proven, Reasoning: "Three witnesses confirm the remarks; the subject does not deny them."}}
		_, err = svc.SetFindings(ctx, bert, ref, findings, cur2.Version)
		wantKind(t, "findings before the subject was heard", err, apperr.KindFailedPrecondition)
		// A suspension as an order measure: imposed with a reason, once; lifted, once; by the manager.
		_, _, err = svc.SetSuspension(ctx, ita, ref, true, "to protect the witnesses")
		wantKind(t, "a team member suspends", err, apperr.KindForbidden)
		if on, since, err := svc.SetSuspension(ctx, bert, ref, true, "To protect the witnesses during the interviews."); err != nil || !on || since == nil {
			t.Fatalf("impose suspension: %v %v %v", on, since, err)
		}
		_, _, err = svc.SetSuspension(ctx, bert, ref, true, "again")
		wantKind(t, "suspend twice", err, apperr.KindFailedPrecondition)
		if on, _, err := svc.SetSuspension(ctx, bert, ref, false, ""); err != nil || on {
			t.Fatalf("lift suspension: %v %v", on, err)
		}
		_, _, err = svc.SetSuspension(ctx, bert, ref, false, "")
		wantKind(t, "lift a suspension that is not there", err, apperr.KindFailedPrecondition)

		iv, err := svc.RecordInterview(ctx, ita, ref, "WITNESS", svc.Now().Add(-2*time.Hour), "Colleague K.", "K. heard the remarks three times.")
		if err != nil {
			t.Fatalf("record interview: %v", err)
		}
		if _, err := svc.ApproveInterview(ctx, ita, ref, iv.ID); err != nil {
			t.Fatalf("approve interview: %v", err)
		}
		ivs, err := svc.Interviews(ctx, bert, ref)
		if err != nil || len(ivs) != 1 || ivs[0].ApprovedAt == nil || ivs[0].Interviewee != "Colleague K." {
			t.Fatalf("interviews: %+v %v", ivs, err)
		}
		_, err = svc.Interviews(ctx, cases.StaffActor{Subject: "ita-2", IntegrityTeam: true}, ref)
		wantKind(t, "another team member reads the interviews", err, apperr.KindNotFound)
		if err := svc.RecordHearing(ctx, ita, ref, svc.Now().Add(-time.Hour), "I meant it as a joke.", false); err != nil {
			t.Fatalf("record the hearing: %v", err)
		}
		err = svc.RecordHearing(ctx, ita, ref, svc.Now().Add(-time.Hour), "", true)
		wantKind(t, "record the hearing twice", err, apperr.KindConflict)
		_, err = svc.AddAllegation(ctx, ita, ref, "GC-1.1", "LOW", "an allegation the subject was never heard on")
		wantKind(t, "an allegation after the hearing", err, apperr.KindFailedPrecondition)
		assessed, err := svc.SetFindings(ctx, bert, ref, findings, cur2.Version)
		if err != nil {
			t.Fatalf("set findings: %v", err)
		}
		if assessed.Status != cases.StatusAssessment || assessed.RuleSetVersion != sanctions.Default().Version() {
			t.Fatalf("after the findings: %s under rule set %q, want ASSESSMENT under %q", assessed.Status, assessed.RuleSetVersion, sanctions.Default().Version())
		}
		als, heard, err := svc.Allegations(ctx, ita, ref)
		if err != nil || !heard || len(als) != 1 || als[0].Finding != cases.Proven || als[0].Reasoning == "" {
			t.Fatalf("allegations after the findings: %+v heard=%v %v", als, heard, err)
		}

		// Zero tolerance: no closure without a sanction; nothing outside the four; a lighter one
		// than recommended only with a written motivation.
		_, err = svc.CloseAfterAssessment(ctx, bert, ref, "We have investigated your report and taken measures.", assessed.Version)
		wantKind(t, "close proven discrimination without a sanction", err, apperr.KindFailedPrecondition)
		ev, err := svc.EvaluateSanction(ctx, ita, ref, cases.Circumstances{})
		if err != nil || !ev.ZeroTolerance || ev.Recommended == nil || !ev.Recommended.IsDismissal() {
			t.Fatalf("evaluation of proven discrimination: %+v %v", ev, err)
		}
		known := svc.Now()
		_, _, _, err = svc.DecideSanction(ctx, bert, ref, sanctions.TerminationByCourt, "", cases.Circumstances{}, known, assessed.Version)
		wantKind(t, "decide before the assessment", err, apperr.KindFailedPrecondition)
		if err := svc.RecordAssessment(ctx, ita, ref, "Proven: discriminatory remarks about religion, a violation of GC-1.2 (zero tolerance).", []string{"RELIGION"}); err != nil {
			t.Fatalf("record assessment: %v", err)
		}
		_, _, _, err = svc.DecideSanction(ctx, bert, ref, sanctions.TerminationByCourt, "", cases.Circumstances{}, time.Time{}, assessed.Version)
		wantKind(t, "a decision without the date the facts became known", err, apperr.KindInvalid)
		_, _, _, err = svc.DecideSanction(ctx, bert, ref, sanctions.Transfer, "", cases.Circumstances{}, known, assessed.Version)
		wantKind(t, "a transfer for proven discrimination", err, apperr.KindFailedPrecondition)
		_, _, _, err = svc.DecideSanction(ctx, bert, ref, sanctions.WrittenWarning, "", cases.Circumstances{}, known, assessed.Version)
		wantKind(t, "a lighter sanction without motivation", err, apperr.KindInvalid)
		_, _, _, err = svc.DecideSanction(ctx, ita, ref, sanctions.WrittenWarning, "x", cases.Circumstances{}, known, assessed.Version)
		wantKind(t, "a team member decides the sanction", err, apperr.KindForbidden)
		// The staff page gives a date, taken as noon: on the day of the report that may be hours
		// before it came in, and is accepted; two days before it is not.
		got, err := svc.GetCase(ctx, bert, ref)
		if err != nil {
			t.Fatal(err)
		}
		_, _, _, err = svc.DecideSanction(ctx, bert, ref, sanctions.WrittenWarning, "x", cases.Circumstances{}, got.ReceivedAt.Add(-48*time.Hour), assessed.Version)
		wantKind(t, "facts known two days before the report", err, apperr.KindInvalid)
		known = got.ReceivedAt.Add(-11 * time.Hour)
		dec, _, warning, err := svc.DecideSanction(ctx, bert, ref, sanctions.WrittenWarning,
			"First offence, the subject apologised to the reporter in person and follows a training.",
			cases.Circumstances{Mitigating: []string{"REMORSE_AND_REPAIR"}}, known, assessed.Version)
		if err != nil || dec.Status != cases.StatusSanction || warning != "" {
			t.Fatalf("decide a motivated written warning: %+v %q %v", dec, warning, err)
		}
		closed, err := svc.CloseAfterAssessment(ctx, bert, ref, "We have investigated your report; measures have been taken.", dec.Version)
		if err != nil || closed.Status != cases.StatusClosed || closed.Outcome != "PROVEN_WITH_SANCTION" {
			t.Fatalf("close after the sanction: %+v %v", closed, err)
		}
		msgs, err := svc.MyMessages(ctx, rs)
		if err != nil || len(msgs) == 0 || msgs[len(msgs)-1].Body != "We have investigated your report; measures have been taken." {
			t.Fatalf("the reporter did not get the feedback: %+v %v", msgs, err)
		}
		ds := svc.Policy().Deadlines(d.Summary, svc.Now())
		if len(ds) != 3 || ds[2].Kind != cases.DeadlineWeighing || ds[2].MetAt == nil || ds[2].Overdue {
			t.Fatalf("weighing deadline after weighing: %+v", ds)
		}
	})
}

// TestASignalToldToAManagerGoesStraightToWeighing: a manager or HR records, with the employee's
// consent, a signal told to them in person; it is weighed by the unit's manager at once.
func TestASignalToldToAManagerGoesStraightToWeighing(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		orgFixture(t, st)
		svc := newService(t, st)
		bert := cases.StaffActor{Subject: "mgr-bo", Manager: true}
		hr := cases.StaffActor{Subject: "hr-1", HR: true}

		r := anonymousReport("A colleague in Bedrijfsvoering claims hours he did not work.")
		r.Category, r.Anonymity, r.Identity = "FRAUD_THEFT_EMBEZZLEMENT", cases.Named, &cases.Identity{Name: "Jan"}
		_, err := svc.RecordSignal(ctx, bert, r, "BO", false, nil)
		wantKind(t, "record without the employee's consent", err, apperr.KindFailedPrecondition)
		_, err = svc.RecordSignal(ctx, bert, r, "NOPE", true, nil)
		wantKind(t, "record for an unknown unit", err, apperr.KindInvalid)
		_, err = svc.RecordSignal(ctx, cases.StaffActor{Subject: "ivo", Intake: true}, r, "BO", true, nil)
		wantKind(t, "intake records a direct signal", err, apperr.KindForbidden)

		// Told to Wim about Sam, who works under him: Wim's unit cannot weigh it, the unit above can't
		// either (Marieke manages Wim's unit), Bert's can — and Sam is linked at once.
		_, err = svc.RecordSignal(ctx, bert, r, "SO-WIJ", true, []string{"2001"})
		wantKind(t, "record a signal for the subject's own manager", err, apperr.KindFailedPrecondition)
		_, err = svc.RecordSignal(ctx, bert, r, "BO", true, []string{"nobody"})
		wantKind(t, "record a signal about an unknown employee", err, apperr.KindInvalid)
		about, err := svc.RecordSignal(ctx, bert, anonymousReport("Sam shouts at colleagues in the Wijkteams."), "BO", true, []string{"2001"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.GetCase(ctx, cases.StaffActor{Subject: "mgr-wij", Manager: true}, about.Summary.Reference)
		wantKind(t, "Sam's manager reads the signal about Sam", err, apperr.KindNotFound)
		_, err = svc.LinkSubject(ctx, bert, about.Summary.Reference, "1003")
		wantKind(t, "Bert links himself as subject", err, apperr.KindFailedPrecondition)

		f, err := svc.RecordSignal(ctx, bert, r, "BO", true, nil)
		if err != nil {
			t.Fatal(err)
		}
		if f.Summary.Status != cases.StatusWeighing || f.Summary.Channel != cases.ChannelManager || f.Summary.AcknowledgedAt == nil || f.ReceiptCode == "" {
			t.Fatalf("recorded signal: %+v", f.Summary)
		}
		d, err := svc.GetCase(ctx, bert, f.Summary.Reference)
		if err != nil {
			t.Fatalf("the accountable manager cannot read the signal he recorded: %v", err)
		}
		if d.Identity == nil || d.Identity.Name != "Jan" {
			t.Fatalf("a named signal told in person hides the name from the manager: %+v", d.Identity)
		}
		if _, err := svc.Weigh(ctx, bert, f.Summary.Reference, cases.Weighing{
			Outcome: cases.NoReasonableSuspicion, Rationale: "The hours match the access logs and the planning.",
			Checklist: cases.Checklist{Severity: "LOW"},
		}, d.Version); err != nil {
			t.Fatalf("weigh: %v", err)
		}

		// HR records one for BO: Bert weighs it, HR itself sees no content afterwards.
		r2 := anonymousReport("Told to HR: a gift from a supplier that was kept.")
		r2.Category, r2.Anonymity, r2.Identity = "GIFTS", cases.Confidential, &cases.Identity{Name: "Els"}
		f2, err := svc.RecordSignal(ctx, hr, r2, "BO", true, nil)
		if err != nil {
			t.Fatal(err)
		}
		if f2.Summary.Channel != cases.ChannelHR {
			t.Fatalf("channel %s, want HR", f2.Summary.Channel)
		}
		_, err = svc.GetCase(ctx, hr, f2.Summary.Reference)
		wantKind(t, "HR reads the content afterwards", err, apperr.KindNotFound)
		d2, err := svc.GetCase(ctx, bert, f2.Summary.Reference)
		if err != nil {
			t.Fatalf("the unit's manager cannot read the signal HR recorded: %v", err)
		}
		if d2.Identity != nil || !d2.Pseudonymous {
			t.Fatalf("a confidential signal told to HR shows the manager who reported it: %+v", d2.Identity)
		}
	})
}

func TestStaffWhoHandleTheCaseReadTheOralReportWithItsAuthors(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		orgFixture(t, st)
		annaID := addAdviser(t, st, "adv-1", "Anna")
		addAdviser(t, st, "adv-2", "Bas")
		svc := newService(t, st)
		anna := cases.StaffActor{Subject: "adv-1", Adviser: true}
		r := anonymousReport("told to Anna on the phone")
		r.AdviserID = &annaID
		f, err := svc.FileReport(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.RecordOralReport(ctx, anna, f.Summary.Reference, "What the reporter told me on the phone.", true); err != nil {
			t.Fatal(err)
		}
		got, err := svc.CaseOralReport(ctx, intake, f.Summary.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if got.Latest == nil || got.Latest.Text != "What the reporter told me on the phone." || got.Latest.AuthorSubject != "adv-1" {
			t.Fatalf("intake's view of the oral report: %+v", got.Latest)
		}
		_, err = svc.CaseOralReport(ctx, cases.StaffActor{Subject: "adv-2", Adviser: true}, f.Summary.Reference)
		wantKind(t, "another adviser reads the oral report", err, apperr.KindNotFound)
	})
}

// TestASignalWhoseManagerBecomesConflictedIsPassedOn: when the manager weighing a signal turns
// out to be involved, the adviser passes it to another unit's manager; nothing gets stuck.
func TestASignalWhoseManagerBecomesConflictedIsPassedOn(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		orgFixture(t, st)
		annaID := addAdviser(t, st, "adv-1", "Anna")
		svc := newService(t, st)
		anna := cases.StaffActor{Subject: "adv-1", Adviser: true}
		bert := cases.StaffActor{Subject: "mgr-bo", Manager: true}
		marieke := cases.StaffActor{Subject: "mgr-so", Manager: true}

		r := anonymousReport("It turns out the head of Bedrijfsvoering himself is involved.")
		r.AdviserID = &annaID
		f, err := svc.FileReport(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		tok, _, _ := svc.OpenSession(ctx, "src", f.ReceiptCode)
		rs, err := svc.AuthenticateReporter(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.GiveConsent(ctx, rs, cases.PurposeFormalReport); err != nil {
			t.Fatal(err)
		}
		cur, _ := svc.GetCase(ctx, anna, f.Summary.Reference)
		esc, err := svc.Escalate(ctx, anna, f.Summary.Reference, "BO", cur.Version)
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.Escalate(ctx, anna, f.Summary.Reference, "BO", esc.Version)
		wantKind(t, "pass on to the unit it is already with", err, apperr.KindFailedPrecondition)
		if _, err := svc.LinkSubject(ctx, anna, f.Summary.Reference, "1003"); err != nil {
			t.Fatal(err)
		}
		_, err = svc.GetCase(ctx, bert, f.Summary.Reference)
		wantKind(t, "the manager who is now a subject reads the case", err, apperr.KindNotFound)
		cur, _ = svc.GetCase(ctx, anna, f.Summary.Reference)
		moved, err := svc.Escalate(ctx, anna, f.Summary.Reference, "SO", cur.Version)
		if err != nil {
			t.Fatalf("pass the signal on: %v", err)
		}
		if moved.WeighingDueAt == nil || !moved.WeighingDueAt.Equal(*esc.WeighingDueAt) {
			t.Fatalf("passing on moved the weighing deadline: %v, was %v", moved.WeighingDueAt, esc.WeighingDueAt)
		}
		if _, err := svc.GetCase(ctx, marieke, f.Summary.Reference); err != nil {
			t.Fatalf("the new manager cannot read the case: %v", err)
		}
	})
}
