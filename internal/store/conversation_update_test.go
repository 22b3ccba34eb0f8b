package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/store"
)

// TestTheAdviserCorrectsTheirConversationNotes: the adviser who logged a conversation corrects
// its notes, topics, advice and next step (when, how and how long stay as logged); nobody else
// can, not another adviser's conversation, not once the case is closed; each correction is
// audited and sealed anew.
func TestTheAdviserCorrectsTheirConversationNotes(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		orgFixture(t, st)
		adv1 := addAdviser(t, st, "adv-1", "Anna de Adviseur")
		adv2 := addAdviser(t, st, "adv-2", "Bas de Adviseur")
		c := &clock{now: time.Date(2026, 3, 2, 9, 17, 23, 0, time.UTC)}
		svc := newClockedService(t, st, c)
		anna := cases.StaffActor{Subject: "adv-1", Adviser: true}
		bas := cases.StaffActor{Subject: "adv-2", Adviser: true}

		r := anonymousReport("My team lead shouts at me in front of the whole team.")
		r.AdviserID = &adv1
		f, err := svc.FileReport(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		ref := f.Summary.Reference
		logged, err := svc.LogConversation(ctx, anna, ref, conversation(c.Now().Add(-time.Hour), cases.FormPhone, 25, "First call, notes with a typo: shuots."))
		if err != nil {
			t.Fatal(err)
		}

		c.Advance(10 * time.Minute)
		fixed := cases.ConversationContent{
			Notes: "First call: the team lead shouts in meetings.", Topics: []string{" bullying ", "meetings"},
			Advice: "Write down dates and witnesses.", NextStep: "Call again on Friday.",
		}
		got, err := svc.UpdateConversation(ctx, anna, ref, logged.ID, fixed)
		if err != nil {
			t.Fatalf("Anna corrects her notes: %v", err)
		}
		wantContent := fixed
		wantContent.Topics = []string{"bullying", "meetings"}
		if diff := cmp.Diff(wantContent, got.Content); diff != "" {
			t.Errorf("corrected content (-want +got):\n%s", diff)
		}
		if got.UpdatedAt == nil || !got.UpdatedAt.Equal(c.Now()) {
			t.Errorf("updated at %v, want %v", got.UpdatedAt, c.Now())
		}
		list, err := svc.ListConversations(ctx, anna, ref)
		if err != nil || len(list) != 1 {
			t.Fatalf("list: %v %v", list, err)
		}
		read := list[0]
		if diff := cmp.Diff(wantContent, read.Content); diff != "" {
			t.Errorf("content read back (-want +got):\n%s", diff)
		}
		if !read.HeldOn.Equal(logged.HeldOn) || read.Form != cases.FormPhone || read.DurationMinutes != 25 ||
			!read.CreatedAt.Equal(logged.CreatedAt) || read.UpdatedAt == nil || !read.UpdatedAt.Equal(c.Now()) {
			t.Errorf("when, how and how long changed, or no update time: logged %+v, read %+v", logged, read)
		}

		// Bad content is refused; unknown ids are not found.
		_, err = svc.UpdateConversation(ctx, anna, ref, logged.ID, cases.ConversationContent{Notes: "  "})
		wantKind(t, "empty notes", err, apperr.KindInvalid)
		_, err = svc.UpdateConversation(ctx, anna, ref, uuid.New(), fixed)
		wantKind(t, "an unknown conversation", err, apperr.KindNotFound)
		// Another adviser does not see the case; intake sees it but not the conversation.
		_, err = svc.UpdateConversation(ctx, bas, ref, logged.ID, fixed)
		wantKind(t, "a second adviser corrects Anna's notes", err, apperr.KindNotFound)
		_, err = svc.UpdateConversation(ctx, intake, ref, logged.ID, fixed)
		wantKind(t, "intake corrects Anna's notes", err, apperr.KindForbidden)

		// Reassigned to Bas: Anna's conversation is not his to correct (not found), and Anna no
		// longer has the case.
		cur, err := svc.GetCase(ctx, anna, ref)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AssignAdviser(ctx, intake, ref, adv2, cur.Version); err != nil {
			t.Fatal(err)
		}
		_, err = svc.UpdateConversation(ctx, bas, ref, logged.ID, fixed)
		wantKind(t, "the new adviser corrects the former adviser's notes", err, apperr.KindNotFound)
		_, err = svc.UpdateConversation(ctx, anna, ref, logged.ID, fixed)
		wantKind(t, "the former adviser corrects her notes", err, apperr.KindNotFound)

		// Bas logs his own, can correct it, until the case is closed.
		own, err := svc.LogConversation(ctx, bas, ref, conversation(c.Now(), cases.FormVideo, 30, "Bas's first talk."))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.UpdateConversation(ctx, bas, ref, own.ID, cases.ConversationContent{Notes: "Bas's first talk, corrected."}); err != nil {
			t.Fatalf("Bas corrects his notes: %v", err)
		}
		cur, err = svc.GetCase(ctx, bas, ref)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CloseCase(ctx, bas, ref, "WITHDRAWN", cur.Version); err != nil {
			t.Fatal(err)
		}
		_, err = svc.UpdateConversation(ctx, bas, ref, own.ID, cases.ConversationContent{Notes: "too late"})
		wantKind(t, "a correction after the case closed", err, apperr.KindFailedPrecondition)
		list, err = svc.ListConversations(ctx, bas, ref)
		if err != nil || len(list) != 1 || list[0].Content.Notes != "Bas's first talk, corrected." {
			t.Fatalf("after the refused correction: %+v %v", list, err)
		}

		// Audited: each correction by whom made it, naming the field, never the content.
		trail, err := st.AuditTrail(ctx, f.Summary.ID)
		if err != nil {
			t.Fatal(err)
		}
		for who, want := range map[string]int{"adv-1": 1, "adv-2": 1} {
			got := actions(trail, audit.Staff(who))
			if n := len(slices.DeleteFunc(got, func(a string) bool { return a != audit.ActionUpdateConversation })); n != want {
				t.Errorf("%s has %d correction events, want %d", who, n, want)
			}
		}
		for _, e := range trail {
			if e.Action == audit.ActionUpdateConversation && !slices.Equal(e.Fields, []string{"conversation"}) {
				t.Errorf("correction event names fields %v", e.Fields)
			}
		}
	})
}
