package store

import (
	"bytes"
	"context"
	stdsql "database/sql"
	"sort"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/auditcheckpoint"
	"github.com/utrecht/meldpunt/ent/auditevent"
	"github.com/utrecht/meldpunt/ent/audithead"
	"github.com/utrecht/meldpunt/ent/casefile"
	"github.com/utrecht/meldpunt/ent/predicate"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/audittrail"
)

var _ audittrail.CheckpointRepository = (*AuditTrails)(nil)

// CheckpointLeaves implements audittrail.CheckpointRepository: every case's head and how many
// sealed events its trail has, read in one statement (one snapshot), sorted by case id.
func (r *AuditTrails) CheckpointLeaves(ctx context.Context) ([]audit.Leaf, error) {
	rows, err := r.s.db.QueryContext(ctx, `SELECT h.id, h.mac,
		(SELECT count(*) FROM audit_events e WHERE e.case_id = h.id AND e.mac IS NOT NULL)
		FROM audit_heads h WHERE h.mac IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []audit.Leaf
	for rows.Next() {
		var l audit.Leaf
		if err := rows.Scan(&l.CaseID, &l.Head, &l.Count); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return bytes.Compare(out[i].CaseID[:], out[j].CaseID[:]) < 0 })
	return out, nil
}

// SaveCheckpoint implements audittrail.CheckpointRepository.
func (r *AuditTrails) SaveCheckpoint(ctx context.Context, cp audit.Checkpoint, leaves []byte, note string) error {
	return r.s.client.AuditCheckpoint.Create().SetCreatedAt(cp.Time).SetSize(cp.Size).SetRootHash(cp.Root).
		SetLeaves(leaves).SetNote(note).Exec(ctx)
}

// LatestCheckpoint implements audittrail.CheckpointRepository.
func (r *AuditTrails) LatestCheckpoint(ctx context.Context, ev *audit.Event) (string, audit.Checkpoint, bool, error) {
	var (
		row *ent.AuditCheckpoint
		ok  bool
	)
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		var err error
		row, err = tx.AuditCheckpoint.Query().Order(ent.Desc(auditcheckpoint.FieldCreatedAt)).
			Select(auditcheckpoint.FieldCreatedAt, auditcheckpoint.FieldSize, auditcheckpoint.FieldRootHash, auditcheckpoint.FieldNote).
			First(ctx)
		if ent.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		ok = true
		if ev == nil {
			return nil
		}
		return r.s.writeAudit(ctx, tx, *ev)
	})
	if err != nil || !ok {
		return "", audit.Checkpoint{}, false, err
	}
	return row.Note, audit.Checkpoint{Size: row.Size, Root: row.RootHash, Time: row.CreatedAt.UTC()}, true, nil
}

// CheckpointLeavesOf implements audittrail.CheckpointRepository: the stored checkpoint with this
// size and root, with its leaves (none once pruned). Of several with the same tree (the root binds
// the leaves, so theirs are the same) one that still has its leaves is returned, else the one made
// at cp's time.
func (r *AuditTrails) CheckpointLeavesOf(ctx context.Context, cp audit.Checkpoint) (audittrail.StoredCheckpoint, bool, error) {
	same := []predicate.AuditCheckpoint{auditcheckpoint.Size(cp.Size), auditcheckpoint.RootHash(cp.Root)}
	rows, err := r.s.client.AuditCheckpoint.Query().Where(same...).Order(ent.Asc(auditcheckpoint.FieldCreatedAt)).All(ctx)
	if err != nil || len(rows) == 0 {
		return audittrail.StoredCheckpoint{}, false, err
	}
	// NULL (pruned) told apart from empty in SQL: drivers may scan both as a nil slice.
	nulls, err := r.s.client.AuditCheckpoint.Query().Where(append(same, auditcheckpoint.LeavesIsNil())...).IDs(ctx)
	if err != nil {
		return audittrail.StoredCheckpoint{}, false, err
	}
	gone := make(map[uuid.UUID]bool, len(nulls))
	for _, id := range nulls {
		gone[id] = true
	}
	row := rows[0]
	for _, c := range rows {
		if c.CreatedAt.Equal(cp.Time) {
			row = c
		}
	}
	out := audittrail.StoredCheckpoint{Note: row.Note, Time: row.CreatedAt.UTC(), Pruned: gone[row.ID]}
	for _, c := range append([]*ent.AuditCheckpoint{row}, rows...) {
		if !gone[c.ID] {
			// Its leaves, or those of another checkpoint of the same tree (the root binds them).
			out.Leaves, out.Pruned = derefBytes(c.Leaves), false
			break
		}
	}
	return out, true, nil
}

// CheckpointsBetween implements audittrail.CheckpointRepository: the checkpoints stored with a
// time in [from, to), oldest first, without their leaves (Pruned says whether they are gone).
func (r *AuditTrails) CheckpointsBetween(ctx context.Context, from, to time.Time) ([]audittrail.StoredCheckpoint, error) {
	in := []predicate.AuditCheckpoint{auditcheckpoint.CreatedAtGTE(from), auditcheckpoint.CreatedAtLT(to)}
	rows, err := r.s.client.AuditCheckpoint.Query().Where(in...).Order(ent.Asc(auditcheckpoint.FieldCreatedAt)).
		Select(auditcheckpoint.FieldID, auditcheckpoint.FieldCreatedAt, auditcheckpoint.FieldNote).All(ctx)
	if err != nil {
		return nil, err
	}
	pruned, err := r.s.client.AuditCheckpoint.Query().Where(append(in, auditcheckpoint.LeavesIsNil())...).IDs(ctx)
	if err != nil {
		return nil, err
	}
	gone := make(map[uuid.UUID]bool, len(pruned))
	for _, id := range pruned {
		gone[id] = true
	}
	out := make([]audittrail.StoredCheckpoint, len(rows))
	for i, row := range rows {
		out[i] = audittrail.StoredCheckpoint{Note: row.Note, Time: row.CreatedAt.UTC(), Pruned: gone[row.ID]}
	}
	return out, nil
}

// pruneBatch is how many checkpoints one statement prunes.
const pruneBatch = 500

// PruneCheckpointLeaves implements audittrail.CheckpointRepository: the leaves of every checkpoint
// made before the time given are set to NULL, except those of the first checkpoint of each UTC
// day; the rows, with their signed notes and roots, stay. Only the times and ids of checkpoints
// that still have leaves are read (in steady state one a day).
func (r *AuditTrails) PruneCheckpointLeaves(ctx context.Context, before time.Time) (int, error) {
	rows, err := r.s.client.AuditCheckpoint.Query().
		Where(auditcheckpoint.CreatedAtLT(before), auditcheckpoint.LeavesNotNil()).
		Order(ent.Asc(auditcheckpoint.FieldCreatedAt)).
		Select(auditcheckpoint.FieldID, auditcheckpoint.FieldCreatedAt).All(ctx)
	if err != nil {
		return 0, err
	}
	var ids []uuid.UUID
	kept := map[string]bool{}
	for _, row := range rows {
		day := row.CreatedAt.UTC().Format(time.DateOnly)
		if !kept[day] {
			kept[day] = true // the first of its day
			continue
		}
		ids = append(ids, row.ID)
	}
	n := 0
	for start := 0; start < len(ids); start += pruneBatch {
		batch := ids[start:min(start+pruneBatch, len(ids))]
		m, err := r.s.client.AuditCheckpoint.Update().Where(auditcheckpoint.IDIn(batch...)).ClearLeaves().Save(ctx)
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// AllCases implements audittrail.CheckpointRepository: every case the database knows of — by
// its record, its head or its events — sorted by id, with its reference when its record exists.
func (r *AuditTrails) AllCases(ctx context.Context) ([]audittrail.CaseEntry, error) {
	refs := map[uuid.UUID]string{}
	cs, err := r.s.client.CaseFile.Query().Select(casefile.FieldID, casefile.FieldReference).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		refs[c.ID] = c.Reference
	}
	heads, err := r.s.client.AuditHead.Query().IDs(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range heads {
		if _, ok := refs[id]; !ok {
			refs[id] = orphanReference(id)
		}
	}
	rows, err := r.s.db.QueryContext(ctx, `SELECT DISTINCT case_id FROM audit_events WHERE case_id IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		if _, ok := refs[id]; !ok {
			refs[id] = orphanReference(id)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]audittrail.CaseEntry, 0, len(refs))
	for id, ref := range refs {
		out = append(out, audittrail.CaseEntry{ID: id, Reference: ref})
	}
	sort.Slice(out, func(i, j int) bool { return bytes.Compare(out[i].ID[:], out[j].ID[:]) < 0 })
	return out, nil
}

// Trails implements audittrail.CheckpointRepository: the trails and heads of these cases, read
// in one snapshot (so that no event written meanwhile sits between a head and its trail).
func (r *AuditTrails) Trails(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID][]audit.Record, map[uuid.UUID]audit.Head, error) {
	var opts *stdsql.TxOptions
	if r.s.dialect == dialect.Postgres {
		opts = &stdsql.TxOptions{Isolation: stdsql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := r.s.client.BeginTx(ctx, opts)
	if err != nil {
		return nil, nil, err
	}
	defer func() { _ = tx.Rollback() }()
	heads := make(map[uuid.UUID]audit.Head, len(ids))
	hs, err := tx.AuditHead.Query().Where(audithead.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, h := range hs {
		heads[h.ID] = audit.Head{Recorded: true, MAC: derefBytes(h.MAC)}
	}
	rows, err := tx.AuditEvent.Query().Where(auditevent.CaseIDIn(ids...)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	trails := make(map[uuid.UUID][]audit.Record, len(ids))
	for _, row := range rows {
		trails[*row.CaseID] = append(trails[*row.CaseID], toAuditRecord(row))
	}
	return trails, heads, tx.Commit()
}

// RecordEvent implements audittrail.CheckpointRepository: an event of the auditor's without a case.
func (r *AuditTrails) RecordEvent(ctx context.Context, ev audit.Event) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error { return r.s.writeAudit(ctx, tx, ev) })
}

// orphanReference is the reference of a trail without a case record: the organisation trail's own
// reference, and for any other trail none (its case's record is gone).
func orphanReference(id uuid.UUID) string {
	if id == audit.OrgTrailID {
		return audit.OrgTrailReference
	}
	return ""
}
