package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/advisers"
	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/store"
)

func newAdviserService(t *testing.T, st *store.Store) *advisers.Service {
	t.Helper()
	svc, err := advisers.New(advisers.Config{Repo: st.Advisers()})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func wantAppErr(t *testing.T, err error, k apperr.Kind) {
	t.Helper()
	if e, ok := apperr.As(err); !ok || e.Kind != k {
		t.Fatalf("error %v, want apperr kind %d", err, k)
	}
}

// TestAdviserRegistry: an administrator creates and changes advisers, the public list shows
// the active ones, and every change is audited — on both databases.
func TestAdviserRegistry(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		svc := newAdviserService(t, st)

		fatma, err := svc.Create(ctx, "admin-1", advisers.Profile{
			Name: "Fatma Yilmaz", Kind: advisers.KindInternal, Intro: "Ik luister, zonder oordeel.",
			Languages: []string{"nl", "tr", "en"}, PhotoURL: "https://intranet.example/fatma.jpg",
		}, "sub-fatma")
		if err != nil {
			t.Fatal(err)
		}
		ext, err := svc.Create(ctx, "admin-1", advisers.Profile{Name: "Extern Bureau", Kind: advisers.KindExternal}, "sub-ext")
		if err != nil {
			t.Fatal(err)
		}
		gone, err := svc.Create(ctx, "admin-1", advisers.Profile{Name: "Aart Anders", Kind: advisers.KindInternal, Languages: []string{"nl"}}, "sub-aart")
		if err != nil {
			t.Fatal(err)
		}

		// The stored adviser reads back as created, languages in order.
		got, err := st.Advisers().Get(ctx, fatma.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&fatma, got); diff != "" {
			t.Errorf("read back (-created +stored):\n%s", diff)
		}
		if none, err := st.Advisers().Get(ctx, uuid.New()); err != nil || none != nil {
			t.Errorf("Get of an unknown id: %v, %v; want nil, nil", none, err)
		}

		// Taking Aart off the list hides him from reporters, not from the registry.
		gone, err = svc.Update(ctx, "admin-2", gone.ID, gone.Version, gone.Profile(), boolPtr(false))
		if err != nil {
			t.Fatal(err)
		}
		if gone.Version != 2 || gone.Active {
			t.Errorf("after deactivation: version %d active %v", gone.Version, gone.Active)
		}
		public, err := svc.ListPublic(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]advisers.Adviser{fatma, ext}, public); diff != "" {
			t.Errorf("public list (-want +got):\n%s", diff)
		}
		all, err := st.Advisers().List(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 3 {
			t.Errorf("registry holds %d advisers, want 3", len(all))
		}

		// Changing the profile raises the version and stores the change.
		p := fatma.Profile()
		p.Languages = []string{"nl", "tr", "en", "ar"}
		p.PhotoURL = ""
		fatma2, err := svc.Update(ctx, "admin-2", fatma.ID, fatma.Version, p, boolPtr(true))
		if err != nil {
			t.Fatal(err)
		}
		stored, err := st.Advisers().Get(ctx, fatma.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&fatma2, stored); diff != "" || stored.Version != 2 {
			t.Errorf("after update (-answer +stored):\n%s (version %d)", diff, stored.Version)
		}

		trail, err := st.Advisers().AuditTrail(ctx)
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			Actor  audit.Actor
			Action string
			Fields []string
		}
		var rows []row
		for _, ev := range trail {
			if ev.CaseID != nil || ev.At.IsZero() || time.Since(ev.At) > time.Hour {
				t.Errorf("event %+v: want no case id and the time of the change", ev)
			}
			rows = append(rows, row{ev.Actor, ev.Action, ev.Fields})
		}
		want := []row{
			{audit.Staff("admin-1"), advisers.ActionCreate, []string{"staff_subject", "name", "kind", "intro", "languages", "photo_url", "active"}},
			{audit.Staff("admin-1"), advisers.ActionCreate, []string{"staff_subject", "name", "kind", "active"}},
			{audit.Staff("admin-1"), advisers.ActionCreate, []string{"staff_subject", "name", "kind", "languages", "active"}},
			{audit.Staff("admin-2"), advisers.ActionUpdate, []string{"active"}},
			{audit.Staff("admin-2"), advisers.ActionUpdate, []string{"languages", "photo_url"}},
		}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("audit trail (-want +got):\n%s", diff)
		}
	})
}

// TestAdviserStaleUpdateIsAbortedAndChangesNothing: two administrators read version 1; the
// second to save gets Aborted and the first one's change stands, unaudited by the loser.
func TestAdviserStaleUpdateIsAbortedAndChangesNothing(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		svc := newAdviserService(t, st)
		a, err := svc.Create(ctx, "admin-1", advisers.Profile{Name: "Jan de Vries", Kind: advisers.KindInternal}, "sub-jan")
		if err != nil {
			t.Fatal(err)
		}
		first := a.Profile()
		first.Intro = "Eerste versie."
		if _, err := svc.Update(ctx, "admin-1", a.ID, 1, first, boolPtr(true)); err != nil {
			t.Fatal(err)
		}
		second := a.Profile()
		second.Name = "Johannes de Vries"
		_, err = svc.Update(ctx, "admin-2", a.ID, 1, second, boolPtr(false))
		wantAppErr(t, err, apperr.KindAborted)

		got, err := st.Advisers().Get(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := a
		want.Intro, want.Version = "Eerste versie.", 2
		if diff := cmp.Diff(&want, got); diff != "" {
			t.Errorf("after the aborted update (-want +got):\n%s", diff)
		}

		// The store's own check, for a change that lands between the Service's read and write.
		stale := want
		stale.Version = 1
		stale.Name = "Johannes de Vries"
		err = st.Advisers().Update(ctx, stale, audit.Event{At: time.Now().UTC(), Actor: audit.Staff("admin-2"), Action: advisers.ActionUpdate})
		if !errors.Is(err, advisers.ErrVersionConflict) {
			t.Errorf("store update with a stale version: %v, want ErrVersionConflict", err)
		}
		unknown := stale
		unknown.ID = uuid.New()
		err = st.Advisers().Update(ctx, unknown, audit.Event{At: time.Now().UTC(), Actor: audit.Staff("admin-2"), Action: advisers.ActionUpdate})
		if !errors.Is(err, advisers.ErrNotFound) {
			t.Errorf("store update of an unknown adviser: %v, want ErrNotFound", err)
		}
		if got, _ := st.Advisers().Get(ctx, a.ID); got.Name != "Jan de Vries" || got.Version != 2 {
			t.Errorf("the stale store update changed the row: %+v", got)
		}

		_, err = svc.Update(ctx, "admin-1", uuid.New(), 1, first, boolPtr(true))
		wantAppErr(t, err, apperr.KindNotFound)

		trail, err := st.Advisers().AuditTrail(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(trail) != 2 {
			t.Errorf("%d audit events, want 2 (create, the one update that happened): %+v", len(trail), trail)
		}
	})
}

// TestAdviserDuplicateStaffSubjectIsAConflict: one profile per staff member; the second is
// refused, nothing of it is stored and nothing is audited.
func TestAdviserDuplicateStaffSubjectIsAConflict(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		svc := newAdviserService(t, st)
		if _, err := svc.Create(ctx, "admin-1", advisers.Profile{Name: "Jan", Kind: advisers.KindInternal}, "sub-jan"); err != nil {
			t.Fatal(err)
		}
		_, err := svc.Create(ctx, "admin-1", advisers.Profile{Name: "Jan twee", Kind: advisers.KindExternal}, "sub-jan")
		wantAppErr(t, err, apperr.KindConflict)

		all, err := st.Advisers().List(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"Jan"}, names(all)); diff != "" {
			t.Errorf("registry (-want +got):\n%s", diff)
		}
		trail, err := st.Advisers().AuditTrail(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(trail) != 1 {
			t.Errorf("%d audit events, want 1", len(trail))
		}
		// The transaction after the refused insert still works (nothing left half-done).
		if _, err := svc.Create(ctx, "admin-1", advisers.Profile{Name: "Piet", Kind: advisers.KindInternal}, "sub-piet"); err != nil {
			t.Fatalf("create after a conflict: %v", err)
		}
	})
}

func names(as []advisers.Adviser) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Name
	}
	return out
}

func boolPtr(b bool) *bool { return &b }
