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

// TestNotesOfAnAdviserWhosePartEndedExpireWhileTheCaseGoesOn: reassigned away, or ending their
// part themselves, an adviser's notes start their retention period then, not at case closure.
func TestNotesOfAnAdviserWhosePartEndedExpireWhileTheCaseGoesOn(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		orgFixture(t, st)
		annaID := addAdviser(t, st, "adv-1", "Anna")
		basID := addAdviser(t, st, "adv-2", "Bas")
		c := &clock{now: time.Date(2026, 2, 2, 10, 0, 0, 0, time.UTC)}
		svc := newClockedService(t, st, c)
		anna := cases.StaffActor{Subject: "adv-1", Adviser: true}
		bas := cases.StaffActor{Subject: "adv-2", Adviser: true}
		log := func(a cases.StaffActor, ref string) {
			t.Helper()
			if _, err := svc.LogConversation(ctx, a, ref, cases.NewConversation{
				HeldOn: c.Now().Add(-time.Hour), Form: cases.FormVideo, DurationMinutes: 40,
				Content: cases.ConversationContent{Notes: "notes of " + a.Subject},
			}); err != nil {
				t.Fatal(err)
			}
		}
		r := anonymousReport("first with Anna, then with Bas")
		r.AdviserID = &annaID
		f, err := svc.FileReport(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		ref := f.Summary.Reference
		log(anna, ref)
		cur, _ := svc.GetCase(ctx, anna, ref)
		if _, err := svc.AssignAdviser(ctx, intake, ref, basID, cur.Version); err != nil {
			t.Fatal(err)
		}
		log(bas, ref)
		keep := 365 * 24 * time.Hour
		later := c.Now().Add(keep + time.Hour)
		_, n, err := st.DestroyExpiredNotes(ctx, later.Add(-keep), later)
		if err != nil || n != 1 {
			t.Fatalf("a year after the reassignment: destroyed %d notes (%v), want Anna's 1", n, err)
		}
		convs, err := svc.ListConversations(ctx, bas, ref)
		if err != nil || len(convs) != 1 || convs[0].Content.Notes != "notes of adv-2" {
			t.Fatalf("Bas's notes of an open case: %+v %v", convs, err)
		}

		// Bas ends his part; his notes follow a year later, the case stays open.
		cur, _ = svc.GetCase(ctx, bas, ref)
		if _, err := svc.EndSupport(ctx, bas, ref, cur.Version); err != nil {
			t.Fatal(err)
		}
		_, err = svc.GetCase(ctx, bas, ref)
		wantKind(t, "an adviser who ended their part still reads the case", err, apperr.KindNotFound)
		c.Advance(keep + 2*time.Hour)
		if _, n, err := st.DestroyExpiredNotes(ctx, c.Now().Add(-keep), c.Now()); err != nil || n != 1 {
			t.Fatalf("a year after ending support: destroyed %d (%v), want Bas's 1", n, err)
		}
	})
}

// TestAClosedCaseIsCryptoShreddedAfterItsRetentionPeriod: five years after closure the case key
// is destroyed — nobody can read the content, the reporter's code no longer opens it — while the
// case still counts.
func TestAClosedCaseIsCryptoShreddedAfterItsRetentionPeriod(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC)}
		svc := newClockedService(t, st, c)
		f, err := svc.FileReport(ctx, anonymousReport("resolved, and to be forgotten in time"))
		if err != nil {
			t.Fatal(err)
		}
		cur, _ := svc.GetCase(ctx, intake, f.Summary.Reference)
		if _, err := svc.CloseCase(ctx, intake, f.Summary.Reference, "RESOLVED_INFORMALLY", cur.Version); err != nil {
			t.Fatal(err)
		}
		keep := 5 * 365 * 24 * time.Hour
		if n, err := st.DestroyExpiredCases(ctx, c.Now().Add(4*365*24*time.Hour).Add(-keep), c.Now().Add(4*365*24*time.Hour)); err != nil || n != 0 {
			t.Fatalf("four years on: destroyed %d (%v)", n, err)
		}
		later := c.Now().Add(keep + 24*time.Hour)
		other, err := store.Open(ctx, url, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		var wg sync.WaitGroup
		got := make([]int, 2)
		for i, s := range []*store.Store{st, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := s.DestroyExpiredCases(ctx, later.Add(-keep), later)
				if err != nil && err != store.ErrJobRunningElsewhere {
					t.Errorf("replica %d: %v", i, err)
				}
				got[i] = n
			}()
		}
		wg.Wait()
		if got[0]+got[1] != 1 {
			t.Fatalf("the replicas destroyed %d and %d cases, want 1 in all", got[0], got[1])
		}
		_, err = svc.GetCase(ctx, intake, f.Summary.Reference)
		wantKind(t, "read a destroyed case", err, apperr.KindFailedPrecondition)
		var reports int
		if err := rawDB(t, url).QueryRowContext(ctx, "SELECT count(*) FROM reports WHERE case_id = $1", f.Summary.ID.String()).Scan(&reports); err != nil {
			t.Fatal(err)
		}
		if reports != 0 {
			t.Fatalf("the sealed report of a destroyed case is still stored (%d rows)", reports)
		}
		_, _, err = svc.OpenSession(ctx, "src", f.ReceiptCode)
		wantKind(t, "log in to a destroyed case", err, apperr.KindUnauthenticated)
		p, err := svc.ListCases(ctx, intake, cases.ListFilter{})
		if err != nil || len(p.Cases) != 1 || p.Cases[0].Outcome != "RESOLVED_INFORMALLY" {
			t.Fatalf("the destroyed case no longer counts: %+v %v", p.Cases, err)
		}
	})
}
