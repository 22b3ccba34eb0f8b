package store

import (
	"bytes"
	"context"
	stdsql "database/sql"
	"sort"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/auditcheckpoint"
	"github.com/utrecht/meldpunt/ent/auditevent"
	"github.com/utrecht/meldpunt/ent/audithead"
	"github.com/utrecht/meldpunt/ent/casefile"
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

// CheckpointLeavesOf implements audittrail.CheckpointRepository: the stored leaves of the
// checkpoint with this size and root.
func (r *AuditTrails) CheckpointLeavesOf(ctx context.Context, cp audit.Checkpoint) ([]byte, bool, error) {
	row, err := r.s.client.AuditCheckpoint.Query().
		Where(auditcheckpoint.Size(cp.Size), auditcheckpoint.RootHash(cp.Root)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return row.Leaves, true, nil
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
