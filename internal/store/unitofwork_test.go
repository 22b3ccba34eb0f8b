package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/store"
)

// A change made in a unit of work and its audit event are committed together or not at all:
// when the event cannot be written, the acknowledgement and its message are rolled back too.
func TestUnitOfWorkRollsBackTheChangeWhenItsAuditEventFails(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		svc := newService(t, st)
		f, err := svc.FileReport(ctx, anonymousReport("someone keeps shouting at me"))
		if err != nil {
			t.Fatal(err)
		}
		repo := st.Cases()
		before, err := repo.CaseByID(ctx, f.Summary.ID)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC().Truncate(time.Second)
		ack := cases.Acknowledgement{
			CaseID: f.Summary.ID, Version: before.Version, At: now, By: "alice",
			FeedbackDueAt: now.Add(24 * time.Hour), NewStatus: cases.StatusInSupport,
			Message: &cases.MessageRecord{ID: uuid.New(), CaseID: f.Summary.ID, Author: cases.AuthorStaff,
				AuthorSubject: "alice", BodySealed: []byte("sealed"), SentAt: now},
		}
		// An event without an action is refused by the store: the unit fails on its audit write.
		err = repo.InTx(ctx, func(ctx context.Context) error {
			if err := repo.Acknowledge(ctx, ack); err != nil {
				return err
			}
			return audit.Log(ctx, audit.Event{At: now, Actor: audit.Staff("alice"), CaseID: &f.Summary.ID})
		})
		if err == nil {
			t.Fatal("a unit whose audit event fails succeeded")
		}
		after, err := repo.CaseByID(ctx, f.Summary.ID)
		if err != nil {
			t.Fatal(err)
		}
		if after.Version != before.Version || after.AcknowledgedAt != nil || after.Status != cases.StatusReceived {
			t.Errorf("the acknowledgement was kept without its audit event: version %d→%d, acknowledged %v, status %s",
				before.Version, after.Version, after.AcknowledgedAt, after.Status)
		}
		trail, err := st.AuditTrail(ctx, f.Summary.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(trail) != 1 {
			t.Errorf("trail has %d events after the failed unit, want only the filing", len(trail))
		}

		// The same unit with a valid event keeps both.
		ev := audit.New(now, audit.Staff("alice"), audit.ActionAcknowledge, f.Summary.ID, "", "status")
		if err := repo.InTx(ctx, func(ctx context.Context) error {
			if err := repo.Acknowledge(ctx, ack); err != nil {
				return err
			}
			return audit.Log(ctx, ev)
		}); err != nil {
			t.Fatal(err)
		}
		after, err = repo.CaseByID(ctx, f.Summary.ID)
		if err != nil {
			t.Fatal(err)
		}
		if after.AcknowledgedAt == nil || after.Version != before.Version+1 {
			t.Errorf("acknowledgement not kept: %+v", after.Summary)
		}
		if trail, err = st.AuditTrail(ctx, f.Summary.ID); err != nil {
			t.Fatal(err)
		}
		if len(trail) != 2 || trail[1].Action != audit.ActionAcknowledge {
			t.Errorf("trail after the unit: %d events, want the filing and the acknowledgement", len(trail))
		}
	})
}

// An event cannot be recorded outside a unit of work, where it would land in a transaction of its
// own; and a unit inside a unit joins it, so the inner change is rolled back with the outer one.
func TestUnitOfWorkIsRequiredAndNests(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		svc := newService(t, st)
		f, err := svc.FileReport(ctx, anonymousReport("someone keeps shouting at me"))
		if err != nil {
			t.Fatal(err)
		}
		ev := audit.New(time.Now(), audit.Staff("alice"), audit.ActionReadCase, f.Summary.ID, "", "report")
		if err := audit.Log(ctx, ev); !errors.Is(err, audit.ErrNoTransaction) {
			t.Errorf("audit.Log outside a unit of work: %v, want ErrNoTransaction", err)
		}
		repo := st.Cases()
		abort := errors.New("abort")
		err = repo.InTx(ctx, func(ctx context.Context) error {
			if err := repo.InTx(ctx, func(ctx context.Context) error { return audit.Log(ctx, ev) }); err != nil {
				return err
			}
			return abort
		})
		if !errors.Is(err, abort) {
			t.Fatalf("outer unit: %v", err)
		}
		trail, err := st.AuditTrail(ctx, f.Summary.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(trail) != 1 {
			t.Errorf("the inner unit's event was committed although the outer unit rolled back (%d events)", len(trail))
		}
	})
}
