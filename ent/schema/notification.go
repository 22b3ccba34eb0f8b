package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// Notification is one e-mail to a member of staff in the outbox: written in the same transaction
// as the event that causes it, sent by the notification job on any replica. It holds no content
// — whom (the staff subject; the address is looked up when sending), what kind, and the case
// reference, which the e-mail shows only when the administrator allows it. A reporter's "there is
// a reply" holds only the case's id: their address stays sealed with the case key.
type Notification struct{ ent.Schema }

// Mixin of the Notification.
func (Notification) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the Notification.
func (Notification) Fields() []ent.Field {
	return []ent.Field{
		field.String("recipient").NotEmpty().Immutable().Comment("Staff subject of the recipient; \"reporter\" for a REPORTER_REPLY"),
		field.Enum("kind").Values("CASE_ASSIGNED", "CASE_ESCALATED", "REPORTER_MESSAGE", "INVESTIGATION_ADDED", "DRAFT_RETURNED", "DIGEST", "REPORTER_REPLY").Immutable(),
		field.String("case_reference").Optional().Immutable().Comment("Shown in the e-mail only when the administrator allows it"),
		field.UUID("case_id", uuid.UUID{}).Optional().Nillable().Immutable().
			Comment("A REPORTER_REPLY's case: the address is opened from the case's sealed field when sending, never stored here"),
		field.Int("count").Default(0).Immutable().Comment("A digest's number of deadlines due within 7 days or overdue"),
		field.String("message_id").NotEmpty().Unique().Immutable().
			Comment("The e-mail's Message-ID, the same on every attempt, so that a resend after a crash is recognised as the same message"),
		field.Time("created_at").Immutable(),
		field.Int("attempts").Default(0),
		field.Time("next_attempt_at").Comment("Due from then; a claimed message is leased until then"),
		field.Time("sent_at").Optional().Nillable(),
		field.Time("failed_at").Optional().Nillable().Comment("Given up after the last attempt"),
		field.String("last_error").Optional().Comment("Of the last failed attempt: the kind of failure, never content"),
	}
}

// Indexes of the Notification.
func (Notification) Indexes() []ent.Index {
	return []ent.Index{index.Fields("sent_at", "failed_at", "next_attempt_at"), index.Fields("recipient", "created_at"), index.Fields("case_id")}
}

// NotificationPreference is how a member of staff wants to be told: at once, in a daily digest,
// or not at all. Without a row the default of their role applies.
type NotificationPreference struct{ ent.Schema }

// Fields of the NotificationPreference.
func (NotificationPreference) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").NotEmpty().Immutable().Comment("Staff subject"),
		field.Enum("mode").Values("IMMEDIATE", "DIGEST", "OFF"),
		field.Time("updated_at"),
	}
}
