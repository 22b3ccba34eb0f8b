package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"github.com/google/uuid"
)

// Evidence is an uploaded evidence file, cleaned of metadata (internal/evidence) and sealed with
// the case key together with its file name. Downloads are audited.
type Evidence struct{ ent.Schema }

// Mixin of the Evidence.
func (Evidence) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the Evidence.
func (Evidence) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Immutable(),
		field.Enum("uploaded_by_kind").Values("REPORTER", "STAFF").Immutable(),
		field.String("uploaded_by").Optional().Immutable().Comment("Staff subject; empty for the reporter"),
		field.String("media_type").Immutable(),
		field.Int("size").Immutable(),
		field.Bytes("content_sealed").Sensitive().Immutable().Comment("File name and cleaned content, sealed"),
		field.Time("uploaded_at").Immutable(),
	}
}

// Edges of the Evidence.
func (Evidence) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Ref("evidence").Field("case_id").Unique().Required().Immutable(),
	}
}
