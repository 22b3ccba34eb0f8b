package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// Conversation is one conversation a confidential adviser had with the reporter. When, in which
// form and how long are kept in the clear (for the annual report's counts); the notes, topics,
// advice given and agreed next step are case content, sealed with the case key and bound to the
// row's id. They stay with the adviser who logged them (domain.md §3).
type Conversation struct{ ent.Schema }

// Mixin of the Conversation.
func (Conversation) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the Conversation.
func (Conversation) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Immutable(),
		field.String("adviser_subject").NotEmpty().Immutable().Comment("Staff subject of the adviser who logged it"),
		field.Time("held_on").Immutable().Comment("When the conversation took place"),
		field.Enum("form").Values("IN_PERSON", "PHONE", "VIDEO").Immutable(),
		field.Int("duration_minutes").Range(1, 600).Immutable(),
		field.Bytes("content_sealed").Sensitive().Optional().Nillable().
			Comment("Notes, topics, advice given and agreed next step; AEAD under the case key"),
		field.Time("created_at").Default(time.Now).Immutable(),
		field.Time("updated_at").Optional().Nillable().Comment("When the adviser last corrected the content"),
		field.Time("part_ended_at").Optional().Nillable().
			Comment("When the adviser's part of the case ended (closed, reassigned, or ended by the adviser); starts the retention clock"),
		field.Time("notes_destroyed_at").Optional().Nillable().
			Comment("When the retention job destroyed the notes; the row stays, for the counts"),
	}
}

// Edges of the Conversation.
func (Conversation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Ref("conversations").Field("case_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Conversation.
func (Conversation) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("case_id", "held_on"),
		// The annual report: conversations in a year by the adviser's kind, and the cases
		// they were held on (covering).
		index.Fields("held_on", "adviser_subject", "case_id"),
	}
}

// OralReportVersion is one version of the record of an oral report (phone, meeting): recorded by
// the staff member who received it, only with the reporter's consent, then reviewed, corrected
// and approved by the reporter through their session. Versions are never overwritten; only the
// approval is set, once.
type OralReportVersion struct{ ent.Schema }

// Mixin of the OralReportVersion.
func (OralReportVersion) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the OralReportVersion.
func (OralReportVersion) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Immutable(),
		field.Int("version").Positive().Immutable().Comment("1, 2, ... per case"),
		field.Bytes("content_sealed").Sensitive().Immutable().Comment("The record text; AEAD under the case key"),
		field.Enum("author").Values("STAFF", "REPORTER").Immutable(),
		field.String("author_subject").Optional().Immutable().
			Comment("Staff subject for staff versions; always empty for the reporter"),
		field.Time("created_at").Immutable().Comment("For a reporter's version of an anonymous case, to the hour"),
		field.Time("approved_at").Optional().Nillable().Comment("When the reporter approved this version"),
	}
}

// Edges of the OralReportVersion.
func (OralReportVersion) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Ref("oral_report_versions").Field("case_id").Unique().Required().Immutable(),
	}
}

// Indexes of the OralReportVersion.
func (OralReportVersion) Indexes() []ent.Index {
	return []ent.Index{index.Fields("case_id", "version").Unique()}
}
