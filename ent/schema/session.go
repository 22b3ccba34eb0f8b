package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// ReporterSession is a short-lived login of a reporter, made with a receipt code, that can see
// only its one case. It lives in the database so that any replica can serve the next request.
type ReporterSession struct{ ent.Schema }

// Mixin of the ReporterSession.
func (ReporterSession) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the ReporterSession.
func (ReporterSession) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Immutable(),
		field.Bytes("token_hash").Sensitive().Unique().Immutable().
			Comment("SHA-256 of the 256-bit session token; the token is never stored"),
		field.Time("expires_at"),
	}
}

// Edges of the ReporterSession.
func (ReporterSession) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Field("case_id").Ref("sessions").Unique().Required().Immutable(),
	}
}

// Indexes of the ReporterSession.
func (ReporterSession) Indexes() []ent.Index {
	return []ent.Index{index.Fields("expires_at")}
}
