package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// AuditEvent records who read or changed which case, when, and which fields — never content.
// It is written in the same transaction as the change it records. It deliberately has no
// foreign key to the case, so that the trail survives the destruction of the case.
type AuditEvent struct{ ent.Schema }

// Mixin of the AuditEvent.
func (AuditEvent) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the AuditEvent.
func (AuditEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Time("at").Immutable().
			Comment("For reporter actions truncated to the hour, so the trail cannot time an anonymous reporter"),
		field.Enum("actor_kind").Values("STAFF", "REPORTER", "SYSTEM").Immutable(),
		field.String("actor_id").Optional().Immutable().Comment("Staff subject; empty for reporters"),
		field.String("action").Immutable(),
		field.UUID("case_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		// Plain text, not JSON: the store sends parameters in binary (one round trip a statement),
		// which PostgreSQL's jsonb would not take.
		field.String("fields").Optional().Immutable().Comment("Names of the fields read or changed, comma-separated"),
		field.String("request_id").Optional().Immutable(),
		field.Bytes("prev_mac").Optional().Nillable().Immutable().
			Comment("The seal of the case's previous event (empty for its first): the link that shows a removal"),
		field.Bytes("mac").Optional().Nillable().Immutable().
			Comment("HMAC-SHA256 over the event and prev_mac, under a key derived from the master key"),
	}
}

// Indexes of the AuditEvent.
func (AuditEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("case_id", "at"), index.Fields("at")}
}

// AuditHead is the seal of a case's latest audit event. Every sealed write locks it, links to it
// and moves it on in the same transaction, so a case's trail is one unbroken line (no two
// events link to the same one), and removing events from its end shows too.
type AuditHead struct{ ent.Schema }

// Fields of the AuditHead.
func (AuditHead) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Immutable().Comment("The case's id; no foreign key, as for the events"),
		field.Bytes("mac").Optional().Nillable().Comment("The seal of the case's latest event"),
	}
}

// AuditCheckpoint is a signed checkpoint of every case's trail: a Merkle tree (RFC 6962 hashing)
// over the heads of all cases (case id, seal of the latest event, number of sealed events,
// sorted by case id), and the tree head — size, root, time — signed with an Ed25519 key derived
// from the keys file. The auditor downloads the signed note and keeps it elsewhere; the leaves
// kept here let a later verification find each head again (the root binds them to the note, so
// a change to them shows).
type AuditCheckpoint struct{ ent.Schema }

// Mixin of the AuditCheckpoint.
func (AuditCheckpoint) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the AuditCheckpoint.
func (AuditCheckpoint) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Immutable().Comment("The time in the signed tree head"),
		field.Int64("size").Immutable().Comment("Number of leaves (cases)"),
		field.Bytes("root_hash").Immutable(),
		field.Bytes("leaves").Immutable().
			Comment("The leaves in order, 56 bytes each: case id (16), latest seal (32), sealed events (8, big-endian)"),
		field.Text("note").Immutable().Comment("The signed note the auditor downloads"),
	}
}

// Indexes of the AuditCheckpoint.
func (AuditCheckpoint) Indexes() []ent.Index {
	return []ent.Index{index.Fields("created_at")}
}
