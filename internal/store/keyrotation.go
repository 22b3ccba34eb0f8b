package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/casefile"
	"github.com/utrecht/meldpunt/ent/keycheck"
	"github.com/utrecht/meldpunt/ent/keyrotation"
	kr "github.com/utrecht/meldpunt/internal/keyrotation"
	"github.com/utrecht/meldpunt/internal/vault"
)

// rotationLockKey is the PostgreSQL advisory lock of the key rotation ("MLDPROTK" in ASCII, as a
// number). Unlike the retention job's, it is waited for: two `keys rotate` runs take turns
// batch by batch instead of one giving up.
const rotationLockKey = 0x4d4c4450524f544b

// KeyRotations keeps the state of rotations of the key-encryption key (the key_rotations table)
// and re-wraps the cases' keys; it implements keyrotation.Repository.
type KeyRotations struct{ s *Store }

var _ kr.Repository = (*KeyRotations)(nil)

// KeyRotations returns the key rotation repository.
func (s *Store) KeyRotations() *KeyRotations { return &KeyRotations{s: s} }

// lockRotation takes the rotation's lock for the transaction.
func (r *KeyRotations) lockRotation(ctx context.Context, tx *ent.Tx) error {
	return r.s.lockRotation(ctx, tx)
}

// lockRotation takes the rotation's lock for the transaction: PostgreSQL's advisory lock,
// waited for; on SQLite the transaction holds the database's write lock from its start. The
// retention job's erasure of case keys takes it too: an erasure and a re-wrap batch both update
// many case rows, in no common order, and would otherwise deadlock.
func (s *Store) lockRotation(ctx context.Context, tx *ent.Tx) error {
	if s.dialect != dialect.Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(rotationLockKey))
	return err
}

func toRotation(row *ent.KeyRotation) *kr.Rotation {
	return &kr.Rotation{
		ID: row.ID, OldKey: uint32(row.OldKeyID), NewKey: uint32(row.NewKeyID), Phase: kr.Phase(row.Phase),
		Cursor: row.Cursor, Rewrapped: row.Rewrapped, StartedAt: row.StartedAt, UpdatedAt: row.UpdatedAt,
		RetiredAt: row.RetiredAt,
	}
}

func latestRotation(ctx context.Context, c *ent.KeyRotationClient) (*ent.KeyRotation, error) {
	row, err := c.Query().Order(ent.Desc(keyrotation.FieldID)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return row, err
}

// Current implements keyrotation.Repository.
func (r *KeyRotations) Current(ctx context.Context) (*kr.Rotation, error) {
	row, err := latestRotation(ctx, r.s.client.KeyRotation)
	if err != nil || row == nil {
		return nil, err
	}
	return toRotation(row), nil
}

// Start implements keyrotation.Repository.
func (r *KeyRotations) Start(ctx context.Context, oldKey, newKey uint32, now time.Time) (*kr.Rotation, error) {
	var out *kr.Rotation
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := r.lockRotation(ctx, tx); err != nil {
			return err
		}
		last, err := latestRotation(ctx, tx.KeyRotation)
		if err != nil {
			return err
		}
		if last != nil && last.Phase != keyrotation.PhaseRETIRED {
			out = toRotation(last)
			return kr.ErrUnderWay
		}
		row, err := tx.KeyRotation.Create().SetOldKeyID(int64(oldKey)).SetNewKeyID(int64(newKey)).
			SetPhase(keyrotation.PhaseADDED).SetStartedAt(now).SetUpdatedAt(now).Save(ctx)
		if err != nil {
			return err
		}
		out = toRotation(row)
		return nil
	})
	return out, err
}

// Repoint implements keyrotation.Repository.
func (r *KeyRotations) Repoint(ctx context.Context, id int, from, to uint32, now time.Time) (bool, error) {
	var n int
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := r.lockRotation(ctx, tx); err != nil {
			return err
		}
		var err error
		n, err = tx.KeyRotation.Update().
			Where(keyrotation.ID(id), keyrotation.PhaseEQ(keyrotation.PhaseADDED), keyrotation.NewKeyID(int64(from))).
			SetNewKeyID(int64(to)).SetUpdatedAt(now).Save(ctx)
		return err
	})
	return n == 1, err
}

// Advance implements keyrotation.Repository.
func (r *KeyRotations) Advance(ctx context.Context, id int, newKey uint32, from, to kr.Phase, fp *vault.Fingerprint, now time.Time) (bool, error) {
	var n int
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := r.lockRotation(ctx, tx); err != nil {
			return err
		}
		upd := tx.KeyRotation.Update().
			Where(keyrotation.ID(id), keyrotation.PhaseEQ(keyrotation.Phase(from)), keyrotation.NewKeyID(int64(newKey))).
			SetPhase(keyrotation.Phase(to)).ClearCursor().SetUpdatedAt(now)
		if to == kr.PhaseRetired {
			upd = upd.SetRetiredAt(now)
		}
		var err error
		if n, err = upd.Save(ctx); err != nil || n == 0 {
			return err
		}
		if fp == nil {
			return nil
		}
		// The row of vault.Bind; a database without one (from before fingerprints) gets it now.
		return tx.KeyCheck.Create().SetID(keyCheckID).SetKeyedHash(fp.KeyedHash).SetSealed(fp.Sealed).
			OnConflict(entsql.ConflictColumns(keycheck.FieldID)).
			Update(func(u *ent.KeyCheckUpsert) { u.UpdateKeyedHash().UpdateSealed() }).Exec(ctx)
	})
	return n == 1, err
}

// RewrapBatch implements keyrotation.Repository. The cases are read and swapped inside the
// transaction that holds the rotation's lock, so two runs never walk the same batch; each swap
// is a compare-and-swap on the wrapped key as read, so a key that another writer erased after
// the read stays erased (the retention job waits for the rotation's lock, but the swap does
// not rely on that). The swap does not touch the case's
// version or updated_at: the case itself does not change, its key opens as before.
func (r *KeyRotations) RewrapBatch(ctx context.Context, id int, phase kr.Phase, size int, rewrap kr.Rewrap, now time.Time) (kr.Batch, error) {
	var b kr.Batch
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		b = kr.Batch{}
		if err := r.lockRotation(ctx, tx); err != nil {
			return err
		}
		rot, err := tx.KeyRotation.Get(ctx, id)
		if err != nil {
			return err
		}
		if kr.Phase(rot.Phase) != phase {
			return kr.ErrPhaseChanged
		}
		q := tx.CaseFile.Query().Order(ent.Asc(casefile.FieldID)).Limit(size)
		if rot.Cursor != nil {
			q = q.Where(casefile.IDGT(*rot.Cursor))
		}
		cs, err := q.Select(casefile.FieldID, casefile.FieldWrappedKey).All(ctx)
		if err != nil {
			return err
		}
		var swaps []keySwap
		for _, c := range cs {
			if len(c.WrappedKey) == 0 { // destroyed by the retention job
				continue
			}
			nw, err := rewrap(c.ID, c.WrappedKey)
			if err != nil {
				return err
			}
			if nw != nil {
				swaps = append(swaps, keySwap{id: c.ID, old: c.WrappedKey, new: nw})
			}
		}
		swapped, err := r.swapKeys(ctx, tx, swaps)
		if err != nil {
			return err
		}
		b = kr.Batch{Cases: len(cs), Rewrapped: swapped, Changed: len(swaps) - swapped, Done: len(cs) < size}
		upd := tx.KeyRotation.UpdateOneID(id).AddRewrapped(int64(swapped)).SetUpdatedAt(now)
		if len(cs) > 0 {
			upd = upd.SetCursor(cs[len(cs)-1].ID)
		}
		if b.Done && phase == kr.PhaseRewrapping {
			upd = upd.SetPhase(keyrotation.PhaseREWRAPPED)
		}
		return upd.Exec(ctx)
	})
	return b, err
}

// keySwap is one compare-and-swap of a case's wrapped key.
type keySwap struct {
	id       uuid.UUID
	old, new []byte
}

// swapKeys replaces the wrapped keys in one statement, each only where the case still has the
// key that was read, and returns how many it replaced.
func (r *KeyRotations) swapKeys(ctx context.Context, tx *ent.Tx, swaps []keySwap) (int, error) {
	if len(swaps) == 0 {
		return 0, nil
	}
	var (
		sb   strings.Builder
		args = make([]any, 0, 3*len(swaps))
	)
	sb.WriteString("WITH v(id, new, old) AS (VALUES ")
	for i, sw := range swaps {
		if i > 0 {
			sb.WriteString(", ")
		}
		if r.s.dialect == dialect.Postgres {
			fmt.Fprintf(&sb, "($%d::uuid, $%d::bytea, $%d::bytea)", 3*i+1, 3*i+2, 3*i+3)
		} else {
			sb.WriteString("(?, ?, ?)")
		}
		args = append(args, sw.id, sw.new, sw.old)
	}
	sb.WriteString(") UPDATE cases SET wrapped_key = v.new FROM v WHERE cases.id = v.id AND cases.wrapped_key = v.old RETURNING cases.id")
	rows, err := tx.QueryContext(ctx, sb.String(), args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// CountCases implements keyrotation.Repository.
func (r *KeyRotations) CountCases(ctx context.Context, upTo *uuid.UUID) (total, upToCursor int, err error) {
	if total, err = r.s.client.CaseFile.Query().Count(ctx); err != nil || upTo == nil {
		return total, 0, err
	}
	upToCursor, err = r.s.client.CaseFile.Query().Where(casefile.IDLTE(*upTo)).Count(ctx)
	return total, upToCursor, err
}

// EachCaseKey implements keyrotation.Repository.
func (r *KeyRotations) EachCaseKey(ctx context.Context, fn func(caseID uuid.UUID, wrapped []byte) error) error {
	const page = 1000
	var after *uuid.UUID
	for {
		q := r.s.client.CaseFile.Query().Where(casefile.ContentDestroyedAtIsNil()).Order(ent.Asc(casefile.FieldID)).Limit(page)
		if after != nil {
			q = q.Where(casefile.IDGT(*after))
		}
		cs, err := q.Select(casefile.FieldID, casefile.FieldWrappedKey).All(ctx)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if len(c.WrappedKey) == 0 {
				continue
			}
			if err := fn(c.ID, c.WrappedKey); err != nil {
				return err
			}
		}
		if len(cs) < page {
			return nil
		}
		last := cs[len(cs)-1].ID
		after = &last
	}
}
