package keyrotation

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/vault"
)

// Phase is how far a rotation has come.
type Phase string

// The phases, in order.
const (
	// PhaseAdded: the new key is in the keys file, enabled but not primary.
	PhaseAdded Phase = "ADDED"
	// PhaseRewrapping: the new key is primary; case keys are being re-wrapped under it.
	PhaseRewrapping Phase = "REWRAPPING"
	// PhaseRewrapped: every case key the pass met is under the new key.
	PhaseRewrapped Phase = "REWRAPPED"
	// PhaseRetiring: the stragglers are re-wrapped and every case key checked.
	PhaseRetiring Phase = "RETIRING"
	// PhaseRetired: the old key is gone from the keys file and from the fingerprint.
	PhaseRetired Phase = "RETIRED"
)

// Rotation is the recorded state of one rotation.
type Rotation struct {
	ID int
	// OldKey is the KEK's primary key when the rotation began; NewKey the key replacing it.
	OldKey, NewKey uint32
	Phase          Phase
	// Cursor is the last case id the current re-wrap pass has done (nil: none yet).
	Cursor *uuid.UUID
	// Rewrapped counts the case keys re-wrapped under the new key, all passes together.
	Rewrapped int64
	StartedAt time.Time
	UpdatedAt time.Time
	RetiredAt *time.Time
}

// Rewrap returns the wrapped key of a case anew under the new key, or nil when it is under the
// new key already. An error stops the batch, which then changes nothing.
type Rewrap func(caseID uuid.UUID, wrapped []byte) ([]byte, error)

// Batch is what one re-wrap batch did.
type Batch struct {
	// Cases is how many cases the batch walked (destroyed ones and those under the new key
	// included).
	Cases int
	// Rewrapped is how many wrapped keys it swapped.
	Rewrapped int
	// Changed is how many keys changed between their read and their swap (erased by the
	// retention job) and were left as they were.
	Changed int
	// Done says the pass is over: no case was left after the cursor.
	Done bool
}

// ErrUnderWay is returned by Start when a rotation that is not retired exists.
var ErrUnderWay = errors.New("keyrotation: a rotation is under way")

// ErrPhaseChanged is returned by RewrapBatch when the rotation is no longer in the phase the
// batch was for (another run finished the pass).
var ErrPhaseChanged = errors.New("keyrotation: the rotation moved on")

// Repository keeps the rotation's state and walks the cases' wrapped keys; internal/store
// implements it. Every method that writes takes the rotation's lock for its transaction.
type Repository interface {
	// Current returns the latest rotation, or nil when there has been none.
	Current(ctx context.Context) (*Rotation, error)
	// Start records a new rotation in phase ADDED, unless a rotation that is not RETIRED
	// exists: then it returns that one and ErrUnderWay.
	Start(ctx context.Context, oldKey, newKey uint32, now time.Time) (*Rotation, error)
	// Repoint changes the new key of a rotation in phase ADDED from one key id to another;
	// false when it was not in that state any more.
	Repoint(ctx context.Context, id int, from, to uint32, now time.Time) (bool, error)
	// Advance moves a rotation with new key newKey from phase from to phase to and clears its
	// cursor; with fp it also records fp as the database's keys fingerprint, in the same
	// transaction. false when the rotation was not in phase from.
	Advance(ctx context.Context, id int, newKey uint32, from, to Phase, fp *vault.Fingerprint, now time.Time) (bool, error)
	// RewrapBatch re-wraps the case keys of the next at most size cases after the rotation's
	// cursor, in id order, with compare-and-swap, and moves the cursor past them, in one
	// transaction. The batch that finds fewer than size cases ends the pass (Done); in phase
	// REWRAPPING it moves the rotation to REWRAPPED. ErrPhaseChanged when the rotation is not
	// in phase.
	RewrapBatch(ctx context.Context, id int, phase Phase, size int, rewrap Rewrap, now time.Time) (Batch, error)
	// CountCases returns how many cases there are, and how many of them have an id up to and
	// including upTo (0 when upTo is nil).
	CountCases(ctx context.Context, upTo *uuid.UUID) (total, upToCursor int, err error)
	// EachCaseKey calls fn with every case key that is not destroyed, in id order, reading in
	// batches outside any transaction.
	EachCaseKey(ctx context.Context, fn func(caseID uuid.UUID, wrapped []byte) error) error
}
