package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/casefile"
	"github.com/utrecht/meldpunt/ent/keycheck"
	"github.com/utrecht/meldpunt/internal/vault"
)

// keyCheckID is the id of the one key_checks row.
const keyCheckID = 1

// KeyChecks keeps the fingerprint of the database's keys (the key_checks table) and implements
// vault.FingerprintStore.
type KeyChecks struct{ s *Store }

var _ vault.FingerprintStore = (*KeyChecks)(nil)

// KeyChecks returns the fingerprint store.
func (s *Store) KeyChecks() *KeyChecks { return &KeyChecks{s: s} }

// KeyFingerprint implements vault.FingerprintStore. A database that was never migrated, or not
// since the table was added, has no fingerprint: `meldpunt keys check` reads it without
// migrating (it writes nothing).
func (r *KeyChecks) KeyFingerprint(ctx context.Context) (*vault.Fingerprint, error) {
	if ok, err := r.s.hasTable(ctx, keycheck.Table); err != nil || !ok {
		return nil, err
	}
	row, err := r.s.client.KeyCheck.Get(ctx, keyCheckID)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &vault.Fingerprint{KeyedHash: row.KeyedHash, Sealed: row.Sealed}, nil
}

// RecordKeyFingerprint implements vault.FingerprintStore: an insert that does nothing when the
// row exists (replicas starting together on a new database), then a read of what is recorded.
func (r *KeyChecks) RecordKeyFingerprint(ctx context.Context, fp vault.Fingerprint) (vault.Fingerprint, error) {
	err := r.s.client.KeyCheck.Create().SetID(keyCheckID).SetKeyedHash(fp.KeyedHash).SetSealed(fp.Sealed).
		OnConflict(entsql.ConflictColumns(keycheck.FieldID)).DoNothing().Exec(ctx)
	// ent reports an insert that DO NOTHING skipped as sql.ErrNoRows: the row is there already.
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return vault.Fingerprint{}, err
	}
	got, err := r.KeyFingerprint(ctx)
	if err != nil {
		return vault.Fingerprint{}, err
	}
	if got == nil {
		return vault.Fingerprint{}, fmt.Errorf("the keys fingerprint is not there after it was recorded")
	}
	return *got, nil
}

// OldestCaseKey implements vault.FingerprintStore: the earliest received case whose key the
// retention job has not destroyed (on the indexed received_at; an anonymous report's is timed
// to the hour, so among the first hour's cases the one with the lowest id).
func (r *KeyChecks) OldestCaseKey(ctx context.Context) (string, []byte, bool, error) {
	if ok, err := r.s.hasTable(ctx, casefile.Table); err != nil || !ok {
		return "", nil, false, err
	}
	c, err := r.s.client.CaseFile.Query().
		Where(casefile.ContentDestroyedAtIsNil()).
		Order(ent.Asc(casefile.FieldReceivedAt), ent.Asc(casefile.FieldID)).
		Select(casefile.FieldID, casefile.FieldWrappedKey).
		First(ctx)
	if ent.IsNotFound(err) {
		return "", nil, false, nil
	}
	if err != nil {
		return "", nil, false, err
	}
	if len(c.WrappedKey) == 0 {
		return "", nil, false, nil
	}
	return c.ID.String(), c.WrappedKey, true, nil
}

// hasTable reports whether the database has the table, so that a read-only check works on a
// database that was not migrated yet.
func (s *Store) hasTable(ctx context.Context, name string) (bool, error) {
	var q string
	if s.dialect == dialect.Postgres {
		q = `SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = $1`
	} else {
		q = `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1`
	}
	var n int
	if err := s.db.QueryRowContext(ctx, q, name).Scan(&n); err != nil {
		return false, fmt.Errorf("look up table %s: %w", name, err)
	}
	return n > 0, nil
}
