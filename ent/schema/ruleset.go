package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// RuleSetVersion is one published version of the norms and sanction guidance (domain.md §6):
// public by design — the rules must be known to every employee — and never changed in place.
// HR publishes a new version; every decision records the version it was made under.
type RuleSetVersion struct{ ent.Schema }

// Mixin of the RuleSetVersion.
func (RuleSetVersion) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the RuleSetVersion.
func (RuleSetVersion) Fields() []ent.Field {
	return []ent.Field{
		field.String("version").Unique().NotEmpty().Immutable(),
		field.Time("effective_date").Immutable(),
		field.Text("document").Immutable().Comment("The rule set as JSON (internal/sanctions format)"),
		field.String("published_by").Immutable().Comment("Staff subject, or 'system' for the shipped default"),
		field.Time("published_at").Default(time.Now).Immutable(),
	}
}
