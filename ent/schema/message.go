package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// Message is one message between the reporter and the staff handling the case.
type Message struct{ ent.Schema }

// Mixin of the Message.
func (Message) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the Message.
func (Message) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Immutable(),
		field.Enum("author").Values("REPORTER", "STAFF").Immutable(),
		field.String("author_subject").Optional().Immutable().
			Comment("Staff subject for staff messages; always empty for the reporter"),
		field.Bytes("body_sealed").Sensitive(),
		field.Time("sent_at").Immutable(),
	}
}

// Edges of the Message.
func (Message) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Field("case_id").Ref("messages").Unique().Required().Immutable(),
	}
}

// Indexes of the Message.
func (Message) Indexes() []ent.Index {
	return []ent.Index{index.Fields("case_id", "sent_at")}
}
