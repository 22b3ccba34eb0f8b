package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// CaseSubject links a case to an employee it is about. The link is what makes conflicts of
// interest computable: the subject, and the manager of the subject's unit, never get access.
type CaseSubject struct{ ent.Schema }

// Mixin of the CaseSubject.
func (CaseSubject) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the CaseSubject.
func (CaseSubject) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Immutable(),
		field.UUID("employee_id", uuid.UUID{}).Immutable(),
		field.String("linked_by").Immutable().Comment("Staff subject who made the link"),
		field.Time("linked_at").Default(time.Now).Immutable(),
	}
}

// Edges of the CaseSubject.
func (CaseSubject) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Ref("subjects").Field("case_id").Unique().Required().Immutable(),
		edge.To("employee", Employee.Type).Field("employee_id").Unique().Required().Immutable(),
	}
}

// Indexes of the CaseSubject.
func (CaseSubject) Indexes() []ent.Index {
	return []ent.Index{index.Fields("case_id", "employee_id").Unique(), index.Fields("employee_id")}
}
