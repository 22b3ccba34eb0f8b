package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"github.com/google/uuid"
)

// Report is the first record of a case: what the reporter wrote, sealed with the case key.
type Report struct{ ent.Schema }

// Mixin of the Report.
func (Report) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the Report.
func (Report) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Immutable(),
		field.Bytes("content_sealed").Sensitive().
			Comment("Description, when, where, subjects, witnesses, desired outcome; AEAD under the case key"),
		field.Time("created_at").Default(time.Now).Immutable(),
	}
}

// Edges of the Report.
func (Report) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Field("case_id").Ref("report").Unique().Required().Immutable(),
	}
}

// ReporterIdentity is who a confidential or named reporter is, kept apart from the report and
// sealed with the case key. Anonymous reports have none.
type ReporterIdentity struct{ ent.Schema }

// Mixin of the ReporterIdentity.
func (ReporterIdentity) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the ReporterIdentity.
func (ReporterIdentity) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Immutable(),
		field.Bytes("identity_sealed").Sensitive(),
		field.Time("created_at").Default(time.Now).Immutable(),
	}
}

// Edges of the ReporterIdentity.
func (ReporterIdentity) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Field("case_id").Ref("identity").Unique().Required().Immutable(),
	}
}
