package advisers

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/audit"
)

// Errors a Repository returns; the Service turns them into the client's errors.
var (
	// ErrStaffSubjectTaken: another adviser already has this staff subject.
	ErrStaffSubjectTaken = errors.New("staff subject already has an adviser profile")
	// ErrVersionConflict: the adviser's version is no longer the one the update names.
	ErrVersionConflict = errors.New("adviser changed concurrently")
	// ErrNotFound: no adviser has this id.
	ErrNotFound = errors.New("no such adviser")
)

// Repository stores advisers. Every change takes its audit event and writes it in the same
// transaction; the event's time is also the change's time (created_at, updated_at).
type Repository interface {
	// List returns the active advisers, or all of them with includeInactive, in no particular
	// order (the Service sorts).
	List(ctx context.Context, includeInactive bool) ([]Adviser, error)
	// Get returns the adviser with id, or (nil, nil) if there is none.
	Get(ctx context.Context, id uuid.UUID) (*Adviser, error)
	// Create inserts a with version 1 (a.Version is ignored). It returns ErrStaffSubjectTaken if
	// another adviser has a.StaffSubject, and then stores nothing.
	Create(ctx context.Context, a Adviser, ev audit.Event) error
	// Update stores a's profile and Active flag if the stored version is still a.Version, and
	// raises the stored version by one. Otherwise it stores nothing and returns
	// ErrVersionConflict (or ErrNotFound when there is no such adviser). StaffSubject is not
	// changed.
	Update(ctx context.Context, a Adviser, ev audit.Event) error
}
