package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// Consent is the reporter's recorded consent for one purpose: to pass information on, to turn
// the signal into a formal report, or to disclose their identity. It can be revoked until it has
// been acted upon; every escalation checks it and marks it acted upon.
type Consent struct{ ent.Schema }

// Mixin of the Consent.
func (Consent) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the Consent.
func (Consent) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Immutable(),
		field.Enum("purpose").Values("PASS_ON", "FORMAL_REPORT", "DISCLOSE_IDENTITY", "ESCROW").Immutable(),
		field.Time("given_at").Default(time.Now).Immutable(),
		field.String("recorded_by").Immutable().Comment("Adviser subject who recorded it, or empty when the reporter gave it"),
		field.Time("revoked_at").Optional().Nillable(),
		field.Time("acted_upon_at").Optional().Nillable(),
	}
}

// Edges of the Consent.
func (Consent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Ref("consents").Field("case_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Consent.
func (Consent) Indexes() []ent.Index { return []ent.Index{index.Fields("case_id", "purpose")} }

// Weighing is the accountable decision on whether a signal amounts to a reasonable suspicion of
// an integrity violation. The rationale and checklist are case content, sealed with the case key.
type Weighing struct{ ent.Schema }

// Mixin of the Weighing.
func (Weighing) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the Weighing.
func (Weighing) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Immutable(),
		field.Enum("outcome").Values("NO_REASONABLE_SUSPICION", "REASONABLE_SUSPICION", "REFER_ELSEWHERE", "RESOLVED_INFORMALLY").Immutable(),
		field.String("decided_by").Immutable(),
		field.Time("decided_at").Immutable(),
		field.Bytes("content_sealed").Sensitive().Immutable().Comment("Rationale and checklist, sealed"),
	}
}

// Edges of the Weighing.
func (Weighing) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Ref("weighing").Field("case_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Weighing.
func (Weighing) Indexes() []ent.Index {
	// The annual report: weighings in a year by outcome (covering).
	return []ent.Index{index.Fields("decided_at", "outcome")}
}
