package cases_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/cases/casestest"
	"github.com/utrecht/meldpunt/internal/sanctions"
)

// TestEveryChangeIsKeptOnlyWithItsAuditEvent: each command's change and its audit event are one
// unit of work. When the event cannot be written the command fails and the case is as before;
// when it can, exactly the command's event is added.
func TestEveryChangeIsKeptOnlyWithItsAuditEvent(t *testing.T) {
	w0 := func(w *casestest.World) int64 { return w.Version() }
	commands := []struct {
		name   string
		at     casestest.Stage
		do     func(w *casestest.World) error
		action string
	}{
		{"acknowledge", casestest.Filed, func(w *casestest.World) error {
			_, err := w.Svc.Acknowledge(w.Ctx, casestest.Intake, w.Ref, "We received your report.")
			return err
		}, audit.ActionAcknowledge},
		{"read the case", casestest.Filed, func(w *casestest.World) error {
			_, err := w.Svc.GetCase(w.Ctx, casestest.Anna, w.Ref)
			return err
		}, audit.ActionReadCase},
		{"link a subject", casestest.Filed, func(w *casestest.World) error {
			_, err := w.Svc.LinkSubject(w.Ctx, casestest.Intake, w.Ref, "2001")
			return err
		}, audit.ActionLinkSubject},
		{"give consent", casestest.Linked, func(w *casestest.World) error {
			_, err := w.Svc.GiveConsent(w.Ctx, w.Session(), cases.PurposeFormalReport)
			return err
		}, audit.ActionGiveConsent},
		{"escalate", casestest.Consented, func(w *casestest.World) error {
			_, err := w.Svc.Escalate(w.Ctx, casestest.Anna, w.Ref, "BO", w0(w))
			return err
		}, audit.ActionEscalate},
		{"weigh", casestest.Escalated, func(w *casestest.World) error {
			_, err := w.Svc.Weigh(w.Ctx, casestest.Bert, w.Ref, cases.Weighing{
				Outcome: cases.NoReasonableSuspicion, Rationale: "Nothing concrete was reported; no norm is at stake here.",
				Checklist: cases.Checklist{Severity: "LOW"},
			}, w0(w))
			return err
		}, audit.ActionWeigh},
		{"start the fact-finding", casestest.Weighed, func(w *casestest.World) error {
			_, err := w.Svc.StartInvestigation(w.Ctx, casestest.Bert, w.Ref, cases.Plan{Scope: "Establish the remarks."}, []string{"ita-1"}, w0(w))
			return err
		}, audit.ActionStartInvestigation},
		{"add an allegation", casestest.Investigating, func(w *casestest.World) error {
			_, err := w.Svc.AddAllegation(w.Ctx, casestest.Ita, w.Ref, "GC-1.2", "HIGH", "Remarks, weekly.")
			return err
		}, audit.ActionAddAllegation},
		{"record the hearing", casestest.Alleged, func(w *casestest.World) error {
			return w.Svc.RecordHearing(w.Ctx, casestest.Ita, w.Ref, w.Svc.Now().Add(-time.Hour), "A joke.", false)
		}, audit.ActionRecordHearing},
		{"decide the sanction", casestest.Qualified, func(w *casestest.World) error {
			_, _, _, err := w.Svc.DecideSanction(w.Ctx, casestest.Bert, w.Ref, sanctions.WrittenWarning, "First offence; apologised.",
				cases.Circumstances{}, w.Case().ReceivedAt, w0(w))
			return err
		}, audit.ActionDecideSanction},
	}
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			w := casestest.NewWorld(t, casestest.Fake).To(c.at)
			w.Session() // opened before the trail fails
			repo := w.B.Repo.(*casestest.Repo)
			before, events := *w.Case(), len(repo.Events())
			broken := errors.New("audit trail unavailable")
			repo.FailAudit = broken
			if err := c.do(w); !errors.Is(err, broken) {
				t.Fatalf("with the trail unavailable: %v, want the audit error", err)
			}
			repo.FailAudit = nil
			if after := w.Case(); after.Version != before.Version || after.Status != before.Status {
				t.Fatalf("kept without its audit event: version %d→%d, status %s→%s", before.Version, after.Version, before.Status, after.Status)
			}
			if n := len(repo.Events()); n != events {
				t.Fatalf("%d events recorded by a failed command", n-events)
			}
			if err := c.do(w); err != nil {
				t.Fatal(err)
			}
			got := repo.Events()[events:]
			if !slices.ContainsFunc(got, func(ev audit.Event) bool { return ev.Action == c.action }) {
				t.Fatalf("events recorded %v, want %s among them", got, c.action)
			}
		})
	}
}
