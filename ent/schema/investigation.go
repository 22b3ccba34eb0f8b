package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// Investigation is the fact-finding the accountable manager starts after weighing a reasonable
// suspicion, supported by members of the Standby Team Integriteit. Its plan is case content.
type Investigation struct{ ent.Schema }

// Mixin of the Investigation.
func (Investigation) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the Investigation.
func (Investigation) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Unique().Immutable(),
		field.String("started_by").Immutable(),
		field.Time("started_at").Immutable(),
		field.Bytes("plan_sealed").Sensitive().Comment("Scope and questions, sealed with the case key"),
	}
}

// Edges of the Investigation.
func (Investigation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Ref("investigation").Field("case_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Investigation.
func (Investigation) Indexes() []ent.Index {
	// The annual report: investigations started in a year, by the case's unit (covering).
	return []ent.Index{index.Fields("started_at", "case_id")}
}

// InvestigationMember is a member of the integrity team assigned to a case's fact-finding.
type InvestigationMember struct{ ent.Schema }

// Mixin of the InvestigationMember.
func (InvestigationMember) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the InvestigationMember.
func (InvestigationMember) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Immutable(),
		field.String("staff_subject").NotEmpty().Immutable(),
		field.String("assigned_by").Immutable(),
		field.Time("assigned_at").Immutable(),
	}
}

// Edges of the InvestigationMember.
func (InvestigationMember) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Ref("investigators").Field("case_id").Unique().Required().Immutable(),
	}
}

// Indexes of the InvestigationMember.
func (InvestigationMember) Indexes() []ent.Index {
	return []ent.Index{index.Fields("case_id", "staff_subject").Unique(), index.Fields("staff_subject")}
}

// Allegation is one allegation under investigation, tied to a norm of the rule set, with its
// finding once the facts are established. Descriptions and reasoning are sealed.
type Allegation struct{ ent.Schema }

// Mixin of the Allegation.
func (Allegation) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the Allegation.
func (Allegation) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Immutable(),
		field.String("norm_id").NotEmpty().Immutable(),
		field.Enum("severity").Values("LOW", "MEDIUM", "HIGH"),
		field.Bytes("description_sealed").Sensitive().Immutable(),
		field.Enum("finding").Values("PROVEN", "PARTLY_PROVEN", "NOT_PROVEN").Optional().Nillable(),
		field.Bytes("reasoning_sealed").Sensitive().Optional().Nillable(),
		field.String("added_by").Immutable(),
		field.Time("added_at").Immutable(),
	}
}

// Edges of the Allegation.
func (Allegation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Ref("allegations").Field("case_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Allegation.
func (Allegation) Indexes() []ent.Index {
	// The case's allegations, with what the annual report counts of them (findings, zero
	// tolerance) in the index itself.
	return []ent.Index{index.Fields("case_id", "finding", "norm_id")}
}

// Hearing is hoor en wederhoor: the subject was given the draft findings and the chance to
// respond. Final findings cannot be set before it is recorded.
type Hearing struct{ ent.Schema }

// Mixin of the Hearing.
func (Hearing) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the Hearing.
func (Hearing) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Unique().Immutable(),
		field.Time("held_on").Immutable().Comment("When the subject was heard on the draft findings"),
		field.Bool("declined").Immutable().Comment("The subject was given the chance and chose not to respond"),
		field.Bytes("response_sealed").Sensitive().Optional().Nillable().Immutable(),
		field.String("recorded_by").Immutable(),
	}
}

// Edges of the Hearing.
func (Hearing) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Ref("hearing").Field("case_id").Unique().Required().Immutable(),
	}
}

// SanctionDecision is the manager's sanction decision, with the rule-set version it was made
// under, the recommendation it was measured against and — for a lighter sanction — the written
// motivation (sealed). Summary dismissal records when the facts became known (Civil Code 7:677).
type SanctionDecision struct{ ent.Schema }

// Mixin of the SanctionDecision.
func (SanctionDecision) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the SanctionDecision.
func (SanctionDecision) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Unique().Immutable(),
		field.String("sanction").Immutable(),
		field.String("recommended").Optional().Immutable(),
		field.String("rule_set_version").Immutable(),
		field.Bool("lighter_than_recommended").Immutable(),
		field.Bytes("motivation_sealed").Sensitive().Optional().Nillable().Immutable(),
		field.Time("facts_known_at").Immutable(),
		field.Time("decided_at").Immutable(),
		field.String("decided_by").Immutable(),
		field.Bool("late").Immutable().Comment("Summary dismissal decided later than the configured days after the facts became known"),
		field.String("circumstances").Optional().Immutable().Comment("The assessed circumstances (rule-set ids, JSON) the decision was evaluated with"),
		field.Text("fired_rules").Optional().Immutable().Comment("The rules that fired (JSON), so the decision stays explainable"),
	}
}

// Edges of the SanctionDecision.
func (SanctionDecision) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Ref("sanction").Field("case_id").Unique().Required().Immutable(),
	}
}

// Indexes of the SanctionDecision.
func (SanctionDecision) Indexes() []ent.Index {
	// The annual report: decisions in a year by sanction, lighter or heavier than recommended
	// (covering).
	return []ent.Index{index.Fields("decided_at", "sanction", "recommended", "lighter_than_recommended").
		StorageKey("sanctiondecision_decided_at_report")}
}

// Interview is one interview of the fact-finding (reporter, witness or subject). Who was heard
// and the minutes are sealed; the interviewee's approval of the minutes is recorded.
type Interview struct{ ent.Schema }

// Mixin of the Interview.
func (Interview) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the Interview.
func (Interview) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Immutable(),
		field.Enum("role").Values("REPORTER", "WITNESS", "SUBJECT").Immutable(),
		field.Time("held_on").Immutable(),
		field.String("interviewer").Immutable(),
		field.Bytes("content_sealed").Sensitive().Immutable().Comment("Interviewee and minutes, sealed"),
		field.Time("approved_at").Optional().Nillable().Comment("When the interviewee approved the minutes"),
	}
}

// Edges of the Interview.
func (Interview) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Ref("interviews").Field("case_id").Unique().Required().Immutable(),
	}
}

// Suspension is an order measure during a fact-finding (schorsing) — not a sanction. The reason
// is sealed; at most one is active per case.
type Suspension struct{ ent.Schema }

// Mixin of the Suspension.
func (Suspension) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the Suspension.
func (Suspension) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Immutable(),
		field.Time("imposed_at").Immutable(),
		field.String("imposed_by").Immutable(),
		field.Bytes("reason_sealed").Sensitive().Immutable(),
		field.Time("lifted_at").Optional().Nillable(),
		field.String("lifted_by").Optional(),
	}
}

// Edges of the Suspension.
func (Suspension) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Ref("suspensions").Field("case_id").Unique().Required().Immutable(),
	}
}

// Assessment is the qualification of the proven facts against the norms (domain.md §5), written
// by the manager or the team after the findings; it is case content, sealed.
type Assessment struct{ ent.Schema }

// Mixin of the Assessment.
func (Assessment) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the Assessment.
func (Assessment) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Unique().Immutable(),
		field.Bytes("qualification_sealed").Sensitive().Immutable(),
		field.String("assessed_by").Immutable(),
		field.Time("assessed_at").Immutable(),
	}
}

// Edges of the Assessment.
func (Assessment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Ref("assessment").Field("case_id").Unique().Required().Immutable(),
	}
}
