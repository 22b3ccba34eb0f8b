package store

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"strings"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/adviser"
	"github.com/utrecht/meldpunt/ent/auditevent"
	"github.com/utrecht/meldpunt/internal/advisers"
	"github.com/utrecht/meldpunt/internal/audit"
)

// Advisers implements advisers.Repository.
type Advisers struct{ s *Store }

var _ advisers.Repository = (*Advisers)(nil)

// Advisers returns the adviser registry.
func (s *Store) Advisers() *Advisers { return &Advisers{s: s} }

// Languages are stored comma-separated ("nl,en,tr"); the domain allows only two-letter codes, so
// a comma cannot occur inside one.
func joinLanguages(ls []string) string { return strings.Join(ls, ",") }

func splitLanguages(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func toAdviser(r *ent.Adviser) advisers.Adviser {
	return advisers.Adviser{
		ID:           r.ID,
		StaffSubject: r.StaffSubject,
		Name:         r.Name,
		Kind:         advisers.Kind(r.Kind),
		Intro:        r.Intro,
		Languages:    splitLanguages(r.Languages),
		PhotoURL:     r.PhotoURL,
		Active:       r.Active,
		Version:      r.Version,
	}
}

// List returns the active advisers, or all with includeInactive, by name.
func (r *Advisers) List(ctx context.Context, includeInactive bool) ([]advisers.Adviser, error) {
	q := r.s.client.Adviser.Query()
	if !includeInactive {
		q = q.Where(adviser.Active(true))
	}
	rows, err := q.Order(ent.Asc(adviser.FieldName), ent.Asc(adviser.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]advisers.Adviser, len(rows))
	for i, row := range rows {
		out[i] = toAdviser(row)
	}
	return out, nil
}

// Get returns the adviser with id, or nil.
func (r *Advisers) Get(ctx context.Context, id uuid.UUID) (*advisers.Adviser, error) {
	row, err := r.s.client.Adviser.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	a := toAdviser(row)
	return &a, nil
}

// Create inserts the adviser (version 1) and its audit event in one transaction.
func (r *Advisers) Create(ctx context.Context, a advisers.Adviser, ev audit.Event) error {
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		err := tx.Adviser.Create().
			SetID(a.ID).
			SetStaffSubject(a.StaffSubject).
			SetName(a.Name).
			SetKind(adviser.Kind(a.Kind)).
			SetIntro(a.Intro).
			SetLanguages(joinLanguages(a.Languages)).
			SetPhotoURL(a.PhotoURL).
			SetActive(a.Active).
			SetVersion(1).
			SetCreatedAt(ev.At).
			SetUpdatedAt(ev.At).
			// DO NOTHING rather than a unique-violation error, which would abort the transaction
			// and have PostgreSQL log the statement.
			OnConflict(entsql.DoNothing()).
			Exec(ctx)
		if errors.Is(err, stdsql.ErrNoRows) {
			return errNothingInserted
		}
		if err != nil {
			return err
		}
		return r.s.writeAudit(ctx, tx, ev)
	})
	if errors.Is(err, errNothingInserted) {
		taken, qerr := r.s.client.Adviser.Query().Where(adviser.StaffSubject(a.StaffSubject)).Exist(ctx)
		if qerr != nil {
			return qerr
		}
		if taken {
			return advisers.ErrStaffSubjectTaken
		}
		return fmt.Errorf("adviser id %s already used", a.ID)
	}
	return err
}

// Update changes the profile and the active flag where the version is still a.Version, raises
// the version and writes the audit event, in one transaction.
func (r *Advisers) Update(ctx context.Context, a advisers.Adviser, ev audit.Event) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		n, err := tx.Adviser.Update().
			Where(adviser.ID(a.ID), adviser.Version(a.Version)).
			SetName(a.Name).
			SetKind(adviser.Kind(a.Kind)).
			SetIntro(a.Intro).
			SetLanguages(joinLanguages(a.Languages)).
			SetPhotoURL(a.PhotoURL).
			SetActive(a.Active).
			SetUpdatedAt(ev.At).
			AddVersion(1).
			Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			exists, err := tx.Adviser.Query().Where(adviser.ID(a.ID)).Exist(ctx)
			if err != nil {
				return err
			}
			if exists {
				return advisers.ErrVersionConflict
			}
			return advisers.ErrNotFound
		}
		return r.s.writeAudit(ctx, tx, ev)
	})
}

// AuditTrail returns the audit events of the adviser registry, oldest first (for auditors and
// tests). They concern no case, so AuditTrail of a case never shows them.
func (r *Advisers) AuditTrail(ctx context.Context) ([]audit.Event, error) {
	rows, err := r.s.client.AuditEvent.Query().
		Where(auditevent.CaseIDIsNil(), auditevent.ActionIn(advisers.ActionCreate, advisers.ActionUpdate)).
		Order(ent.Asc(auditevent.FieldAt), ent.Asc(auditevent.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]audit.Event, len(rows))
	for i, row := range rows {
		var fields []string
		if row.Fields != "" {
			fields = strings.Split(row.Fields, ",")
		}
		out[i] = audit.Event{
			At: row.At.UTC(), Actor: audit.Actor{Kind: audit.ActorKind(row.ActorKind), ID: row.ActorID},
			Action: row.Action, Fields: fields, RequestID: row.RequestID,
		}
	}
	return out, nil
}
