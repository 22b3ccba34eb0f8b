package store

import (
	"context"
	"time"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/rulesetversion"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/rules"
)

// RuleSets implements rules.Repository.
type RuleSets struct{ s *Store }

var _ rules.Repository = (*RuleSets)(nil)

// RuleSets returns the rule set repository.
func (s *Store) RuleSets() *RuleSets { return &RuleSets{s: s} }

func toDoc(v *ent.RuleSetVersion) *rules.Doc {
	return &rules.Doc{
		Version: v.Version, EffectiveDate: v.EffectiveDate.UTC(), Document: []byte(v.Document),
		PublishedBy: v.PublishedBy, PublishedAt: v.PublishedAt.UTC(),
	}
}

// Latest returns the version in force: the latest effective date that has come, then the latest
// publication. A version published for a future date does not govern decisions before it.
func (r *RuleSets) Latest(ctx context.Context) (*rules.Doc, error) {
	v, err := r.s.client.RuleSetVersion.Query().Where(rulesetversion.EffectiveDateLTE(time.Now())).
		Order(ent.Desc(rulesetversion.FieldEffectiveDate), ent.Desc(rulesetversion.FieldPublishedAt)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return toDoc(v), nil
}

// ByVersion returns one version, or nil.
func (r *RuleSets) ByVersion(ctx context.Context, version string) (*rules.Doc, error) {
	v, err := r.s.client.RuleSetVersion.Query().Where(rulesetversion.Version(version)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return toDoc(v), nil
}

// List returns every version, newest first, without documents.
func (r *RuleSets) List(ctx context.Context) ([]rules.Doc, error) {
	vs, err := r.s.client.RuleSetVersion.Query().
		Select(rulesetversion.FieldVersion, rulesetversion.FieldEffectiveDate, rulesetversion.FieldPublishedAt).
		Order(ent.Desc(rulesetversion.FieldEffectiveDate), ent.Desc(rulesetversion.FieldPublishedAt)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]rules.Doc, len(vs))
	for i, v := range vs {
		out[i] = rules.Doc{Version: v.Version, EffectiveDate: v.EffectiveDate.UTC(), PublishedAt: v.PublishedAt.UTC()}
	}
	return out, nil
}

// Publish stores a new version (ON CONFLICT DO NOTHING: a taken version is reported, not logged
// by PostgreSQL as an error) with its audit event, if any.
func (r *RuleSets) Publish(ctx context.Context, d rules.Doc, ev *audit.Event) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		err := tx.RuleSetVersion.Create().
			SetVersion(d.Version).SetEffectiveDate(d.EffectiveDate).SetDocument(string(d.Document)).
			SetPublishedBy(d.PublishedBy).SetPublishedAt(d.PublishedAt).
			OnConflictColumns(rulesetversion.FieldVersion).DoNothing().Exec(ctx)
		if isNoRows(err) {
			return rules.ErrVersionExists
		}
		if err != nil {
			return err
		}
		if ev != nil {
			return r.s.writeAudit(ctx, tx, *ev)
		}
		return nil
	})
}
