package advisers

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
)

// fakeRepo is an in-memory Repository with the store's contract (versions, unique subjects).
type fakeRepo struct {
	mu     sync.Mutex
	rows   map[uuid.UUID]Adviser
	events []audit.Event
}

func newFakeRepo() *fakeRepo { return &fakeRepo{rows: map[uuid.UUID]Adviser{}} }

func (r *fakeRepo) List(_ context.Context, includeInactive bool) ([]Adviser, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Adviser
	for _, a := range r.rows {
		if a.Active || includeInactive {
			out = append(out, a)
		}
	}
	return out, nil
}

func (r *fakeRepo) Get(_ context.Context, id uuid.UUID) (*Adviser, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	a, ok := r.rows[id]
	if !ok {
		return nil, nil
	}
	return &a, nil
}

func (r *fakeRepo) Create(_ context.Context, a Adviser, ev audit.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, b := range r.rows {
		if b.StaffSubject == a.StaffSubject {
			return ErrStaffSubjectTaken
		}
	}
	a.Version = 1
	r.rows[a.ID] = a
	r.events = append(r.events, ev)
	return nil
}

func (r *fakeRepo) Update(_ context.Context, a Adviser, ev audit.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	cur, ok := r.rows[a.ID]
	if !ok {
		return ErrNotFound
	}
	if cur.Version != a.Version {
		return ErrVersionConflict
	}
	a.StaffSubject = cur.StaffSubject
	a.Version++
	r.rows[a.ID] = a
	r.events = append(r.events, ev)
	return nil
}

var testNow = time.Date(2026, 12, 1, 9, 30, 0, 123456789, time.UTC)

func newTestService(t *testing.T) (*Service, *fakeRepo) {
	t.Helper()
	repo := newFakeRepo()
	svc, err := New(Config{Repo: repo, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	return svc, repo
}

func wantKind(t *testing.T, err error, k apperr.Kind, field string) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Kind != k || e.Field != field {
		t.Fatalf("error %v, want kind %d on field %q", err, k, field)
	}
}

func TestNewNeedsARepository(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Fatal("New without a Repo succeeded")
	}
}

func TestCreateNormalizesTheProfileAndAudits(t *testing.T) {
	svc, repo := newTestService(t)
	a, err := svc.Create(context.Background(), "admin-1", Profile{
		Name: "  Fatma Yilmaz \t", Kind: KindInternal, Intro: " Ik luister. ",
		Languages: []string{"NL", " tr ", "nl", "en"}, PhotoURL: " https://intranet.example/f.jpg ",
	}, " fatma ")
	if err != nil {
		t.Fatal(err)
	}
	want := Adviser{
		ID: a.ID, StaffSubject: "fatma", Name: "Fatma Yilmaz", Kind: KindInternal, Intro: "Ik luister.",
		Languages: []string{"nl", "tr", "en"}, PhotoURL: "https://intranet.example/f.jpg", Active: true, Version: 1,
	}
	if diff := cmp.Diff(want, a); diff != "" {
		t.Errorf("created adviser (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, repo.rows[a.ID]); diff != "" {
		t.Errorf("stored adviser (-want +got):\n%s", diff)
	}
	wantEv := []audit.Event{{
		At: testNow.Truncate(time.Microsecond), Actor: audit.Staff("admin-1"), Action: ActionCreate,
		Fields: []string{"staff_subject", "name", "kind", "intro", "languages", "photo_url", "active"},
	}}
	if diff := cmp.Diff(wantEv, repo.events); diff != "" {
		t.Errorf("audit events (-want +got):\n%s", diff)
	}
}

func TestCreateRefusesBadProfiles(t *testing.T) {
	ok := Profile{Name: "Jan de Vries", Kind: KindExternal, Languages: []string{"nl"}}
	tests := []struct {
		name    string
		edit    func(p *Profile)
		subject string
		field   string
	}{
		{"blank name", func(p *Profile) { p.Name = "   " }, "jan", "profile.name"},
		{"two-line name", func(p *Profile) { p.Name = "Jan\nde Vries" }, "jan", "profile.name"},
		{"no kind", func(p *Profile) { p.Kind = "" }, "jan", "profile.kind"},
		{"unknown kind", func(p *Profile) { p.Kind = "FRIEND" }, "jan", "profile.kind"},
		{"a word, not a code", func(p *Profile) { p.Languages = []string{"nl", "english"} }, "jan", "profile.languages[1]"},
		{"three letters", func(p *Profile) { p.Languages = []string{"nld"} }, "jan", "profile.languages[0]"},
		{"well-formed but no language", func(p *Profile) { p.Languages = []string{"xx"} }, "jan", "profile.languages[0]"},
		{"javascript photo", func(p *Profile) { p.PhotoURL = "javascript:alert(1)" }, "jan", "profile.photo_url"},
		{"plain http photo", func(p *Profile) { p.PhotoURL = "http://example.org/p.jpg" }, "jan", "profile.photo_url"},
		{"photo with a password", func(p *Profile) { p.PhotoURL = "https://u:pw@example.org/p.jpg" }, "jan", "profile.photo_url"},
		{"blank staff subject", func(*Profile) {}, "  ", "staff_subject"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, repo := newTestService(t)
			p := ok
			p.Languages = append([]string(nil), ok.Languages...)
			tt.edit(&p)
			_, err := svc.Create(context.Background(), "admin-1", p, tt.subject)
			wantKind(t, err, apperr.KindInvalid, tt.field)
			if len(repo.rows) != 0 || len(repo.events) != 0 {
				t.Errorf("a refused profile was stored")
			}
		})
	}
}

func TestCreateSameStaffSubjectTwiceIsAConflict(t *testing.T) {
	svc, _ := newTestService(t)
	ctx := context.Background()
	p := Profile{Name: "Jan", Kind: KindInternal}
	if _, err := svc.Create(ctx, "admin-1", p, "jan"); err != nil {
		t.Fatal(err)
	}
	_, err := svc.Create(ctx, "admin-1", Profile{Name: "Jan again", Kind: KindExternal}, "jan")
	wantKind(t, err, apperr.KindConflict, "")
}

func TestChangesNeedAnActor(t *testing.T) {
	svc, _ := newTestService(t)
	_, err := svc.Create(context.Background(), "", Profile{Name: "Jan", Kind: KindInternal}, "jan")
	wantKind(t, err, apperr.KindUnauthenticated, "")
	_, err = svc.Update(context.Background(), "", uuid.New(), 1, Profile{Name: "Jan", Kind: KindInternal}, flag(true))
	wantKind(t, err, apperr.KindUnauthenticated, "")
}

func TestListPublicShowsActiveAdvisersInternalFirstThenByName(t *testing.T) {
	svc, _ := newTestService(t)
	ctx := context.Background()
	for i, p := range []Profile{
		{Name: "Zwart", Kind: KindInternal},
		{Name: "bakker", Kind: KindExternal},
		{Name: "Özdemir", Kind: KindInternal},
		{Name: "Aalders", Kind: KindExternal},
		{Name: "Pieters", Kind: KindInternal},
		{Name: "Oosterhuis", Kind: KindInternal},
		{Name: "Gone", Kind: KindInternal},
	} {
		a, err := svc.Create(ctx, "admin-1", p, "staff-"+string(rune('a'+i)))
		if err != nil {
			t.Fatal(err)
		}
		if p.Name == "Gone" {
			if _, err := svc.Update(ctx, "admin-1", a.ID, a.Version, p, flag(false)); err != nil {
				t.Fatal(err)
			}
		}
	}
	got, err := svc.ListPublic(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range got {
		names = append(names, a.Name)
	}
	want := []string{"Oosterhuis", "Özdemir", "Pieters", "Zwart", "Aalders", "bakker"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("public list (-want +got):\n%s", diff)
	}
}

func TestUpdate(t *testing.T) {
	ctx := context.Background()
	p := Profile{Name: "Jan de Vries", Kind: KindInternal, Languages: []string{"nl"}}

	t.Run("changes the profile, raises the version, audits the changed fields", func(t *testing.T) {
		svc, repo := newTestService(t)
		a, err := svc.Create(ctx, "admin-1", p, "jan")
		if err != nil {
			t.Fatal(err)
		}
		q := p
		q.Languages = []string{"nl", "EN"}
		q.Intro = "Bel me gerust."
		got, err := svc.Update(ctx, "admin-2", a.ID, 1, q, flag(false))
		if err != nil {
			t.Fatal(err)
		}
		want := Adviser{ID: a.ID, StaffSubject: "jan", Name: "Jan de Vries", Kind: KindInternal, Intro: "Bel me gerust.",
			Languages: []string{"nl", "en"}, Active: false, Version: 2}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("answer (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want, repo.rows[a.ID]); diff != "" {
			t.Errorf("stored (-want +got):\n%s", diff)
		}
		last := repo.events[len(repo.events)-1]
		if diff := cmp.Diff(audit.Event{At: testNow.Truncate(time.Microsecond), Actor: audit.Staff("admin-2"),
			Action: ActionUpdate, Fields: []string{"intro", "languages", "active"}}, last); diff != "" {
			t.Errorf("audit event (-want +got):\n%s", diff)
		}
	})

	t.Run("a stale version is aborted and stores nothing", func(t *testing.T) {
		svc, repo := newTestService(t)
		a, _ := svc.Create(ctx, "admin-1", p, "jan")
		q := p
		q.Name = "Jan"
		if _, err := svc.Update(ctx, "admin-1", a.ID, 1, q, flag(true)); err != nil {
			t.Fatal(err)
		}
		q.Name = "Johannes"
		_, err := svc.Update(ctx, "admin-2", a.ID, 1, q, flag(true))
		wantKind(t, err, apperr.KindAborted, "")
		if !errors.Is(err, apperr.Aborted("someone else changed this adviser; reload and try again")) {
			t.Errorf("message %q", err)
		}
		if n := repo.rows[a.ID].Name; n != "Jan" || len(repo.events) != 2 {
			t.Errorf("after the aborted update: name %q, %d events", n, len(repo.events))
		}
	})

	t.Run("a concurrent change between read and write is aborted", func(t *testing.T) {
		svc, repo := newTestService(t)
		a, _ := svc.Create(ctx, "admin-1", p, "jan")
		racer := &racingRepo{fakeRepo: repo}
		svc.repo = racer
		q := p
		q.Name = "Johannes"
		_, err := svc.Update(ctx, "admin-2", a.ID, 1, q, flag(true))
		wantKind(t, err, apperr.KindAborted, "")
	})

	t.Run("an unknown id is not found", func(t *testing.T) {
		svc, _ := newTestService(t)
		_, err := svc.Update(ctx, "admin-1", uuid.New(), 1, p, flag(true))
		wantKind(t, err, apperr.KindNotFound, "")
	})

	t.Run("a bad profile is invalid before anything is read", func(t *testing.T) {
		svc, _ := newTestService(t)
		q := p
		q.Languages = []string{"zz"}
		_, err := svc.Update(ctx, "admin-1", uuid.New(), 1, q, flag(true))
		wantKind(t, err, apperr.KindInvalid, "profile.languages[0]")
	})

	t.Run("no change stores nothing and keeps the version", func(t *testing.T) {
		svc, repo := newTestService(t)
		a, _ := svc.Create(ctx, "admin-1", p, "jan")
		got, err := svc.Update(ctx, "admin-1", a.ID, 1, Profile{Name: " Jan de Vries ", Kind: KindInternal, Languages: []string{"NL"}}, flag(true))
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 1 || len(repo.events) != 1 {
			t.Errorf("no-op update: version %d, %d events; want 1, 1", got.Version, len(repo.events))
		}
	})
}

// racingRepo lets another administrator's change land between the Service's read and write.
type racingRepo struct{ *fakeRepo }

func (r *racingRepo) Update(ctx context.Context, a Adviser, ev audit.Event) error {
	r.mu.Lock()
	cur := r.rows[a.ID]
	cur.Version++
	r.rows[a.ID] = cur
	r.mu.Unlock()
	return r.fakeRepo.Update(ctx, a, ev)
}

func flag(b bool) *bool { return &b }
