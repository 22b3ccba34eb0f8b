package advisers

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/reqctx"
)

// Actions this package records in the audit trail. The events carry no case id.
const (
	ActionCreate = "adviser.create"
	ActionUpdate = "adviser.update"
)

// Config wires a Service.
type Config struct {
	Repo Repository
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Service lists and manages the advisers.
type Service struct {
	repo Repository
	now  func() time.Time
}

// New checks the configuration and returns a Service.
func New(cfg Config) (*Service, error) {
	if cfg.Repo == nil {
		return nil, errors.New("advisers: Repo is required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{repo: cfg.Repo, now: cfg.Now}, nil
}

// clock is the service time in microseconds, the precision PostgreSQL keeps.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// ListPublic returns the active advisers for a reporter to choose from: internal advisers first
// (a colleague is the usual first contact), then external ones; within each, by name in Dutch
// alphabetical order, ignoring case and accents ("Özdemir" between "Oosterhuis" and "Pieters",
// not after "Zwart"). Equal names are ordered by id, so the order is the same on every call
// and every replica.
func (s *Service) ListPublic(ctx context.Context) ([]Adviser, error) {
	as, err := s.repo.List(ctx, false)
	if err != nil {
		return nil, err
	}
	sortForReporters(as)
	return as, nil
}

// ListAll lists every adviser, inactive ones included, in the same order (administrators).
func (s *Service) ListAll(ctx context.Context) ([]Adviser, error) {
	as, err := s.repo.List(ctx, true)
	if err != nil {
		return nil, err
	}
	sortForReporters(as)
	return as, nil
}

func sortForReporters(as []Adviser) {
	// A Collator is not safe for concurrent use; this one lives for one call.
	col := collate.New(language.Dutch, collate.IgnoreCase, collate.IgnoreDiacritics)
	rank := func(k Kind) int {
		if k == KindInternal {
			return 0
		}
		return 1
	}
	slices.SortFunc(as, func(a, b Adviser) int {
		return cmp.Or(
			cmp.Compare(rank(a.Kind), rank(b.Kind)),
			col.CompareString(a.Name, b.Name),
			cmp.Compare(a.Name, b.Name),
			cmp.Compare(a.ID.String(), b.ID.String()),
		)
	})
}

// Create adds an active adviser with profile p, linked to the staff member who signs in as
// staffSubject. actorSubject is the administrator making the change (for the audit trail). A
// staff subject that already has a profile is a conflict.
func (s *Service) Create(ctx context.Context, actorSubject string, p Profile, staffSubject string) (Adviser, error) {
	if err := checkActor(actorSubject); err != nil {
		return Adviser{}, err
	}
	p, err := normalize(p)
	if err != nil {
		return Adviser{}, err
	}
	if staffSubject, err = normalizeStaffSubject(staffSubject); err != nil {
		return Adviser{}, err
	}
	a := Adviser{ID: uuid.New(), StaffSubject: staffSubject, Active: true, Version: 1}.withProfile(p)
	ev := s.event(ctx, actorSubject, ActionCreate, createdFields(a))
	switch err := s.repo.Create(ctx, a, ev); {
	case errors.Is(err, ErrStaffSubjectTaken):
		return Adviser{}, apperr.Conflict("this staff member already has an adviser profile; change that one instead")
	case err != nil:
		return Adviser{}, err
	}
	return a, nil
}

// Update replaces the profile of adviser id and, when active is not nil, sets whether they are
// listed (nil keeps it as it is, so that a partial update cannot take an adviser off the list). version is the
// version the administrator read: if someone changed the adviser since, nothing is stored and
// the answer is Aborted, so that the administrator reloads and decides again. An update that
// changes nothing stores nothing, keeps the version and is not audited.
func (s *Service) Update(ctx context.Context, actorSubject string, id uuid.UUID, version int64, p Profile, active *bool) (Adviser, error) {
	if err := checkActor(actorSubject); err != nil {
		return Adviser{}, err
	}
	p, err := normalize(p)
	if err != nil {
		return Adviser{}, err
	}
	cur, err := s.repo.Get(ctx, id)
	if err != nil {
		return Adviser{}, err
	}
	if cur == nil {
		return Adviser{}, notFound(id)
	}
	if cur.Version != version {
		return Adviser{}, stale()
	}
	next := cur.withProfile(p)
	if active != nil {
		next.Active = *active
	}
	changed := changedFields(*cur, next)
	if len(changed) == 0 {
		return *cur, nil
	}
	ev := s.event(ctx, actorSubject, ActionUpdate, changed)
	switch err := s.repo.Update(ctx, next, ev); {
	case errors.Is(err, ErrVersionConflict):
		return Adviser{}, stale()
	case errors.Is(err, ErrNotFound):
		return Adviser{}, notFound(id)
	case err != nil:
		return Adviser{}, err
	}
	next.Version++
	return next, nil
}

func stale() error { return apperr.Aborted("someone else changed this adviser; reload and try again") }

func notFound(id uuid.UUID) error { return apperr.NotFound("no adviser %s", id) }

// checkActor refuses a change nobody can be held to account for.
func checkActor(subject string) error {
	if subject == "" {
		return apperr.Unauthenticated("managing advisers needs a signed-in administrator")
	}
	return nil
}

// event is the audit event of a change to the registry: which administrator changed which
// fields, never the values. It concerns no case, so it carries no case id.
func (s *Service) event(ctx context.Context, actorSubject, action string, fields []string) audit.Event {
	return audit.Event{
		At:        s.clock(),
		Actor:     audit.Staff(actorSubject),
		Action:    action,
		Fields:    fields,
		RequestID: reqctx.RequestID(ctx),
	}
}

// createdFields names the fields a new adviser has set.
func createdFields(a Adviser) []string {
	f := []string{"staff_subject", "name", "kind"}
	if a.Intro != "" {
		f = append(f, "intro")
	}
	if len(a.Languages) > 0 {
		f = append(f, "languages")
	}
	if a.PhotoURL != "" {
		f = append(f, "photo_url")
	}
	return append(f, "active")
}

// changedFields names the fields that differ between a and b, in the API's field order.
func changedFields(a, b Adviser) []string {
	var f []string
	add := func(name string, changed bool) {
		if changed {
			f = append(f, name)
		}
	}
	add("name", a.Name != b.Name)
	add("kind", a.Kind != b.Kind)
	add("intro", a.Intro != b.Intro)
	add("languages", !slices.Equal(a.Languages, b.Languages))
	add("photo_url", a.PhotoURL != b.PhotoURL)
	add("active", a.Active != b.Active)
	return f
}
