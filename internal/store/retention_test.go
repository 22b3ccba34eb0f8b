package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/store"
)

// TestAdviserNotesAreDestroyedOnceAfterTheRetentionPeriod: the notes of a closed case survive
// until a year after the adviser's part ended, are then destroyed exactly once even when two
// replicas run the job at the same moment, and the conversations still count.
func TestAdviserNotesAreDestroyedOnceAfterTheRetentionPeriod(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		orgFixture(t, st)
		annaID := addAdviser(t, st, "adv-1", "Anna")
		c := &clock{now: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)}
		svc := newClockedService(t, st, c)
		anna := cases.StaffActor{Subject: "adv-1", Adviser: true}

		r := anonymousReport("a signal that is resolved in two conversations")
		r.AdviserID = &annaID
		f, err := svc.FileReport(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 2; i++ {
			if _, err := svc.LogConversation(ctx, anna, f.Summary.Reference, cases.NewConversation{
				HeldOn: c.Now().Add(-time.Hour), Form: cases.FormPhone, DurationMinutes: 30,
				Content: cases.ConversationContent{Notes: "what was said"},
			}); err != nil {
				t.Fatal(err)
			}
		}
		cur, err := svc.GetCase(ctx, anna, f.Summary.Reference)
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.CloseCase(ctx, anna, f.Summary.Reference, "MEDIATED", cur.Version-1)
		if kindOf(err) != apperr.KindAborted {
			t.Fatalf("close with a stale version: %v", err)
		}
		if _, err := svc.CloseCase(ctx, anna, f.Summary.Reference, "MEDIATED", cur.Version); err != nil {
			t.Fatal(err)
		}
		closedAt := c.Now()
		_, err = svc.AssignAdviser(ctx, intake, f.Summary.Reference, annaID, cur.Version+1)
		wantKind(t, "assign an adviser to a closed case", err, apperr.KindFailedPrecondition)
		keep := 365 * 24 * time.Hour

		// Eleven months on: nothing is due.
		if n, m, err := st.DestroyExpiredNotes(ctx, closedAt.Add(11*30*24*time.Hour).Add(-keep), closedAt.Add(11*30*24*time.Hour)); err != nil || n+m != 0 {
			t.Fatalf("before the retention period: destroyed %d/%d, %v", n, m, err)
		}
		if convs, err := svc.ListConversations(ctx, anna, f.Summary.Reference); err != nil || len(convs) != 2 || convs[0].Content.Notes == "" {
			t.Fatalf("notes before the retention period: %+v %v", convs, err)
		}

		// A year and a day on, two replicas run the job at once.
		later := closedAt.Add(keep + 24*time.Hour)
		other, err := store.Open(ctx, url, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		var wg sync.WaitGroup
		total := make([]int, 2)
		for i, s := range []*store.Store{st, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, n, err := s.DestroyExpiredNotes(ctx, later.Add(-keep), later)
				if err != nil && err != store.ErrJobRunningElsewhere {
					t.Errorf("replica %d: %v", i, err)
				}
				total[i] = n
			}()
		}
		wg.Wait()
		if total[0]+total[1] != 2 {
			t.Fatalf("the replicas destroyed %d and %d conversations' notes, want 2 in all", total[0], total[1])
		}
		convs, err := svc.ListConversations(ctx, anna, f.Summary.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if len(convs) != 2 {
			t.Fatalf("the conversations no longer count: %d rows", len(convs))
		}
		for _, cv := range convs {
			if cv.Content.Notes != "" || cv.NotesDestroyedAt == nil {
				t.Fatalf("notes survive their retention period: %+v", cv)
			}
		}
		trail, err := st.AuditTrail(ctx, f.Summary.ID)
		if err != nil {
			t.Fatal(err)
		}
		var destroyed int
		for _, ev := range trail {
			if ev.Action == audit.ActionDestroyNotes {
				destroyed++
			}
		}
		if destroyed != 1 {
			t.Fatalf("%d destruction events, want exactly 1", destroyed)
		}
	})
}
