package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// ReportEdition is a published edition of an annual report, frozen: its number within the
// year (1, 2, ...), when and by whom it was published, the report as published (JSON), and its
// counts before suppression (JSON, never shown: the disclosure control of every later edition
// protects them, treating the published ones as known). Never updated or deleted.
type ReportEdition struct{ ent.Schema }

// Fields of the ReportEdition.
func (ReportEdition) Fields() []ent.Field {
	return []ent.Field{
		field.Int("year").Immutable(),
		field.Int("number").Immutable().Comment("1 for the year's first edition; the highest is the year's final edition so far"),
		field.Time("published_at").Default(time.Now).Immutable(),
		field.String("published_by").Immutable().Comment("Subject of the HR staff member (or \"cli\")"),
		field.Bytes("report").Immutable().Comment("The report as published, JSON"),
		field.Bytes("truth").Immutable().Sensitive().Comment("Counts before suppression by cell id, JSON; never published"),
	}
}

// Indexes of the ReportEdition.
func (ReportEdition) Indexes() []ent.Index {
	return []ent.Index{index.Fields("year", "number").Unique()}
}
