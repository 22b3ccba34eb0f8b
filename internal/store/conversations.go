package store

import (
	"context"
	"time"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/conversation"
	"github.com/utrecht/meldpunt/ent/oralreportversion"
	"github.com/utrecht/meldpunt/ent/predicate"
	"github.com/utrecht/meldpunt/internal/cases"
)

// AddConversation stores a logged conversation.
func (r *Cases) AddConversation(ctx context.Context, c cases.ConversationRecord) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := tx.Conversation.Create().
			SetID(c.ID).
			SetCaseID(c.CaseID).
			SetAdviserSubject(c.AdviserSubject).
			SetHeldOn(c.HeldOn).
			SetForm(conversation.Form(c.Form)).
			SetDurationMinutes(c.DurationMinutes).
			SetContentSealed(c.ContentSealed).
			SetCreatedAt(c.CreatedAt).
			Exec(ctx); err != nil {
			return err
		}
		return nil
	})
}

// UpdateConversation replaces the sealed content of a conversation adviserSubject logged on the
// case, if its notes still exist and the adviser's part has not ended, and returns it as now
// stored: cases.ErrNoSuchConversation when the case has no such conversation of that adviser,
// cases.ErrNotesDestroyed or cases.ErrPartEnded when it can no longer be corrected. The check
// and the update are one conditional statement, so that a retention run or a closing in
// between cannot be overwritten.
func (r *Cases) UpdateConversation(ctx context.Context, caseID, id uuid.UUID, adviserSubject string, sealed []byte, at time.Time) (*cases.ConversationRecord, error) {
	var out *cases.ConversationRecord
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		mine := []predicate.Conversation{conversation.ID(id), conversation.CaseID(caseID), conversation.AdviserSubject(adviserSubject)}
		n, err := tx.Conversation.Update().
			Where(append(mine, conversation.NotesDestroyedAtIsNil(), conversation.PartEndedAtIsNil())...).
			SetContentSealed(sealed).SetUpdatedAt(at).Save(ctx)
		if err != nil {
			return err
		}
		c, err := tx.Conversation.Query().Where(mine...).Only(ctx)
		switch {
		case ent.IsNotFound(err):
			return cases.ErrNoSuchConversation
		case err != nil:
			return err
		case n == 0 && c.NotesDestroyedAt != nil:
			return cases.ErrNotesDestroyed
		case n == 0:
			return cases.ErrPartEnded
		}
		rec := toConversationRecord(c)
		out = &rec
		return nil
	})
	return out, err
}

func toConversationRecord(c *ent.Conversation) cases.ConversationRecord {
	return cases.ConversationRecord{
		ID: c.ID, CaseID: c.CaseID, AdviserSubject: c.AdviserSubject, HeldOn: c.HeldOn.UTC(),
		Form: cases.ConversationForm(c.Form), DurationMinutes: c.DurationMinutes,
		ContentSealed: derefBytes(c.ContentSealed), CreatedAt: c.CreatedAt.UTC(),
		UpdatedAt: utcPtr(c.UpdatedAt), NotesDestroyedAt: utcPtr(c.NotesDestroyedAt),
	}
}

// Conversations lists the conversations adviserSubject logged on the case and records the read.
func (r *Cases) Conversations(ctx context.Context, caseID uuid.UUID, adviserSubject string) ([]cases.ConversationRecord, error) {
	var out []cases.ConversationRecord
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		rows, err := tx.Conversation.Query().
			Where(conversation.CaseID(caseID), conversation.AdviserSubject(adviserSubject)).
			Order(ent.Asc(conversation.FieldHeldOn), ent.Asc(conversation.FieldCreatedAt), ent.Asc(conversation.FieldID)).
			All(ctx)
		if err != nil {
			return err
		}
		out = make([]cases.ConversationRecord, len(rows))
		for i, c := range rows {
			out[i] = toConversationRecord(c)
		}
		return nil
	})
	return out, err
}

func toOralReportVersion(v *ent.OralReportVersion) *cases.OralReportVersionRecord {
	return &cases.OralReportVersionRecord{
		ID: v.ID, CaseID: v.CaseID, Version: v.Version, Author: cases.Author(v.Author),
		AuthorSubject: v.AuthorSubject, ContentSealed: v.ContentSealed, CreatedAt: v.CreatedAt.UTC(),
		ApprovedAt: utcPtr(v.ApprovedAt),
	}
}

func latestOralReportVersion(ctx context.Context, q *ent.OralReportVersionClient, caseID uuid.UUID) (*ent.OralReportVersion, error) {
	v, err := q.Query().Where(oralreportversion.CaseID(caseID)).
		Order(ent.Desc(oralreportversion.FieldVersion)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return v, err
}

// LatestOralReportVersion returns the newest version of the case's oral report, or nil.
func (r *Cases) LatestOralReportVersion(ctx context.Context, caseID uuid.UUID) (*cases.OralReportVersionRecord, error) {
	v, err := latestOralReportVersion(ctx, r.s.client.OralReportVersion, caseID)
	if err != nil || v == nil {
		return nil, err
	}
	return toOralReportVersion(v), nil
}

// AddOralReportVersion stores a new version. A version number taken meanwhile inserts nothing (ON
// CONFLICT DO NOTHING: no unique-violation error in the database's log) and is reported as
// cases.ErrVersionConflict.
func (r *Cases) AddOralReportVersion(ctx context.Context, v cases.OralReportVersionRecord) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		err := tx.OralReportVersion.Create().
			SetID(v.ID).
			SetCaseID(v.CaseID).
			SetVersion(v.Version).
			SetContentSealed(v.ContentSealed).
			SetAuthor(oralreportversion.Author(v.Author)).
			SetAuthorSubject(v.AuthorSubject).
			SetCreatedAt(v.CreatedAt).
			OnConflict(entsql.DoNothing()).
			Exec(ctx)
		if isNoRows(err) {
			return cases.ErrVersionConflict
		}
		if err != nil {
			return err
		}
		return nil
	})
}

// OralReportVersions lists every version of the case's oral report, oldest first, and records
// the read.
func (r *Cases) OralReportVersions(ctx context.Context, caseID uuid.UUID) ([]cases.OralReportVersionRecord, error) {
	var out []cases.OralReportVersionRecord
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		rows, err := tx.OralReportVersion.Query().Where(oralreportversion.CaseID(caseID)).
			Order(ent.Asc(oralreportversion.FieldVersion)).All(ctx)
		if err != nil {
			return err
		}
		out = make([]cases.OralReportVersionRecord, len(rows))
		for i, v := range rows {
			out[i] = *toOralReportVersion(v)
		}
		return nil
	})
	return out, err
}

// ApproveOralReportVersion approves the version if it is the latest. The approval is set once:
// the update only touches a row not approved yet, so a concurrent second approval keeps the first
// time. A version added concurrently by another transaction serialises after this approval.
func (r *Cases) ApproveOralReportVersion(ctx context.Context, caseID uuid.UUID, version int, at time.Time) (*cases.OralReportVersionRecord, error) {
	var out *cases.OralReportVersionRecord
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		latest, err := latestOralReportVersion(ctx, tx.OralReportVersion, caseID)
		if err != nil {
			return err
		}
		if latest == nil {
			return cases.ErrNoOralReport
		}
		if latest.Version != version {
			return cases.ErrVersionConflict
		}
		if latest.ApprovedAt == nil {
			if _, err := tx.OralReportVersion.Update().
				Where(oralreportversion.ID(latest.ID), oralreportversion.ApprovedAtIsNil()).
				SetApprovedAt(at).Save(ctx); err != nil {
				return err
			}
			if latest, err = tx.OralReportVersion.Get(ctx, latest.ID); err != nil {
				return err
			}
		}
		out = toOralReportVersion(latest)
		return nil
	})
	return out, err
}
