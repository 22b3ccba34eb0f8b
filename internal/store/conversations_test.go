package store_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/store"
)

func conversation(heldOn time.Time, form cases.ConversationForm, minutes int, notes string) cases.NewConversation {
	return cases.NewConversation{
		HeldOn: heldOn, Form: form, DurationMinutes: minutes,
		Content: cases.ConversationContent{
			Notes: notes, Topics: []string{"bullying", " options "}, Advice: "Keep a diary of incidents.",
			NextStep: "Talk again in two weeks.",
		},
	}
}

// actions returns the actions of the events in evs by actor kind and id, in order.
func actions(evs []audit.Event, actor audit.Actor) []string {
	var out []string
	for _, e := range evs {
		if e.Actor == actor {
			out = append(out, e.Action)
		}
	}
	return out
}

// TestConversationsStayWithTheAdviser: the case's adviser logs conversations and reads them back;
// a second adviser, intake, the manager the case was escalated to and that manager's peers cannot
// read them; after a reassignment the notes stay with the adviser who wrote them.
func TestConversationsStayWithTheAdviser(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		orgFixture(t, st)
		adv1 := addAdviser(t, st, "adv-1", "Anna de Adviseur")
		adv2 := addAdviser(t, st, "adv-2", "Bas de Adviseur")
		c := &clock{now: time.Date(2026, 3, 2, 9, 17, 23, 0, time.UTC)}
		svc := newClockedService(t, st, c)

		anna := cases.StaffActor{Subject: "adv-1", Adviser: true}
		bas := cases.StaffActor{Subject: "adv-2", Adviser: true}
		bert := cases.StaffActor{Subject: "mgr-bo", Manager: true}
		marieke := cases.StaffActor{Subject: "mgr-so", Manager: true}

		r := anonymousReport("My team lead shouts at me in front of the whole team.")
		r.AdviserID = &adv1
		f, err := svc.FileReport(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		ref := f.Summary.Reference

		// Anna logs two conversations, the second one about an earlier phone call.
		first, err := svc.LogConversation(ctx, anna, ref, conversation(c.Now().Add(-2*time.Hour), cases.FormInPerson, 45, "First meeting: the reporter told about the shouting."))
		if err != nil {
			t.Fatalf("log first conversation: %v", err)
		}
		if first.LoggedBy != "adv-1" || first.DurationMinutes != 45 || first.Form != cases.FormInPerson ||
			!slices.Equal(first.Content.Topics, []string{"bullying", "options"}) {
			t.Errorf("logged conversation: %+v", first)
		}
		c.Advance(time.Minute)
		second, err := svc.LogConversation(ctx, anna, ref, conversation(c.Now().Add(-48*time.Hour), cases.FormPhone, 15, "An earlier phone call to make the appointment."))
		if err != nil {
			t.Fatalf("log second conversation: %v", err)
		}
		c.Advance(time.Minute)
		got, err := svc.ListConversations(ctx, anna, ref)
		if err != nil {
			t.Fatalf("Anna lists her conversations: %v", err)
		}
		if len(got) != 2 || got[0].ID != second.ID || got[1].ID != first.ID {
			t.Fatalf("Anna's conversations: %+v; want the phone call first (it took place first)", got)
		}
		if diff := cmp.Diff(first.Content, got[1].Content); diff != "" {
			t.Errorf("content read back differs from the logged (-logged +read):\n%s", diff)
		}
		if !got[1].HeldOn.Equal(first.HeldOn) || got[0].Form != cases.FormPhone || got[0].DurationMinutes != 15 {
			t.Errorf("metadata read back: %+v", got)
		}

		// Bad input is refused and stores nothing.
		for name, bad := range map[string]cases.NewConversation{
			"no duration":    conversation(c.Now(), cases.FormVideo, 0, "notes"),
			"ten hours plus": conversation(c.Now(), cases.FormVideo, 601, "notes"),
			"in the future":  conversation(c.Now().Add(time.Hour), cases.FormVideo, 30, "notes"),
			"no form":        conversation(c.Now(), "", 30, "notes"),
			"no notes":       conversation(c.Now(), cases.FormVideo, 30, "  "),
			"no time":        conversation(time.Time{}, cases.FormVideo, 30, "notes"),
		} {
			_, err := svc.LogConversation(ctx, anna, ref, bad)
			wantKind(t, name, err, apperr.KindInvalid)
		}

		// Nobody else: not a second adviser, not intake (who sees the web-form case), not managers.
		_, err = svc.ListConversations(ctx, bas, ref)
		wantKind(t, "a second adviser lists the conversations", err, apperr.KindNotFound)
		_, err = svc.LogConversation(ctx, bas, ref, conversation(c.Now(), cases.FormVideo, 30, "notes"))
		wantKind(t, "a second adviser logs a conversation", err, apperr.KindNotFound)
		_, err = svc.ListConversations(ctx, intake, ref)
		wantKind(t, "intake lists the conversations", err, apperr.KindForbidden)
		_, err = svc.LogConversation(ctx, intake, ref, conversation(c.Now(), cases.FormVideo, 30, "notes"))
		wantKind(t, "intake logs a conversation", err, apperr.KindForbidden)

		// Escalated with consent: the manager weighs the report but never reads the conversations.
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
		cur, err := svc.GetCase(ctx, anna, ref)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Escalate(ctx, anna, ref, "BO", cur.Version); err != nil {
			t.Fatalf("escalate: %v", err)
		}
		if _, err := svc.GetCase(ctx, bert, ref); err != nil {
			t.Fatalf("the manager reads the escalated case: %v", err)
		}
		_, err = svc.ListConversations(ctx, bert, ref)
		wantKind(t, "the manager lists the conversations", err, apperr.KindForbidden)
		_, err = svc.ListConversations(ctx, marieke, ref)
		wantKind(t, "another manager lists the conversations", err, apperr.KindNotFound)

		// Reassigned to Bas: he gets the case, not Anna's notes; Anna no longer sees the case.
		cur, err = svc.GetCase(ctx, anna, ref)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AssignAdviser(ctx, intake, ref, adv2, cur.Version); err != nil {
			t.Fatalf("reassign: %v", err)
		}
		if got, err := svc.ListConversations(ctx, bas, ref); err != nil || len(got) != 0 {
			t.Fatalf("after reassignment Bas reads %d conversations (%v), want none of Anna's", len(got), err)
		}
		_, err = svc.ListConversations(ctx, anna, ref)
		wantKind(t, "the former adviser lists the conversations", err, apperr.KindNotFound)

		// Every log and every read is in the trail, with who and which fields, never content.
		trail, err := st.AuditTrail(ctx, f.Summary.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{audit.ActionLogConversation, audit.ActionLogConversation, audit.ActionReadConversations}
		if got := slices.DeleteFunc(actions(trail, audit.Staff("adv-1")), func(a string) bool {
			return a != audit.ActionLogConversation && a != audit.ActionReadConversations
		}); !slices.Equal(got, want) {
			t.Errorf("Anna's conversation events: %v, want %v", got, want)
		}
		if got := actions(trail, audit.Staff("adv-2")); !slices.Equal(got, []string{audit.ActionReadConversations}) {
			t.Errorf("Bas's events: %v, want only his one successful read", got)
		}
		for _, e := range trail {
			if strings.Contains(strings.Join(e.Fields, ","), "shout") {
				t.Errorf("content in the audit trail: %+v", e)
			}
		}
	})
}

// TestOralReportIsReviewedCorrectedAndApproved: staff record an oral report only with the
// reporter's consent; the reporter reads it, corrects it (a new version), and approves exactly the
// latest version; nothing is overwritten.
func TestOralReportIsReviewedCorrectedAndApproved(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		orgFixture(t, st)
		adv1 := addAdviser(t, st, "adv-1", "Anna de Adviseur")
		addAdviser(t, st, "adv-2", "Bas de Adviseur")
		c := &clock{now: time.Date(2026, 3, 2, 9, 17, 23, 0, time.UTC)}
		svc := newClockedService(t, st, c)
		anna := cases.StaffActor{Subject: "adv-1", Adviser: true}
		bas := cases.StaffActor{Subject: "adv-2", Adviser: true}

		r := anonymousReport("Reported by phone to the adviser; see the oral report.")
		r.AdviserID = &adv1
		f, err := svc.FileReport(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		ref := f.Summary.Reference
		tok, _, err := svc.OpenSession(ctx, "src", f.ReceiptCode)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := svc.AuthenticateReporter(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}

		// Nothing yet.
		if rep, err := svc.GetOralReport(ctx, rs); err != nil || rep.Latest != nil || len(rep.Versions) != 0 {
			t.Fatalf("read a record that does not exist: %+v %v, want an empty record", rep, err)
		}
		_, err = svc.CorrectOralReport(ctx, rs, "a correction of nothing", 0)
		wantKind(t, "correct a record that does not exist", err, apperr.KindFailedPrecondition)
		_, err = svc.ApproveOralReport(ctx, rs, 1)
		wantKind(t, "approve a record that does not exist", err, apperr.KindFailedPrecondition)

		// Without consent nothing is recorded; a second adviser cannot record at all.
		const v1Text = "On 2 March the reporter said by phone that her team lead shouts at her every week."
		_, err = svc.RecordOralReport(ctx, anna, ref, v1Text, false)
		wantKind(t, "record an oral report without consent", err, apperr.KindFailedPrecondition)
		if e, _ := apperr.As(err); e == nil || !strings.Contains(e.Error(), "only with the reporter's consent") {
			t.Errorf("refusal without consent says %v", err)
		}
		_, err = svc.RecordOralReport(ctx, bas, ref, v1Text, true)
		wantKind(t, "a second adviser records an oral report", err, apperr.KindNotFound)
		if rep, err := svc.GetOralReport(ctx, rs); err != nil || len(rep.Versions) != 0 {
			t.Fatalf("read after the refusals: %+v %v, want nothing recorded", rep, err)
		}

		v1, err := svc.RecordOralReport(ctx, anna, ref, v1Text, true)
		if err != nil {
			t.Fatalf("record: %v", err)
		}
		if v1.Version != 1 || v1.Author != cases.AuthorStaff || !v1.CreatedAt.Equal(c.Now()) || v1.ApprovedAt != nil {
			t.Fatalf("version 1: %+v", v1)
		}

		// The reporter reads it...
		rep, err := svc.GetOralReport(ctx, rs)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Latest == nil || rep.Latest.Version != 1 || rep.Latest.Text != v1Text || len(rep.Versions) != 1 || rep.Latest.AuthorSubject != "" {
			t.Fatalf("the reporter reads %+v", rep)
		}

		// ...and corrects it: version 2, by the reporter, timed to the hour (anonymous case).
		c.Advance(40 * time.Minute)
		const v2Text = "On 2 March I said by phone that my team lead shouts at me every week, also in team meetings."
		v2, err := svc.CorrectOralReport(ctx, rs, v2Text, 1)
		if err != nil {
			t.Fatalf("correct: %v", err)
		}
		if v2.Version != 2 || v2.Author != cases.AuthorReporter || !v2.CreatedAt.Equal(c.Now().Truncate(time.Hour)) {
			t.Fatalf("version 2: %+v (clock %s)", v2, c.Now())
		}
		// A retry of the same correction (its answer lost) is not a third version.
		if again, err := svc.CorrectOralReport(ctx, rs, v2Text, 1); err != nil || again.Version != 2 {
			t.Fatalf("retried correction: %+v %v, want version 2 again", again, err)
		}
		// A different correction of version 1 would pass version 2 by unseen.
		_, err = svc.CorrectOralReport(ctx, rs, "Something else entirely.", 1)
		wantKind(t, "correct a stale version", err, apperr.KindAborted)

		// Approving version 1 after version 2 exists: Aborted. Version 2: approved, to the hour.
		_, err = svc.ApproveOralReport(ctx, rs, 1)
		wantKind(t, "approve a version that is not the latest", err, apperr.KindAborted)
		_, err = svc.ApproveOralReport(ctx, rs, 3)
		wantKind(t, "approve a version that does not exist", err, apperr.KindAborted)
		c.Advance(5 * time.Minute)
		ok, err := svc.ApproveOralReport(ctx, rs, 2)
		if err != nil {
			t.Fatalf("approve: %v", err)
		}
		if ok.Version != 2 || ok.ApprovedAt == nil || !ok.ApprovedAt.Equal(c.Now().Truncate(time.Hour)) || ok.Text != v2Text {
			t.Fatalf("approved: %+v", ok)
		}
		c.Advance(2 * time.Hour)
		twice, err := svc.ApproveOralReport(ctx, rs, 2)
		if err != nil || twice.ApprovedAt == nil || !twice.ApprovedAt.Equal(*ok.ApprovedAt) {
			t.Fatalf("approving twice: %+v %v, want the first approval unchanged", twice, err)
		}

		// Every version is kept as written.
		rep, err = svc.GetOralReport(ctx, rs)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Versions) != 2 || rep.Versions[0].Text != v1Text || rep.Versions[0].ApprovedAt != nil ||
			rep.Versions[1].Text != v2Text || rep.Versions[1].ApprovedAt == nil || rep.Latest == nil || rep.Latest.Version != 2 {
			t.Fatalf("versions: %+v", rep.Versions)
		}

		// Intake (who handles web-form cases) revises the record: version 3, not approved; the
		// approval of version 2 stays with version 2.
		if v3, err := svc.RecordOralReport(ctx, intake, ref, v2Text+" Added: a colleague witnessed it.", true); err != nil || v3.Version != 3 {
			t.Fatalf("staff revision: %+v %v", v3, err)
		}
		_, err = svc.ApproveOralReport(ctx, rs, 2)
		wantKind(t, "approve version 2 after version 3", err, apperr.KindAborted)

		// Two corrections of version 3 at once: one becomes version 4, the other is refused.
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = svc.CorrectOralReport(ctx, rs, "Concurrent correction "+string(rune('A'+i)), 3)
			}()
		}
		wg.Wait()
		if n := countNil(errs); n != 1 {
			t.Fatalf("concurrent corrections: %v; want exactly one to succeed", errs)
		}
		for _, err := range errs {
			if err != nil && kindOf(err) != apperr.KindAborted {
				t.Fatalf("the losing correction: %v, want Aborted", err)
			}
		}
		rep, err = svc.GetOralReport(ctx, rs)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range rep.Versions {
			if v.Version != i+1 {
				t.Fatalf("versions are not 1..n: %+v", rep.Versions)
			}
		}
		if len(rep.Versions) != 4 || rep.Latest == nil || rep.Latest.Author != cases.AuthorReporter {
			t.Fatalf("after the concurrent corrections: %+v", rep.Versions)
		}

		// The trail: staff by name; the reporter without a name and to the hour.
		trail, err := st.AuditTrail(ctx, f.Summary.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := actions(trail, audit.Staff("adv-1")); !slices.Contains(got, audit.ActionRecordOralReport) {
			t.Errorf("Anna's events %v lack the recording", got)
		}
		var reporterActions []string
		for _, e := range trail {
			if e.Actor.Kind == audit.ActorReporter {
				if e.Actor.ID != "" || !e.At.Equal(e.At.Truncate(time.Hour)) || e.RequestID != "" {
					t.Errorf("reporter event identifies or times the reporter: %+v", e)
				}
				reporterActions = append(reporterActions, e.Action)
			}
		}
		for _, a := range []string{audit.ActionReporterReadOralReport, audit.ActionCorrectOralReport, audit.ActionApproveOralReport} {
			if !slices.Contains(reporterActions, a) {
				t.Errorf("no %s in the reporter's events %v", a, reporterActions)
			}
		}
	})
}

func countNil(errs []error) int {
	n := 0
	for _, err := range errs {
		if err == nil {
			n++
		}
	}
	return n
}

// TestConversationsAndOralReportsAreNeverStoredInTheClear logs a conversation and records an oral
// report, each field carrying a canary, and searches the raw database for it.
func TestConversationsAndOralReportsAreNeverStoredInTheClear(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		adv := addAdviser(t, st, "adv-1", "Anna de Adviseur")
		c := &clock{now: time.Date(2026, 3, 2, 9, 17, 23, 0, time.UTC)}
		svc := newClockedService(t, st, c)
		anna := cases.StaffActor{Subject: "adv-1", Adviser: true}
		canary := "CANARY-" + strings.ReplaceAll(uuid.NewString(), "-", "")

		r := anonymousReport("A report whose conversations are sealed.")
		r.Anonymity, r.Identity, r.AdviserID = cases.Confidential, &cases.Identity{Name: "Fatima"}, &adv
		f, err := svc.FileReport(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		ref := f.Summary.Reference
		nc := cases.NewConversation{
			HeldOn: c.Now().Add(-time.Hour), Form: cases.FormVideo, DurationMinutes: 30,
			Content: cases.ConversationContent{
				Notes: "notes " + canary, Topics: []string{"topic " + canary}, Advice: "advice " + canary, NextStep: "next " + canary,
			},
		}
		if _, err := svc.LogConversation(ctx, anna, ref, nc); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.RecordOralReport(ctx, anna, ref, "oral report "+canary, true); err != nil {
			t.Fatal(err)
		}
		tok, _, err := svc.OpenSession(ctx, "src", f.ReceiptCode)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := svc.AuthenticateReporter(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		c.Advance(time.Minute)
		v2, err := svc.CorrectOralReport(ctx, rs, "corrected "+canary, 0)
		if err != nil {
			t.Fatal(err)
		}
		// A confidential case: the reporter's version keeps its precise time.
		if !v2.CreatedAt.Equal(c.Now()) {
			t.Errorf("reporter version of a confidential case timed %s, want %s", v2.CreatedAt, c.Now())
		}
		// The content is really there and readable through the service...
		got, err := svc.ListConversations(ctx, anna, ref)
		if err != nil || len(got) != 1 || !strings.Contains(got[0].Content.Notes, canary) {
			t.Fatalf("service did not return the logged conversation: %+v %v", got, err)
		}
		rep, err := svc.GetOralReport(ctx, rs)
		if err != nil || rep.Latest == nil || !strings.Contains(rep.Latest.Text, canary) {
			t.Fatalf("service did not return the oral report: %+v %v", rep, err)
		}

		var raw []byte
		if store.IsPostgres(url) {
			raw = pgDump(t, url)
		} else {
			st.Close()
			path := strings.TrimPrefix(url, "sqlite://")
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				b, err := os.ReadFile(p)
				if err != nil && !errors.Is(err, os.ErrNotExist) {
					t.Fatal(err)
				}
				raw = append(raw, b...)
			}
		}
		// ...and the raw bytes hold the rows (a positive control)...
		if !bytes.Contains(raw, []byte(ref)) || !bytes.Contains(raw, []byte("adv-1")) {
			t.Fatal("raw database does not contain the case and the adviser: the search looks in the wrong place")
		}
		// ...but not the canary.
		if bytes.Contains(raw, []byte("CANARY-")) {
			t.Fatal("the canary is in the raw database: conversation or oral report stored in the clear")
		}
	})
}
