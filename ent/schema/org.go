package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// OrgUnit is an organisational unit (organisatieonderdeel) with its manager. Imported from the
// HR system (meldpunt org import); used to route escalations to the right manager and to find
// conflicts of interest.
type OrgUnit struct{ ent.Schema }

// Mixin of the OrgUnit.
func (OrgUnit) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}, TimeMixin{}} }

// Fields of the OrgUnit.
func (OrgUnit) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").Unique().NotEmpty().Comment("The HR system's unit code"),
		field.String("name").NotEmpty(),
		field.String("parent_code").Optional().Comment("Code of the parent unit, if any"),
	}
}

// Edges of the OrgUnit.
func (OrgUnit) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("manager", Employee.Type).Unique().Comment("The unit's accountable manager (IRM)"),
		edge.From("members", Employee.Type).Ref("unit"),
	}
}

// Employee is a member of staff as known to the HR system. Employee data is organisation master
// data, not case content; what links an employee to a case (as its subject) is the CaseSubject.
type Employee struct{ ent.Schema }

// Mixin of the Employee.
func (Employee) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}, TimeMixin{}} }

// Fields of the Employee.
func (Employee) Fields() []ent.Field {
	return []ent.Field{
		field.String("number").Unique().NotEmpty().Comment("Personnel number, the key of the import"),
		field.String("name").NotEmpty(),
		field.String("email").Optional(),
		field.String("staff_subject").Optional().Unique().Nillable().
			Comment("The subject (sub) of the employee's staff sign-in, when they have one"),
	}
}

// Edges of the Employee.
func (Employee) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("unit", OrgUnit.Type).Unique(),
		edge.From("manages", OrgUnit.Type).Ref("manager"),
	}
}
