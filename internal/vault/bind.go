package vault

import (
	"context"
	"errors"
	"fmt"
)

// FingerprintStore is where a database keeps the fingerprint of its keys. internal/store
// implements it.
type FingerprintStore interface {
	// KeyFingerprint returns the recorded fingerprint, or nil when none is recorded yet.
	KeyFingerprint(ctx context.Context) (*Fingerprint, error)
	// RecordKeyFingerprint records fp unless a fingerprint is recorded already (by a replica
	// that started at the same moment), and returns the fingerprint recorded in the end.
	RecordKeyFingerprint(ctx context.Context, fp Fingerprint) (Fingerprint, error)
	// OldestCaseKey returns the wrapped key of the earliest received case whose key is not
	// destroyed, with the case id it is bound to; ok is false when there is no such case.
	OldestCaseKey(ctx context.Context) (caseID string, wrapped []byte, ok bool, err error)
}

// Binding says how [Vault.Bind] found the keys to fit the database.
type Binding int

const (
	// Matched: the database's recorded fingerprint is this keys file's.
	Matched Binding = iota + 1
	// NewDatabase: the database had no fingerprint and no case keys; this keys file's
	// fingerprint was recorded (or would be, when Bind was asked not to record).
	NewDatabase
	// OpenedCase: the database had cases but no fingerprint (it was last run by a version
	// that did not record one), and this keys file opened the oldest stored case key; its
	// fingerprint was recorded (or would be).
	OpenedCase
)

// String names the binding for log lines.
func (b Binding) String() string {
	switch b {
	case Matched:
		return "fingerprint matches"
	case NewDatabase:
		return "new database"
	case OpenedCase:
		return "opened an existing case key"
	}
	return fmt.Sprintf("Binding(%d)", int(b))
}

// Bind checks that these keys belong to the database behind db, and records their fingerprint
// there when none is recorded yet and record is true (record is false for a check that must
// not write). It returns a [*MismatchError] (wrapping [ErrKeysMismatch]) when they do not
// belong.
//
// A database without a fingerprint is either new or was last run by a version that did not
// record one. In the second case the keys must first open a stored case key: the earliest
// received one, because if replicas with different keys files already filed cases side by
// side, the first cases were filed with the keys the database was first started with.
//
// Replicas that start together on a new database race to record their fingerprint; the store
// keeps the first, and every other replica verifies its keys against that one, so a replica
// with other keys loses and refuses to start.
func (v *Vault) Bind(ctx context.Context, db FingerprintStore, record bool) (Binding, error) {
	if db == nil {
		return 0, errors.New("vault: Bind: no fingerprint store")
	}
	recorded, err := db.KeyFingerprint(ctx)
	if err != nil {
		return 0, fmt.Errorf("vault: read the keys fingerprint: %w", err)
	}
	if recorded != nil {
		if err := v.VerifyFingerprint(*recorded); err != nil {
			return 0, err
		}
		return Matched, nil
	}

	how := NewDatabase
	caseID, wrapped, ok, err := db.OldestCaseKey(ctx)
	if err != nil {
		return 0, fmt.Errorf("vault: read a stored case key: %w", err)
	}
	if ok {
		if _, err := v.OpenCaseKey(caseID, wrapped); err != nil {
			return 0, &MismatchError{
				Reason: "it cannot open the stored key of the oldest case (the database has cases " +
					"but no keys fingerprint yet, so the keys were checked against a case)",
				Keys: v.ShortID(),
			}
		}
		how = OpenedCase
	}
	if !record {
		return how, nil
	}

	fp, err := v.NewFingerprint()
	if err != nil {
		return 0, err
	}
	stored, err := db.RecordKeyFingerprint(ctx, fp)
	if err != nil {
		return 0, fmt.Errorf("vault: record the keys fingerprint: %w", err)
	}
	// Another replica may have recorded its own fingerprint first: then ours was not written
	// and the keys must match the one that was.
	if err := v.VerifyFingerprint(stored); err != nil {
		return 0, err
	}
	return how, nil
}
