package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/notify"
	"github.com/utrecht/meldpunt/internal/store"
)

// TestAReturnedDraftNotifiesItsAuthorOnce: HR returning a submitted precedent draft queues one
// notification for the handler who made it, in the same transaction; submitting and editing
// queue none; a return that loses the version race queues none either.
func TestAReturnedDraftNotifiesItsAuthorOnce(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		st.SetNotifications("meldpunt.test")
		now := returnDraft(t, st)
		got, err := st.ClaimNotifications(context.Background(), now.Add(time.Second), time.Minute, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Kind != notify.KindDraftReturned || got[0].MessageID == "" {
			t.Fatalf("queued %+v, want one DRAFT_RETURNED", got)
		}
		status, err := st.NotificationStatus(context.Background(), now.Add(-time.Hour))
		if err != nil || status.Pending != 1 {
			t.Fatalf("status %+v, %v", status, err)
		}
	})
}

// TestWithoutSMTPNothingIsQueued: a store whose notifications are not turned on (no --smtp-host)
// queues none.
func TestWithoutSMTPNothingIsQueued(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		now := returnDraft(t, st)
		if got, err := st.ClaimNotifications(context.Background(), now.Add(time.Second), time.Minute, 10); err != nil || len(got) != 0 {
			t.Fatalf("queued %v, %v; want none", got, err)
		}
	})
}

// returnDraft makes a precedent draft as mgr-bo, edits and submits it, and has HR edit and
// return it; a second, stale return fails.
func returnDraft(t *testing.T, st *store.Store) time.Time {
	t.Helper()
	ctx := context.Background()
	f, err := newService(t, st).FileReport(ctx, anonymousReport("a draft's case"))
	if err != nil {
		t.Fatal(err)
	}
	repo, now := st.Cases(), time.Now().UTC()
	ev := func(who, action string) audit.Event {
		return audit.New(now, audit.Staff(who), action, f.Summary.ID, "", "precedent_draft")
	}
	logged := func(ev audit.Event, fn func(ctx context.Context) error) error {
		return repo.InTx(ctx, func(ctx context.Context) error {
			if err := fn(ctx); err != nil {
				return err
			}
			return audit.Log(ctx, ev)
		})
	}
	id := uuid.New()
	if err := logged(ev("mgr-bo", "create"), func(ctx context.Context) error {
		return repo.CreatePrecedentDraft(ctx, cases.PrecedentDraftRecord{ID: id, CaseID: f.Summary.ID, Status: cases.DraftOpen,
			ContentSealed: []byte("sealed"), CreatedBy: "mgr-bo", UpdatedAt: now, Version: 1})
	}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		by, status string
		version    int64
	}{{"mgr-bo", cases.DraftOpen, 1}, {"mgr-bo", cases.DraftSubmitted, 2}, {"hanna", cases.DraftSubmitted, 3}, {"hanna", cases.DraftOpen, 4}}
	for _, s := range steps {
		if err := logged(ev(s.by, "update"), func(ctx context.Context) error {
			return repo.UpdatePrecedentDraft(ctx, id, s.version, []byte("sealed"), s.status, now)
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := logged(ev("hanna", "update"), func(ctx context.Context) error {
		return repo.UpdatePrecedentDraft(ctx, id, 4, []byte("sealed"), cases.DraftOpen, now)
	}); err == nil {
		t.Fatal("a stale update succeeded")
	}
	return now
}

// TestClaimedNotificationsAreLeased: a claimed message is not claimed again until its lease ends
// (another replica's claim finds nothing), unless the claimer gives it back (shutdown); a failed
// one is due again at its backoff, and a given-up one never.
func TestClaimedNotificationsAreLeased(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		st.SetNotifications("meldpunt.test")
		now := returnDraft(t, st).Add(time.Second)
		claim := func(at time.Time) []notify.Outgoing {
			t.Helper()
			got, err := st.ClaimNotifications(ctx, at, time.Minute, 10)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		first := claim(now)
		if len(first) != 1 || first[0].Attempts != 1 {
			t.Fatalf("first claim %+v", first)
		}
		if again := claim(now.Add(30 * time.Second)); len(again) != 0 {
			t.Fatalf("claimed again within the lease: %+v", again)
		}
		if err := st.ReleaseNotifications(ctx, []string{first[0].ID}, now); err != nil {
			t.Fatal(err)
		}
		back := claim(now)
		if len(back) != 1 || back[0].Attempts != 1 || back[0].MessageID != first[0].MessageID {
			t.Fatalf("after the release %+v, want the same message, attempt 1", back)
		}
		if err := st.MarkNotificationFailed(ctx, back[0].ID, "connect: the mail server did not answer", now.Add(time.Hour), now); err != nil {
			t.Fatal(err)
		}
		if got := claim(now.Add(59 * time.Minute)); len(got) != 0 {
			t.Fatalf("due before its backoff: %+v", got)
		}
		retry := claim(now.Add(time.Hour))
		if len(retry) != 1 || retry[0].Attempts != 2 {
			t.Fatalf("retry %+v", retry)
		}
		if err := st.MarkNotificationFailed(ctx, retry[0].ID, "rcpt to: SMTP 550", time.Time{}, now); err != nil {
			t.Fatal(err)
		}
		if got := claim(now.Add(100 * time.Hour)); len(got) != 0 {
			t.Fatalf("a given-up message was claimed: %+v", got)
		}
		status, err := st.NotificationStatus(ctx, now.Add(-time.Hour))
		if err != nil || status.Failed != 1 || status.Pending != 0 || len(status.LastErrors) != 1 || status.LastErrors[0].Error != "rcpt to: SMTP 550" || !status.LastErrors[0].GaveUp {
			t.Fatalf("status %+v, %v", status, err)
		}
	})
}

// TestSentNotificationsArePruned: a sent message goes once past its keeping time; a pending
// one stays.
func TestSentNotificationsArePruned(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		st.SetNotifications("meldpunt.test")
		now := returnDraft(t, st).Add(time.Second)
		if n, err := st.PruneNotifications(ctx, now.Add(time.Hour), now.Add(time.Hour)); err != nil || n != 0 {
			t.Fatalf("pruned %d pending, %v", n, err)
		}
		got, err := st.ClaimNotifications(ctx, now, time.Minute, 10)
		if err != nil || len(got) != 1 {
			t.Fatalf("claim %v, %v", got, err)
		}
		if err := st.MarkNotificationSent(ctx, got[0].ID, now); err != nil {
			t.Fatal(err)
		}
		if n, err := st.PruneNotifications(ctx, now, now); err != nil || n != 0 {
			t.Fatalf("pruned %d within the keeping time, %v", n, err)
		}
		if n, err := st.PruneNotifications(ctx, now.Add(time.Second), now); err != nil || n != 1 {
			t.Fatalf("pruned %d past the keeping time, %v; want 1", n, err)
		}
	})
}
