package casestest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/org"
	"github.com/utrecht/meldpunt/internal/precedents"
	"github.com/utrecht/meldpunt/internal/ratelimit"
	"github.com/utrecht/meldpunt/internal/sanctions"
	"github.com/utrecht/meldpunt/internal/vault"
)

// Backend is a repository the rule suite runs against, with a way to give it organisation data.
// Each call of the suite's open function returns a fresh, empty one.
type Backend struct {
	Repo       cases.Repository
	ImportOrg  func(t *testing.T, units []org.Unit, employees []org.Employee)
	AddAdviser func(t *testing.T, subject, name string) uuid.UUID
}

// Fake returns a Backend on a new in-memory Repo.
func Fake(*testing.T) Backend {
	r := New()
	return Backend{
		Repo:       r,
		ImportOrg:  func(_ *testing.T, u []org.Unit, e []org.Employee) { r.ImportOrg(u, e) },
		AddAdviser: func(_ *testing.T, subject, name string) uuid.UUID { return r.AddAdviser(subject, name).ID },
	}
}

// The staff of the fixture. Sam (subject of the report) works in the Wijkteams (SO-WIJ, manager
// Wim) below the Sociaal Domein (SO, manager Marieke); Bert manages Bedrijfsvoering (BO).
var (
	Intake  = cases.StaffActor{Subject: "alice", Intake: true}
	Anna    = cases.StaffActor{Subject: "adv-1", Adviser: true}
	Bas     = cases.StaffActor{Subject: "adv-2", Adviser: true}
	Bert    = cases.StaffActor{Subject: "mgr-bo", Manager: true}
	Marieke = cases.StaffActor{Subject: "mgr-so", Manager: true}
	HR      = cases.StaffActor{Subject: "hr-1"}
	Ita     = cases.StaffActor{Subject: "ita-1", IntegrityTeam: true}
	Ita2    = cases.StaffActor{Subject: "ita-2", IntegrityTeam: true}
	Sam     = cases.StaffActor{Subject: "sam", Intake: true}
	HRDesk  = cases.StaffActor{Subject: "hr-2", HR: true}
)

// Stage is how far World.To has taken the fixture's case.
type Stage int

// The stages of the fixture's case, in order.
const (
	Filed         Stage = iota // a confidential discrimination report to Anna, with identity
	Linked                     // Sam linked as subject
	Consented                  // the reporter consented to a formal report
	Escalated                  // escalated to Bert (BO)
	Weighed                    // Bert found a reasonable suspicion: fact-finding
	Investigating              // the fact-finding started with Ita on the team
	Alleged                    // one allegation (GC-1.2, HIGH)
	Heard                      // the subject was heard
	Found                      // the allegation proven: assessment
	Qualified                  // the assessment (qualification) recorded
	Sanctioned                 // a motivated written warning decided
	Closed                     // closed after the sanction, with feedback to the reporter
	Drafted                    // Bert drafted a precedent from it
	Submitted                  // the draft submitted to HR
)

var stageNames = []string{"filed", "linked", "consented", "escalated", "weighed", "investigating", "alleged", "heard", "found", "qualified", "sanctioned", "closed", "drafted", "submitted"}

func (s Stage) String() string { return stageNames[s] }

// World is one backend with the fixture's organisation, advisers, service and case.
type World struct {
	T       *testing.T
	B       Backend
	Svc     *cases.Service
	Ctx     context.Context
	Adv1    uuid.UUID // Anna
	Adv2    uuid.UUID // Bas
	WimAdv  uuid.UUID // Wim, Sam's manager, also an adviser
	Filed   cases.Filed
	Ref     string
	RS      *cases.ReporterSession
	Allegid uuid.UUID
	Draft   cases.PrecedentDraft // the latest answer about the fixture's draft
	Clock   *Clock
	stage   Stage
}

// Clock is the world's settable clock; it starts on a Monday morning.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.now = c.now.Add(d) }

// Rationale is the weighing the fixture's manager records.
var weighing = cases.Weighing{
	Outcome:   cases.ReasonableSuspicion,
	Rationale: "Concrete, repeated remarks about religion by a team lead; possible discrimination.",
	Checklist: cases.Checklist{ConcreteFacts: true, Norm: "Gedragscode 1.2: respect", Severity: "HIGH", Repetition: true},
}

var plan = cases.Plan{Scope: "Establish the remarks and their context.", Questions: []string{"What was said, when, to whom?"}}

// NewWorld opens a backend and files the fixture's report.
func NewWorld(t *testing.T, open func(t *testing.T) Backend) *World {
	t.Helper()
	b := open(t)
	b.ImportOrg(t, []org.Unit{
		{Code: "SO", Name: "Sociaal Domein", ManagerNumber: "1001"},
		{Code: "SO-WIJ", Name: "Wijkteams", ParentCode: "SO", ManagerNumber: "1002"},
		{Code: "BO", Name: "Bedrijfsvoering", ManagerNumber: "1003"},
	}, []org.Employee{
		{Number: "1001", Name: "Marieke", UnitCode: "SO", StaffSubject: "mgr-so"},
		{Number: "1002", Name: "Wim", UnitCode: "SO-WIJ", StaffSubject: "mgr-wij"},
		{Number: "1003", Name: "Bert", UnitCode: "BO", StaffSubject: "mgr-bo"},
		{Number: "2001", Name: "Sam", UnitCode: "SO-WIJ", StaffSubject: "sam"},
	})
	w := &World{T: t, B: b, Ctx: context.Background(), Clock: &Clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}}
	w.Adv1 = b.AddAdviser(t, "adv-1", "Anna de Adviseur")
	w.Adv2 = b.AddAdviser(t, "adv-2", "Bas de Adviseur")
	w.WimAdv = b.AddAdviser(t, "mgr-wij", "Wim (also an adviser)")
	v, err := vault.NewEphemeral()
	if err != nil {
		t.Fatal(err)
	}
	w.Svc, err = cases.New(cases.Config{
		Repo: b.Repo, Vault: v, Limiter: ratelimit.New(ratelimit.Config{}), Policy: cases.DefaultPolicy(),
		SessionTTL: 30 * time.Minute, ReplayWindow: 24 * time.Hour, Now: w.Clock.Now,
		NormExists: func(_ context.Context, id string) (bool, error) {
			_, ok := sanctions.Default().Norm(id)
			return ok, nil
		},
		RuleSet: func(context.Context, string) (*sanctions.RuleSet, error) { return sanctions.Default(), nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	r := cases.NewReport{
		IdempotencyKey: uuid.NewString(), Category: "DISCRIMINATION", Anonymity: cases.Confidential,
		Content:   cases.ReportContent{Description: "My team lead Sam makes remarks about my headscarf every week."},
		Identity:  &cases.Identity{Name: "Fatima", Contact: "06-12345678"},
		AdviserID: &w.Adv1,
	}
	if w.Filed, err = w.Svc.FileReport(w.Ctx, r); err != nil {
		t.Fatal(err)
	}
	w.Ref = w.Filed.Summary.Reference
	return w
}

// Version is the case's version as stored.
func (w *World) Version() int64 {
	w.T.Helper()
	rec, err := w.B.Repo.CaseByReference(w.Ctx, w.Ref)
	if err != nil || rec == nil {
		w.T.Fatalf("read case: %v %v", rec, err)
	}
	return rec.Version
}

// Case is the case as stored.
func (w *World) Case() *cases.CaseRecord {
	w.T.Helper()
	rec, err := w.B.Repo.CaseByReference(w.Ctx, w.Ref)
	if err != nil || rec == nil {
		w.T.Fatalf("read case: %v %v", rec, err)
	}
	return rec
}

// Session opens a reporter session with the receipt code (once) and returns it.
func (w *World) Session() *cases.ReporterSession {
	w.T.Helper()
	if w.RS == nil {
		tok, _, err := w.Svc.OpenSession(w.Ctx, "src", w.Filed.ReceiptCode)
		if err != nil {
			w.T.Fatal(err)
		}
		if w.RS, err = w.Svc.AuthenticateReporter(w.Ctx, tok); err != nil {
			w.T.Fatal(err)
		}
	}
	return w.RS
}

// To takes the case to the stage, by the way the fixture's people do it.
func (w *World) To(s Stage) *World {
	w.T.Helper()
	for w.stage < s {
		next := w.stage + 1
		var err error
		switch next {
		case Linked:
			_, err = w.Svc.LinkSubject(w.Ctx, Intake, w.Ref, "2001")
		case Consented:
			_, err = w.Svc.GiveConsent(w.Ctx, w.Session(), cases.PurposeFormalReport)
		case Escalated:
			_, err = w.Svc.Escalate(w.Ctx, Anna, w.Ref, "BO", w.Version())
		case Weighed:
			_, err = w.Svc.Weigh(w.Ctx, Bert, w.Ref, weighing, w.Version())
		case Investigating:
			_, err = w.Svc.StartInvestigation(w.Ctx, Bert, w.Ref, plan, []string{"ita-1"}, w.Version())
		case Alleged:
			var a cases.Allegation
			a, err = w.Svc.AddAllegation(w.Ctx, Ita, w.Ref, "GC-1.2", "HIGH", "Remarks about the reporter's headscarf, weekly, in team meetings.")
			w.Allegid = a.ID
		case Heard:
			err = w.Svc.RecordHearing(w.Ctx, Ita, w.Ref, w.Svc.Now().Add(-time.Hour), "I meant it as a joke.", false)
		case Found:
			_, err = w.Svc.SetFindings(w.Ctx, Bert, w.Ref, w.findings(), w.Version())
		case Qualified:
			err = w.Svc.RecordAssessment(w.Ctx, Ita, w.Ref, "Proven: discriminatory remarks about religion, a violation of GC-1.2 (zero tolerance).", []string{"RELIGION"})
		case Sanctioned:
			_, _, _, err = w.Svc.DecideSanction(w.Ctx, Bert, w.Ref, sanctions.WrittenWarning,
				"First offence, the subject apologised to the reporter in person and follows a training.",
				cases.Circumstances{Mitigating: []string{"REMORSE_AND_REPAIR"}}, w.Case().ReceivedAt.Add(-11*time.Hour), w.Version())
		case Closed:
			_, err = w.Svc.CloseAfterAssessment(w.Ctx, Bert, w.Ref, "We have investigated your report; measures have been taken.", w.Version())
		case Drafted:
			w.Draft, err = w.Svc.CreatePrecedentDraft(w.Ctx, Bert, w.Ref, "Gemeente Utrecht")
		case Submitted:
			w.Draft, err = w.Svc.SubmitPrecedentDraft(w.Ctx, Bert, w.Draft.ID, w.Draft.Version)
		}
		if err != nil {
			w.T.Fatalf("taking the case to %s: %v", next, err)
		}
		w.stage = next
	}
	return w
}

func (w *World) findings() []cases.FindingInput {
	return []cases.FindingInput{{AllegationID: w.Allegid, Finding: cases.Proven, Reasoning: "Three witnesses confirm the remarks; the subject does not deny them."}}
}

func kindOf(err error) apperr.Kind {
	if e, ok := apperr.As(err); ok {
		return e.Kind
	}
	return 0
}

// Refusal is a command refused at a stage of the case, with the kind of error it must get.
type Refusal struct {
	Name  string
	At    Stage
	Do    func(w *World) error
	Want  apperr.Kind
	Field string // for KindInvalid: "" for any
}

// Refusals are the domain's rules as refusals along the lifecycle.
var Refusals = []Refusal{
	// Need to know.
	{"a second adviser reads the case", Filed, func(w *World) error { _, err := w.Svc.GetCase(w.Ctx, Bas, w.Ref); return err }, apperr.KindNotFound, ""},
	{"HR reads case content", Filed, func(w *World) error { _, err := w.Svc.GetCase(w.Ctx, HR, w.Ref); return err }, apperr.KindNotFound, ""},
	{"link an unknown employee", Filed, func(w *World) error { _, err := w.Svc.LinkSubject(w.Ctx, Intake, w.Ref, "9999"); return err }, apperr.KindInvalid, ""},
	// Conflicted people are refused.
	{"assign the subject's manager as adviser", Linked, func(w *World) error {
		_, err := w.Svc.AssignAdviser(w.Ctx, Intake, w.Ref, w.WimAdv, w.Version())
		return err
	}, apperr.KindFailedPrecondition, ""},
	{"the subject reads the case about him", Linked, func(w *World) error { _, err := w.Svc.GetCase(w.Ctx, Sam, w.Ref); return err }, apperr.KindNotFound, ""},
	{"escalate to the subject's manager", Consented, func(w *World) error {
		_, err := w.Svc.Escalate(w.Ctx, Anna, w.Ref, "SO-WIJ", w.Version())
		return err
	}, apperr.KindFailedPrecondition, ""},
	{"escalate to the subject's manager's manager", Consented, func(w *World) error {
		_, err := w.Svc.Escalate(w.Ctx, Anna, w.Ref, "SO", w.Version())
		return err
	}, apperr.KindFailedPrecondition, ""},
	{"a conflicted manager reads the case", Escalated, func(w *World) error { _, err := w.Svc.GetCase(w.Ctx, Marieke, w.Ref); return err }, apperr.KindNotFound, ""},
	{"start with the subject on the team", Weighed, func(w *World) error {
		_, err := w.Svc.StartInvestigation(w.Ctx, Bert, w.Ref, plan, []string{"sam"}, w.Version())
		return err
	}, apperr.KindFailedPrecondition, ""},
	// Consent before escalation.
	{"escalate without consent", Linked, func(w *World) error {
		_, err := w.Svc.Escalate(w.Ctx, Anna, w.Ref, "BO", w.Version())
		return err
	}, apperr.KindFailedPrecondition, ""},
	{"escalate with a stale version", Consented, func(w *World) error {
		_, err := w.Svc.Escalate(w.Ctx, Anna, w.Ref, "BO", w.Version()-1)
		return err
	}, apperr.KindAborted, ""},
	{"escalate to a unit that does not exist", Consented, func(w *World) error {
		_, err := w.Svc.Escalate(w.Ctx, Anna, w.Ref, "XX", w.Version())
		return err
	}, apperr.KindInvalid, "unit_code"},
	{"revoke a consent acted upon", Escalated, func(w *World) error {
		_, err := w.Svc.RevokeConsent(w.Ctx, w.Session(), cases.PurposeFormalReport)
		return err
	}, apperr.KindFailedPrecondition, ""},
	// Once with the employer, only the manager's weighing closes the case.
	{"the adviser closes an escalated case", Escalated, func(w *World) error {
		_, err := w.Svc.CloseCase(w.Ctx, Anna, w.Ref, "RESOLVED_INFORMALLY", w.Version())
		return err
	}, apperr.KindFailedPrecondition, ""},
	{"close with an outcome of another phase", Filed, func(w *World) error {
		_, err := w.Svc.CloseCase(w.Ctx, Anna, w.Ref, "PROVEN_WITH_SANCTION", w.Version())
		return err
	}, apperr.KindInvalid, "outcome"},
	// Weighing.
	{"the manager reads the adviser's conversation with the reporter", Escalated, func(w *World) error {
		_, err := w.Svc.CaseMessages(w.Ctx, Bert, w.Ref)
		return err
	}, apperr.KindNotFound, ""},
	{"an adviser weighs", Escalated, func(w *World) error { _, err := w.Svc.Weigh(w.Ctx, Anna, w.Ref, weighing, w.Version()); return err }, apperr.KindForbidden, ""},
	{"weigh with a stale version", Escalated, func(w *World) error {
		_, err := w.Svc.Weigh(w.Ctx, Bert, w.Ref, weighing, w.Version()-1)
		return err
	}, apperr.KindAborted, ""},
	{"weigh without a rationale", Escalated, func(w *World) error {
		short := weighing
		short.Rationale = "ok"
		_, err := w.Svc.Weigh(w.Ctx, Bert, w.Ref, short, w.Version())
		return err
	}, apperr.KindInvalid, ""},
	{"weigh twice", Weighed, func(w *World) error { _, err := w.Svc.Weigh(w.Ctx, Bert, w.Ref, weighing, w.Version()); return err }, apperr.KindFailedPrecondition, ""},
	{"weigh before escalation", Consented, func(w *World) error { _, err := w.Svc.Weigh(w.Ctx, Bert, w.Ref, weighing, w.Version()); return err }, apperr.KindNotFound, ""},
	// Investigation.
	{"start with a stale version", Weighed, func(w *World) error {
		_, err := w.Svc.StartInvestigation(w.Ctx, Bert, w.Ref, plan, []string{"ita-1"}, w.Version()-1)
		return err
	}, apperr.KindAborted, ""},
	{"an integrity team member reads a case before being on it", Weighed, func(w *World) error { _, err := w.Svc.GetCase(w.Ctx, Ita, w.Ref); return err }, apperr.KindNotFound, ""},
	{"another team member reads the case", Investigating, func(w *World) error { _, err := w.Svc.GetCase(w.Ctx, Ita2, w.Ref); return err }, apperr.KindNotFound, ""},
	{"start the fact-finding twice", Investigating, func(w *World) error {
		_, err := w.Svc.StartInvestigation(w.Ctx, Bert, w.Ref, plan, []string{"ita-1"}, w.Version())
		return err
	}, apperr.KindConflict, ""},
	// Findings need a hearing; the hearing needs allegations.
	{"a hearing before there are allegations", Investigating, func(w *World) error {
		return w.Svc.RecordHearing(w.Ctx, Ita, w.Ref, w.Svc.Now().Add(-time.Hour), "nothing to respond to yet", false)
	}, apperr.KindFailedPrecondition, ""},
	{"an allegation under a norm that does not exist", Investigating, func(w *World) error {
		_, err := w.Svc.AddAllegation(w.Ctx, Ita, w.Ref, "GC-9.9", "HIGH", "made-up norm")
		return err
	}, apperr.KindInvalid, ""},
	{"findings before the subject was heard", Alleged, func(w *World) error {
		_, err := w.Svc.SetFindings(w.Ctx, Bert, w.Ref, w.findings(), w.Version())
		return err
	}, apperr.KindFailedPrecondition, ""},
	{"record the hearing twice", Heard, func(w *World) error {
		return w.Svc.RecordHearing(w.Ctx, Ita, w.Ref, w.Svc.Now().Add(-time.Hour), "", true)
	}, apperr.KindConflict, ""},
	{"an allegation after the hearing", Heard, func(w *World) error {
		_, err := w.Svc.AddAllegation(w.Ctx, Ita, w.Ref, "GC-1.1", "LOW", "an allegation the subject was never heard on")
		return err
	}, apperr.KindFailedPrecondition, ""},
	// Suspension.
	{"a team member suspends", Alleged, func(w *World) error {
		_, _, err := w.Svc.SetSuspension(w.Ctx, Ita, w.Ref, true, "to protect the witnesses")
		return err
	}, apperr.KindForbidden, ""},
	{"lift a suspension that is not there", Alleged, func(w *World) error {
		_, _, err := w.Svc.SetSuspension(w.Ctx, Bert, w.Ref, false, "")
		return err
	}, apperr.KindFailedPrecondition, ""},
	// Sanctions: zero tolerance, the assessment first, motivation for a lighter one, the deadline.
	{"close proven discrimination without a sanction", Found, func(w *World) error {
		_, err := w.Svc.CloseAfterAssessment(w.Ctx, Bert, w.Ref, "We have investigated your report and taken measures.", w.Version())
		return err
	}, apperr.KindFailedPrecondition, ""},
	{"decide before the assessment", Found, func(w *World) error {
		return decide(w, Bert, sanctions.TerminationByCourt, "", w.Svc.Now())
	}, apperr.KindFailedPrecondition, ""},
	{"a decision without the date the facts became known", Qualified, func(w *World) error {
		return decide(w, Bert, sanctions.TerminationByCourt, "", time.Time{})
	}, apperr.KindInvalid, ""},
	{"a transfer for proven discrimination", Qualified, func(w *World) error {
		return decide(w, Bert, sanctions.Transfer, "", w.Svc.Now())
	}, apperr.KindFailedPrecondition, ""},
	{"a lighter sanction without motivation", Qualified, func(w *World) error {
		return decide(w, Bert, sanctions.WrittenWarning, "", w.Svc.Now())
	}, apperr.KindInvalid, ""},
	{"a team member decides the sanction", Qualified, func(w *World) error {
		return decide(w, Ita, sanctions.WrittenWarning, "x", w.Svc.Now())
	}, apperr.KindForbidden, ""},
	{"facts known two days before the report", Qualified, func(w *World) error {
		return decide(w, Bert, sanctions.WrittenWarning, "x", w.Case().ReceivedAt.Add(-48*time.Hour))
	}, apperr.KindInvalid, ""},
	{"decide twice", Sanctioned, func(w *World) error {
		return decide(w, Bert, sanctions.WrittenWarning, "motivated again", w.Svc.Now())
	}, apperr.KindFailedPrecondition, ""},
	// Conversations stay with the adviser; bad input is refused.
	{"log a conversation without a duration", Filed, func(w *World) error {
		_, err := w.Svc.LogConversation(w.Ctx, Anna, w.Ref, conversation(w.Clock.Now(), cases.FormVideo, 0, "notes"))
		return err
	}, apperr.KindInvalid, ""},
	{"log a conversation of more than ten hours", Filed, func(w *World) error {
		_, err := w.Svc.LogConversation(w.Ctx, Anna, w.Ref, conversation(w.Clock.Now(), cases.FormVideo, 601, "notes"))
		return err
	}, apperr.KindInvalid, ""},
	{"log a conversation in the future", Filed, func(w *World) error {
		_, err := w.Svc.LogConversation(w.Ctx, Anna, w.Ref, conversation(w.Clock.Now().Add(time.Hour), cases.FormVideo, 30, "notes"))
		return err
	}, apperr.KindInvalid, ""},
	{"log a conversation without a form", Filed, func(w *World) error {
		_, err := w.Svc.LogConversation(w.Ctx, Anna, w.Ref, conversation(w.Clock.Now(), "", 30, "notes"))
		return err
	}, apperr.KindInvalid, ""},
	{"log a conversation without notes", Filed, func(w *World) error {
		_, err := w.Svc.LogConversation(w.Ctx, Anna, w.Ref, conversation(w.Clock.Now(), cases.FormVideo, 30, "  "))
		return err
	}, apperr.KindInvalid, ""},
	{"log a conversation without a time", Filed, func(w *World) error {
		_, err := w.Svc.LogConversation(w.Ctx, Anna, w.Ref, conversation(time.Time{}, cases.FormVideo, 30, "notes"))
		return err
	}, apperr.KindInvalid, ""},
	{"a second adviser lists the conversations", Filed, func(w *World) error { _, err := w.Svc.ListConversations(w.Ctx, Bas, w.Ref); return err }, apperr.KindNotFound, ""},
	{"a second adviser logs a conversation", Filed, func(w *World) error {
		_, err := w.Svc.LogConversation(w.Ctx, Bas, w.Ref, conversation(w.Clock.Now(), cases.FormVideo, 30, "notes"))
		return err
	}, apperr.KindNotFound, ""},
	{"intake lists the conversations", Filed, func(w *World) error { _, err := w.Svc.ListConversations(w.Ctx, Intake, w.Ref); return err }, apperr.KindForbidden, ""},
	{"intake logs a conversation", Filed, func(w *World) error {
		_, err := w.Svc.LogConversation(w.Ctx, Intake, w.Ref, conversation(w.Clock.Now(), cases.FormVideo, 30, "notes"))
		return err
	}, apperr.KindForbidden, ""},
	{"the manager lists the conversations", Escalated, func(w *World) error { _, err := w.Svc.ListConversations(w.Ctx, Bert, w.Ref); return err }, apperr.KindForbidden, ""},
	{"a conflicted manager lists the conversations", Escalated, func(w *World) error { _, err := w.Svc.ListConversations(w.Ctx, Marieke, w.Ref); return err }, apperr.KindNotFound, ""},
	// Precedent drafts: from a closed case, one per case, reviewed by HR once submitted.
	{"a precedent from a case still open", Sanctioned, func(w *World) error {
		_, err := w.Svc.CreatePrecedentDraft(w.Ctx, Bert, w.Ref, "Gemeente Utrecht")
		return err
	}, apperr.KindFailedPrecondition, ""},
	{"a second draft of a case", Drafted, func(w *World) error {
		_, err := w.Svc.CreatePrecedentDraft(w.Ctx, Ita, w.Ref, "Gemeente Utrecht")
		return err
	}, apperr.KindConflict, ""},
	{"HR reads a draft not yet submitted", Drafted, func(w *World) error {
		_, err := w.Svc.GetPrecedentDraft(w.Ctx, HRDesk, w.Draft.ID)
		return err
	}, apperr.KindNotFound, ""},
	{"the adviser reads the draft", Drafted, func(w *World) error {
		_, err := w.Svc.GetPrecedentDraft(w.Ctx, Anna, w.Draft.ID)
		return err
	}, apperr.KindNotFound, ""},
	{"a conflicted manager reads the draft", Drafted, func(w *World) error {
		_, err := w.Svc.GetPrecedentDraft(w.Ctx, Marieke, w.Draft.ID)
		return err
	}, apperr.KindNotFound, ""},
	{"submit a stale draft", Drafted, func(w *World) error {
		_, err := w.Svc.SubmitPrecedentDraft(w.Ctx, Bert, w.Draft.ID, w.Draft.Version-1)
		return err
	}, apperr.KindAborted, ""},
	{"submit twice", Submitted, func(w *World) error {
		_, err := w.Svc.SubmitPrecedentDraft(w.Ctx, Bert, w.Draft.ID, w.Draft.Version)
		return err
	}, apperr.KindFailedPrecondition, ""},
	{"return a draft without a remark", Submitted, func(w *World) error {
		_, err := w.Svc.ReturnPrecedentDraft(w.Ctx, HRDesk, w.Draft.ID, w.Draft.Version, " ")
		return err
	}, apperr.KindInvalid, "remark"},
	{"a handler approves the draft", Submitted, func(w *World) error {
		_, err := w.Svc.ApprovePrecedentDraft(w.Ctx, Bert, w.Draft.ID, w.Draft.Version, publish)
		return err
	}, apperr.KindForbidden, ""},
	{"approve a stale draft", Submitted, func(w *World) error {
		_, err := w.Svc.ApprovePrecedentDraft(w.Ctx, HRDesk, w.Draft.ID, w.Draft.Version-1, publish)
		return err
	}, apperr.KindAborted, ""},
}

func conversation(heldOn time.Time, form cases.ConversationForm, minutes int, notes string) cases.NewConversation {
	return cases.NewConversation{
		HeldOn: heldOn, Form: form, DurationMinutes: minutes,
		Content: cases.ConversationContent{Notes: notes, Topics: []string{"bullying", " options "},
			Advice: "Keep a diary of incidents.", NextStep: "Talk again in two weeks."},
	}
}

func publish(r precedents.Record) (precedents.Prepared, error) {
	return precedents.Prepare(r, "OWN", "hr-2"), nil
}

func decide(w *World, a cases.StaffActor, s sanctions.Sanction, motivation string, known time.Time) error {
	_, _, _, err := w.Svc.DecideSanction(w.Ctx, a, w.Ref, s, motivation, cases.Circumstances{}, known, w.Version())
	return err
}

// Transition is a command that moves the case on from a stage.
type Transition struct {
	Name    string
	At      Stage
	Do      func(w *World) (cases.Summary, error)
	Status  cases.Status
	Outcome string
	Check   func(w *World, s cases.Summary) string // "" when fine
}

// Transitions are the lifecycle's moves, each from its stage.
var Transitions = []Transition{
	{"intake acknowledges: in support", Filed, func(w *World) (cases.Summary, error) {
		return w.Svc.Acknowledge(w.Ctx, Intake, w.Ref, "We received your report.")
	}, cases.StatusInSupport, "", func(w *World, s cases.Summary) string {
		if s.AcknowledgedAt == nil || s.FeedbackDueAt == nil {
			return "acknowledged without the acknowledgement and the feedback deadline"
		}
		return ""
	}},
	{"the adviser closes in support", Filed, func(w *World) (cases.Summary, error) {
		return w.Svc.CloseCase(w.Ctx, Anna, w.Ref, "MEDIATED", w.Version())
	}, cases.StatusClosed, "MEDIATED", nil},
	{"escalation goes to weighing, pseudonymously", Consented, func(w *World) (cases.Summary, error) {
		return w.Svc.Escalate(w.Ctx, Anna, w.Ref, "BO", w.Version())
	}, cases.StatusWeighing, "", func(w *World, s cases.Summary) string {
		if !s.Pseudonymous || s.WeighingDueAt == nil {
			return "escalated without pseudonymity or a weighing deadline"
		}
		return ""
	}},
	{"an escalated case is still acknowledged and stays with the manager", Escalated, func(w *World) (cases.Summary, error) {
		return w.Svc.Acknowledge(w.Ctx, Intake, w.Ref, "We received your report.")
	}, cases.StatusWeighing, "", nil},
	{"a reasonable suspicion leads to fact-finding", Escalated, func(w *World) (cases.Summary, error) {
		return w.Svc.Weigh(w.Ctx, Bert, w.Ref, weighing, w.Version())
	}, cases.StatusFactFinding, "", nil},
	{"no reasonable suspicion closes the case", Escalated, func(w *World) (cases.Summary, error) {
		wg := weighing
		wg.Outcome = cases.NoReasonableSuspicion
		return w.Svc.Weigh(w.Ctx, Bert, w.Ref, wg, w.Version())
	}, cases.StatusClosed, "NO_REASONABLE_SUSPICION", nil},
	{"referring elsewhere closes the case", Escalated, func(w *World) (cases.Summary, error) {
		wg := weighing
		wg.Outcome = cases.ReferElsewhere
		return w.Svc.Weigh(w.Ctx, Bert, w.Ref, wg, w.Version())
	}, cases.StatusClosed, "REFERRED", nil},
	{"findings after the hearing: assessment under the rule set in force", Heard, func(w *World) (cases.Summary, error) {
		return w.Svc.SetFindings(w.Ctx, Bert, w.Ref, w.findings(), w.Version())
	}, cases.StatusAssessment, "", func(w *World, s cases.Summary) string {
		if s.RuleSetVersion != sanctions.Default().Version() {
			return "assessed under rule set " + s.RuleSetVersion
		}
		return ""
	}},
	{"a motivated written warning", Qualified, func(w *World) (cases.Summary, error) {
		s, _, warning, err := w.Svc.DecideSanction(w.Ctx, Bert, w.Ref, sanctions.WrittenWarning,
			"First offence, the subject apologised to the reporter in person and follows a training.",
			cases.Circumstances{Mitigating: []string{"REMORSE_AND_REPAIR"}}, w.Case().ReceivedAt.Add(-11*time.Hour), w.Version())
		if err == nil && warning != "" {
			w.T.Errorf("a timely decision got the warning %q", warning)
		}
		return s, err
	}, cases.StatusSanction, "", nil},
	{"closing after the sanction sends the feedback", Sanctioned, func(w *World) (cases.Summary, error) {
		return w.Svc.CloseAfterAssessment(w.Ctx, Bert, w.Ref, "We have investigated your report; measures have been taken.", w.Version())
	}, cases.StatusClosed, "PROVEN_WITH_SANCTION", func(w *World, s cases.Summary) string {
		msgs, err := w.Svc.MyMessages(w.Ctx, w.Session())
		if err != nil || len(msgs) == 0 || msgs[len(msgs)-1].Body != "We have investigated your report; measures have been taken." {
			return "the reporter did not get the feedback"
		}
		return ""
	}},
}

// Rules runs the domain's rules — every refusal and every transition, each on a world of its
// own — against fresh backends from open.
func Rules(t *testing.T, open func(t *testing.T) Backend) {
	t.Run("Refusals", func(t *testing.T) {
		for _, r := range Refusals {
			t.Run(r.Name, func(t *testing.T) {
				t.Parallel()
				w := NewWorld(t, open).To(r.At)
				before := *w.Case()
				err := r.Do(w)
				if kindOf(err) != r.Want {
					t.Fatalf("at stage %s: got %v, want kind %s", r.At, err, r.Want)
				}
				if e, _ := apperr.As(err); r.Field != "" && e.Field != r.Field {
					t.Errorf("refusal names field %q, want %q", e.Field, r.Field)
				}
				if after := w.Case(); after.Version != before.Version || after.Status != before.Status {
					t.Errorf("a refused command changed the case: version %d→%d, status %s→%s",
						before.Version, after.Version, before.Status, after.Status)
				}
			})
		}
	})
	t.Run("Transitions", func(t *testing.T) {
		for _, tr := range Transitions {
			t.Run(tr.Name, func(t *testing.T) {
				t.Parallel()
				w := NewWorld(t, open).To(tr.At)
				before := w.Version()
				got, err := tr.Do(w)
				if err != nil {
					t.Fatalf("at stage %s: %v", tr.At, err)
				}
				stored := w.Case()
				if got.Status != tr.Status || stored.Status != tr.Status || stored.Outcome != tr.Outcome {
					t.Fatalf("status %s (stored %s, outcome %q), want %s (outcome %q)", got.Status, stored.Status, stored.Outcome, tr.Status, tr.Outcome)
				}
				if stored.Version != before+1 || got.Version != stored.Version {
					t.Errorf("version %d→%d (answer says %d), want one step", before, stored.Version, got.Version)
				}
				if tr.Check != nil {
					if msg := tr.Check(w, got); msg != "" {
						t.Error(msg)
					}
				}
			})
		}
	})
	t.Run("NeedToKnow", func(t *testing.T) { needToKnow(t, open) })
	t.Run("Deadlines", func(t *testing.T) { deadlines(t, open) })
	t.Run("Suspension", func(t *testing.T) { suspension(t, open) })
	t.Run("UnitOfWork", func(t *testing.T) { unitOfWork(t, open) })
	t.Run("PrecedentDraft", func(t *testing.T) { precedentDraft(t, open) })
	t.Run("ReporterSession", func(t *testing.T) { reporterSession(t, open) })
	t.Run("WrongCodes", func(t *testing.T) { wrongCodes(t, open) })
	t.Run("RetryWindow", func(t *testing.T) { retryWindow(t, open) })
	t.Run("AcknowledgementDeadlines", func(t *testing.T) { acknowledgementDeadlines(t, open) })
	t.Run("Contract", func(t *testing.T) { contract(t, open) })
	t.Run("Conversations", func(t *testing.T) { conversations(t, open) })
	t.Run("Signals", func(t *testing.T) { signals(t, open) })
}

// signals: a signal told to a manager or HR in person is recorded with the employee's consent,
// for a unit whose manager is not conflicted, and goes straight to weighing.
func signals(t *testing.T, open func(t *testing.T) Backend) {
	t.Parallel()
	w := NewWorld(t, open)
	fraud := func() cases.NewReport {
		r := anonymous("A colleague in Bedrijfsvoering claims hours he did not work.")
		r.Category, r.Anonymity, r.Identity = "FRAUD_THEFT_EMBEZZLEMENT", cases.Named, &cases.Identity{Name: "Jan"}
		return r
	}
	refusals := []struct {
		name     string
		who      cases.StaffActor
		unit     string
		consent  bool
		subjects []string
		want     apperr.Kind
	}{
		{"without the employee's consent", Bert, "BO", false, nil, apperr.KindFailedPrecondition},
		{"for an unknown unit", Bert, "NOPE", true, nil, apperr.KindInvalid},
		{"by intake", cases.StaffActor{Subject: "ivo", Intake: true}, "BO", true, nil, apperr.KindForbidden},
		{"for the subject's own manager", Bert, "SO-WIJ", true, []string{"2001"}, apperr.KindFailedPrecondition},
		{"about an unknown employee", Bert, "BO", true, []string{"nobody"}, apperr.KindInvalid},
	}
	for _, r := range refusals {
		if _, err := w.Svc.RecordSignal(w.Ctx, r.who, fraud(), r.unit, r.consent, r.subjects); kindOf(err) != r.want {
			t.Errorf("record a signal %s: %v, want kind %s", r.name, err, r.want)
		}
	}
	if p, err := w.Svc.ListCases(w.Ctx, Intake, cases.ListFilter{}); err != nil || len(p.Cases) != 1 {
		t.Fatalf("refused signals were stored: %d cases (%v)", len(p.Cases), err)
	}
	f, err := w.Svc.RecordSignal(w.Ctx, Bert, fraud(), "BO", true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Summary.Status != cases.StatusWeighing || f.Summary.Channel != cases.ChannelManager || f.Summary.AcknowledgedAt == nil || f.ReceiptCode == "" {
		t.Fatalf("recorded signal: %+v", f.Summary)
	}
	if d, err := w.Svc.GetCase(w.Ctx, Bert, f.Summary.Reference); err != nil || d.Identity == nil || d.Identity.Name != "Jan" {
		t.Fatalf("the manager reads the named signal he recorded: %+v %v", d.Identity, err)
	}
	about, err := w.Svc.RecordSignal(w.Ctx, Bert, anonymous("Sam shouts at colleagues in the Wijkteams."), "BO", true, []string{"2001"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Svc.GetCase(w.Ctx, cases.StaffActor{Subject: "mgr-wij", Manager: true}, about.Summary.Reference); kindOf(err) != apperr.KindNotFound {
		t.Errorf("Sam's manager reads the signal about Sam: %v", err)
	}
	if _, err := w.Svc.LinkSubject(w.Ctx, Bert, about.Summary.Reference, "1003"); kindOf(err) != apperr.KindFailedPrecondition {
		t.Errorf("the weighing manager links himself as subject: %v", err)
	}
	hr := cases.StaffActor{Subject: "hr-1", HR: true}
	r2 := anonymous("Told to HR: a gift from a supplier that was kept.")
	r2.Category, r2.Anonymity, r2.Identity = "GIFTS", cases.Confidential, &cases.Identity{Name: "Els"}
	f2, err := w.Svc.RecordSignal(w.Ctx, hr, r2, "BO", true, nil)
	if err != nil || f2.Summary.Channel != cases.ChannelHR {
		t.Fatalf("HR records a signal: %+v %v", f2.Summary, err)
	}
	if _, err := w.Svc.GetCase(w.Ctx, hr, f2.Summary.Reference); kindOf(err) != apperr.KindNotFound {
		t.Errorf("HR reads the content afterwards: %v", err)
	}
	if d, err := w.Svc.GetCase(w.Ctx, Bert, f2.Summary.Reference); err != nil || d.Identity != nil || !d.Pseudonymous {
		t.Errorf("a confidential signal told to HR, as the manager sees it: %+v %v", d.Identity, err)
	}
}

// conversations: listed by when they took place; on reassignment the new adviser gets the case
// but not the notes, and the former adviser loses both.
func conversations(t *testing.T, open func(t *testing.T) Backend) {
	t.Parallel()
	w := NewWorld(t, open)
	first, err := w.Svc.LogConversation(w.Ctx, Anna, w.Ref, conversation(w.Clock.Now().Add(-2*time.Hour), cases.FormInPerson, 45, "First meeting."))
	if err != nil {
		t.Fatal(err)
	}
	if first.LoggedBy != "adv-1" || !slices.Equal(first.Content.Topics, []string{"bullying", "options"}) {
		t.Errorf("logged conversation: %+v", first)
	}
	w.Clock.Advance(time.Minute)
	second, err := w.Svc.LogConversation(w.Ctx, Anna, w.Ref, conversation(w.Clock.Now().Add(-48*time.Hour), cases.FormPhone, 15, "An earlier phone call."))
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.Svc.ListConversations(w.Ctx, Anna, w.Ref)
	if err != nil || len(got) != 2 || got[0].ID != second.ID || got[1].ID != first.ID || got[1].Content.Notes != "First meeting." {
		t.Fatalf("Anna's conversations: %+v %v; want the phone call first", got, err)
	}
	w.Clock.Advance(time.Minute)
	fixed, err := w.Svc.UpdateConversation(w.Ctx, Anna, w.Ref, first.ID, cases.ConversationContent{Notes: "First meeting, corrected."})
	if err != nil || fixed.Content.Notes != "First meeting, corrected." {
		t.Fatalf("correct a conversation: %+v %v", fixed, err)
	}
	if _, err := w.Svc.AssignAdviser(w.Ctx, Intake, w.Ref, w.Adv2, w.Version()); err != nil {
		t.Fatalf("reassign: %v", err)
	}
	if got, err := w.Svc.ListConversations(w.Ctx, Bas, w.Ref); err != nil || len(got) != 0 {
		t.Fatalf("after reassignment Bas reads %d conversations (%v), want none of Anna's", len(got), err)
	}
	if _, err := w.Svc.ListConversations(w.Ctx, Anna, w.Ref); kindOf(err) != apperr.KindNotFound {
		t.Fatalf("the former adviser lists the conversations: %v", err)
	}
}

// contract: the repository's own promises, below the domain — not found, unique keys, versions.
func contract(t *testing.T, open func(t *testing.T) Backend) {
	t.Parallel()
	w := NewWorld(t, open)
	repo, ctx := w.B.Repo, w.Ctx
	if rec, err := repo.CaseByID(ctx, uuid.New()); rec != nil || err != nil {
		t.Errorf("unknown case: %v %v, want (nil, nil)", rec, err)
	}
	if rec, err := repo.CaseByReference(ctx, "MP-NOTTHERE"); rec != nil || err != nil {
		t.Errorf("unknown reference: %v %v, want (nil, nil)", rec, err)
	}
	if a, err := repo.AdviserByID(ctx, uuid.New()); a != nil || err != nil {
		t.Errorf("unknown adviser: %v %v, want (nil, nil)", a, err)
	}
	if u, err := repo.UnitByCode(ctx, "XX"); u != nil || err != nil {
		t.Errorf("unknown unit: %v %v, want (nil, nil)", u, err)
	}
	if inv, err := repo.Investigation(ctx, w.Filed.Summary.ID); inv != nil || err != nil {
		t.Errorf("no investigation: %v %v, want (nil, nil)", inv, err)
	}
	if _, err := repo.PrecedentDraft(ctx, uuid.New()); !errors.Is(err, cases.ErrNoDraft) {
		t.Errorf("unknown draft: %v, want ErrNoDraft", err)
	}
	if _, _, err := repo.SubjectConflicts(ctx, "9999"); !errors.Is(err, cases.ErrNoSuchEmployee) {
		t.Errorf("unknown employee: %v, want ErrNoSuchEmployee", err)
	}
	if u, err := repo.UnitByCode(ctx, "SO-WIJ"); err != nil || u == nil || u.ManagerSubject != "mgr-wij" || u.ParentCode != "SO" {
		t.Errorf("unit SO-WIJ: %+v %v", u, err)
	}
	// Unique keys: the idempotency key first, then the reference.
	stored := w.Case()
	fresh := func() cases.NewCaseRecord {
		now := w.Clock.Now()
		return cases.NewCaseRecord{
			Summary: cases.Summary{ID: uuid.New(), Reference: "MP-" + strings.ToUpper(uuid.NewString()[:8]), Status: cases.StatusReceived,
				Category: "BULLYING", Anonymity: cases.Anonymous, Channel: cases.ChannelWebForm, ReceivedAt: now, AckDueAt: now.AddDate(0, 0, 7), Version: 1},
			WrappedKey: []byte("wrapped"), ReceiptLookup: []byte(uuid.NewString()), IdempotencyLookup: []byte(uuid.NewString()),
			RequestFingerprint: []byte("fp"), ReplaySealed: []byte("replay"), ReplayUntil: now.Add(time.Hour), ReportSealed: []byte("report"),
		}
	}
	ev := func(rec cases.NewCaseRecord) audit.Event {
		return audit.New(rec.ReceivedAt, audit.Reporter, audit.ActionFileReport, rec.ID, "", "report")
	}
	dupIdem := fresh()
	rec := fresh()
	if err := repo.CreateCase(ctx, rec, ev(rec)); err != nil {
		t.Fatal(err)
	}
	dupIdem.IdempotencyLookup = rec.IdempotencyLookup
	if err := repo.CreateCase(ctx, dupIdem, ev(dupIdem)); !errors.Is(err, cases.ErrIdempotencyTaken) {
		t.Errorf("a second case with the idempotency key: %v, want ErrIdempotencyTaken", err)
	}
	dupRef := fresh()
	dupRef.Reference = stored.Reference
	if err := repo.CreateCase(ctx, dupRef, ev(dupRef)); !errors.Is(err, cases.ErrReferenceTaken) {
		t.Errorf("a second case with the reference: %v, want ErrReferenceTaken", err)
	}
	if got, err := repo.CaseByID(ctx, dupRef.ID); got != nil || err != nil {
		t.Errorf("a refused case was stored: %v %v", got, err)
	}
	// Versions: a stale update changes nothing.
	now := w.Clock.Now()
	stale := cases.Acknowledgement{CaseID: rec.ID, Version: rec.Version + 1, At: now, By: "alice", FeedbackDueAt: now, NewStatus: cases.StatusInSupport}
	if err := repo.InTx(ctx, func(ctx context.Context) error { return repo.Acknowledge(ctx, stale) }); !errors.Is(err, cases.ErrVersionConflict) {
		t.Errorf("a stale acknowledgement: %v, want ErrVersionConflict", err)
	}
	if got, _ := repo.CaseByID(ctx, rec.ID); got == nil || got.Version != rec.Version || got.AcknowledgedAt != nil {
		t.Errorf("a stale acknowledgement changed the case: %+v", got)
	}
}

// reporterSession: a code typed from paper opens a session on the reporter's own case, which
// ends after 30 minutes or at logout.
func reporterSession(t *testing.T, open func(t *testing.T) Backend) {
	t.Parallel()
	w := NewWorld(t, open)
	other := anonymous("somebody else's report")
	if _, err := w.Svc.FileReport(w.Ctx, other); err != nil {
		t.Fatal(err)
	}
	typed := strings.ToLower(strings.ReplaceAll(w.Filed.ReceiptCode, "-", " "))
	tok, exp, err := w.Svc.OpenSession(w.Ctx, "src", typed)
	if err != nil {
		t.Fatalf("log in with a typed code: %v", err)
	}
	if want := w.Clock.Now().Add(30 * time.Minute); !exp.Equal(want) {
		t.Errorf("session expires %s, want %s", exp, want)
	}
	rs, err := w.Svc.AuthenticateReporter(w.Ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := w.Svc.MyCase(w.Ctx, rs); err != nil || v.Reference != w.Ref {
		t.Fatalf("the reporter sees %s (%v), want their own case", v.Reference, err)
	}
	w.Clock.Advance(31 * time.Minute)
	if _, err := w.Svc.AuthenticateReporter(w.Ctx, tok); kindOf(err) != apperr.KindUnauthenticated {
		t.Fatalf("expired session: %v, want unauthenticated", err)
	}
	tok2, _, err := w.Svc.OpenSession(w.Ctx, "src", w.Filed.ReceiptCode)
	if err != nil {
		t.Fatal(err)
	}
	rs2, err := w.Svc.AuthenticateReporter(w.Ctx, tok2)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Svc.CloseSession(w.Ctx, rs2); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Svc.AuthenticateReporter(w.Ctx, tok2); kindOf(err) != apperr.KindUnauthenticated {
		t.Fatalf("closed session: %v, want unauthenticated", err)
	}
}

func anonymous(desc string) cases.NewReport {
	return cases.NewReport{IdempotencyKey: uuid.NewString(), Category: "BULLYING", Anonymity: cases.Anonymous,
		Content: cases.ReportContent{Description: desc}}
}

// wrongCodes: an unknown and a malformed code get the same answer.
func wrongCodes(t *testing.T, open func(t *testing.T) Backend) {
	t.Parallel()
	w := NewWorld(t, open)
	_, _, errUnknown := w.Svc.OpenSession(w.Ctx, "a", "ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ")
	_, _, errMalformed := w.Svc.OpenSession(w.Ctx, "b", "not a code")
	if errUnknown == nil || errMalformed == nil || errUnknown.Error() != errMalformed.Error() {
		t.Fatalf("unknown and malformed codes answer differently: %v / %v", errUnknown, errMalformed)
	}
	if kindOf(errUnknown) != apperr.KindUnauthenticated {
		t.Fatalf("wrong code: %v, want unauthenticated", errUnknown)
	}
}

// retryWindow: a retried filing gets its code back within the window and before the first
// login; later it is a conflict and makes no second case.
func retryWindow(t *testing.T, open func(t *testing.T) Backend) {
	t.Parallel()
	w := NewWorld(t, open)
	r := anonymous("the answer got lost on the way")
	first, err := w.Svc.FileReport(w.Ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	w.Clock.Advance(time.Hour)
	again, err := w.Svc.FileReport(w.Ctx, r)
	if err != nil || !again.Replayed || again.ReceiptCode != first.ReceiptCode || again.Summary.Reference != first.Summary.Reference {
		t.Fatalf("retry within the window: %+v %v, want the same case and code, replayed", again, err)
	}
	w.Clock.Advance(48 * time.Hour)
	if _, err := w.Svc.FileReport(w.Ctx, r); kindOf(err) != apperr.KindConflict {
		t.Fatalf("retry after the window: %v, want conflict", err)
	}
	fresh := anonymous("logged in, then an old retry arrives")
	f, err := w.Svc.FileReport(w.Ctx, fresh)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.Svc.OpenSession(w.Ctx, "src", f.ReceiptCode); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Svc.FileReport(w.Ctx, fresh); kindOf(err) != apperr.KindConflict {
		t.Fatalf("retry after login: %v, want conflict", err)
	}
	if p, err := w.Svc.ListCases(w.Ctx, Intake, cases.ListFilter{}); err != nil || len(p.Cases) != 3 {
		t.Fatalf("stored %d cases (%v), want 3", len(p.Cases), err)
	}
}

// acknowledgementDeadlines: acknowledged within 7 days, feedback within 3 months of that; an
// acknowledgement is given once.
func acknowledgementDeadlines(t *testing.T, open func(t *testing.T) Backend) {
	t.Parallel()
	w := NewWorld(t, open)
	if want := w.Filed.Summary.ReceivedAt.AddDate(0, 0, 7); !w.Filed.Summary.AckDueAt.Equal(want) {
		t.Fatalf("acknowledgement due %s, want %s", w.Filed.Summary.AckDueAt, want)
	}
	w.Clock.Advance(8 * 24 * time.Hour)
	if ds := w.Svc.Policy().Deadlines(w.Case().Summary, w.Clock.Now()); !ds[0].Overdue {
		t.Fatalf("acknowledgement 8 days after receipt is not overdue: %+v", ds[0])
	}
	due := w.Clock.Now().Add(time.Hour)
	if p, err := w.Svc.ListCases(w.Ctx, Intake, cases.ListFilter{DueBy: &due}); err != nil || len(p.Cases) != 1 {
		t.Fatalf("the overdue case in the list of deadlines: %d (%v)", len(p.Cases), err)
	}
	sum, err := w.Svc.Acknowledge(w.Ctx, Intake, w.Ref, "")
	if err != nil {
		t.Fatal(err)
	}
	ds := w.Svc.Policy().Deadlines(sum, w.Clock.Now())
	if ds[0].Overdue || ds[0].MetAt == nil {
		t.Fatalf("acknowledgement deadline after acknowledging: %+v", ds[0])
	}
	if want := w.Clock.Now().AddDate(0, 3, 0); ds[1].DueAt == nil || !ds[1].DueAt.Equal(want) {
		t.Fatalf("feedback due %v, want %s", ds[1].DueAt, want)
	}
	if _, err := w.Svc.Acknowledge(w.Ctx, Intake, w.Ref, ""); kindOf(err) != apperr.KindFailedPrecondition {
		t.Fatalf("second acknowledgement: %v, want failed precondition", err)
	}
}

// precedentDraft: submitted, returned with a remark, submitted again and approved; the draft is
// gone and a precedent published, while the case stays as it was.
func precedentDraft(t *testing.T, open func(t *testing.T) Backend) {
	t.Parallel()
	w := NewWorld(t, open).To(Submitted)
	closed := w.Version()
	if w.Draft.Status != cases.DraftSubmitted {
		t.Fatalf("submitted draft is %s", w.Draft.Status)
	}
	if got, err := w.Svc.GetPrecedentDraft(w.Ctx, HRDesk, w.Draft.ID); err != nil || got.Version != w.Draft.Version {
		t.Fatalf("HR reads the submitted draft: %+v %v", got, err)
	}
	back, err := w.Svc.ReturnPrecedentDraft(w.Ctx, HRDesk, w.Draft.ID, w.Draft.Version, "Leave out the month.")
	if err != nil || back.Status != cases.DraftOpen || back.Version != w.Draft.Version+1 {
		t.Fatalf("return: %+v %v", back, err)
	}
	if _, err := w.Svc.GetPrecedentDraft(w.Ctx, HRDesk, w.Draft.ID); kindOf(err) != apperr.KindNotFound {
		t.Fatalf("HR reads a returned draft: %v", err)
	}
	again, err := w.Svc.SubmitPrecedentDraft(w.Ctx, Bert, back.ID, back.Version)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Svc.ApprovePrecedentDraft(w.Ctx, HRDesk, again.ID, again.Version, publish); err != nil {
		t.Fatalf("approve: %v", err)
	}
	if _, err := w.Svc.GetPrecedentDraft(w.Ctx, Bert, again.ID); kindOf(err) != apperr.KindNotFound {
		t.Fatalf("the approved draft is still there: %v", err)
	}
	if v := w.Version(); v != closed {
		t.Errorf("publishing changed the case: version %d→%d", closed, v)
	}
}

// unitOfWork: a change and its audit event are kept together or not at all; a unit inside a unit
// joins it; and no event is recorded outside a unit.
func unitOfWork(t *testing.T, open func(t *testing.T) Backend) {
	t.Parallel()
	w := NewWorld(t, open)
	repo, id := w.B.Repo, w.Filed.Summary.ID
	before := w.Case()
	now := w.Svc.Now().UTC().Truncate(time.Second)
	ack := cases.Acknowledgement{
		CaseID: id, Version: before.Version, At: now, By: "alice", FeedbackDueAt: now.Add(24 * time.Hour),
		NewStatus: cases.StatusInSupport,
		Message: &cases.MessageRecord{ID: uuid.New(), CaseID: id, Author: cases.AuthorStaff, AuthorSubject: "alice",
			BodySealed: []byte("sealed"), SentAt: now},
	}
	acknowledge := func(ev audit.Event) error {
		return repo.InTx(w.Ctx, func(ctx context.Context) error {
			if err := repo.Acknowledge(ctx, ack); err != nil {
				return err
			}
			return audit.Log(ctx, ev)
		})
	}
	// An event without an action cannot be written: the acknowledgement goes with it.
	if err := acknowledge(audit.Event{At: now, Actor: audit.Staff("alice"), CaseID: &id}); err == nil {
		t.Fatal("a unit whose audit event fails succeeded")
	}
	after := w.Case()
	if after.Version != before.Version || after.AcknowledgedAt != nil || after.Status != before.Status {
		t.Fatalf("the acknowledgement was kept without its event: version %d→%d, status %s→%s",
			before.Version, after.Version, before.Status, after.Status)
	}
	if msgs, err := w.Svc.CaseMessages(w.Ctx, Intake, w.Ref); err != nil || len(msgs) != 0 {
		t.Fatalf("the acknowledgement's message was kept without its event: %d %v", len(msgs), err)
	}
	// A unit inside a unit joins it: rolled back with the outer one.
	ev := audit.New(now, audit.Staff("alice"), audit.ActionAcknowledge, id, "", "status")
	abort := errors.New("abort")
	err := repo.InTx(w.Ctx, func(ctx context.Context) error {
		if err := repo.InTx(ctx, func(ctx context.Context) error { return repo.Acknowledge(ctx, ack) }); err != nil {
			return err
		}
		if err := audit.Log(ctx, ev); err != nil {
			return err
		}
		return abort
	})
	if !errors.Is(err, abort) {
		t.Fatalf("outer unit: %v", err)
	}
	if after := w.Case(); after.Version != before.Version {
		t.Fatalf("an inner unit was kept although the outer one rolled back: version %d→%d", before.Version, after.Version)
	}
	if err := audit.Log(w.Ctx, ev); !errors.Is(err, audit.ErrNoTransaction) {
		t.Fatalf("an event outside a unit of work: %v, want ErrNoTransaction", err)
	}
	// With a good event both are kept.
	if err := acknowledge(ev); err != nil {
		t.Fatal(err)
	}
	if after := w.Case(); after.Version != before.Version+1 || after.AcknowledgedAt == nil {
		t.Fatalf("acknowledgement not kept: version %d→%d", before.Version, after.Version)
	}
}

func needToKnow(t *testing.T, open func(t *testing.T) Backend) {
	t.Parallel()
	w := NewWorld(t, open).To(Escalated)
	lists := []struct {
		who  cases.StaffActor
		want int
	}{{Anna, 1}, {Bas, 0}, {Sam, 0}, {Intake, 1}, {Bert, 1}, {Marieke, 0}, {Ita, 0}}
	for _, l := range lists {
		p, err := w.Svc.ListCases(w.Ctx, l.who, cases.ListFilter{})
		if err != nil || len(p.Cases) != l.want {
			t.Errorf("%s lists %d cases (%v), want %d", l.who.Subject, len(p.Cases), err, l.want)
		}
	}
	if d, err := w.Svc.GetCase(w.Ctx, Anna, w.Ref); err != nil || d.Identity == nil || d.Identity.Name != "Fatima" {
		t.Errorf("the adviser does not see the reporter she supports: %+v %v", d.Identity, err)
	}
	if d, err := w.Svc.GetCase(w.Ctx, Bert, w.Ref); err != nil || d.Identity != nil || !d.Pseudonymous || d.Content.Description == "" {
		t.Errorf("the manager's view: identity %+v, %v; want the report without the reporter", d.Identity, err)
	}
}

func deadlines(t *testing.T, open func(t *testing.T) Backend) {
	t.Parallel()
	w := NewWorld(t, open).To(Weighed)
	d, err := w.Svc.GetCase(w.Ctx, Bert, w.Ref)
	if err != nil {
		t.Fatal(err)
	}
	ds := w.Svc.Policy().Deadlines(d.Summary, w.Svc.Now())
	i := slices.IndexFunc(ds, func(d cases.Deadline) bool { return d.Kind == cases.DeadlineWeighing })
	if i < 0 || ds[i].MetAt == nil || ds[i].Overdue {
		t.Fatalf("weighing deadline after weighing: %+v", ds)
	}
}

func suspension(t *testing.T, open func(t *testing.T) Backend) {
	t.Parallel()
	w := NewWorld(t, open).To(Alleged)
	steps := []struct {
		on   bool
		want apperr.Kind // 0: succeeds
	}{{true, 0}, {true, apperr.KindFailedPrecondition}, {false, 0}, {false, apperr.KindFailedPrecondition}, {true, 0}}
	for i, s := range steps {
		on, since, err := w.Svc.SetSuspension(w.Ctx, Bert, w.Ref, s.on, "To protect the witnesses during the interviews.")
		if kindOf(err) != s.want {
			t.Fatalf("step %d (suspend=%v): %v, want kind %s", i, s.on, err, s.want)
		}
		if err == nil && (on != s.on || (on && since == nil)) {
			t.Fatalf("step %d: suspended=%v since %v, want %v", i, on, since, s.on)
		}
	}
}
