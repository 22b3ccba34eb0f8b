// Package schema is Meldpunt's data model. Case content (report text, messages, identities) is
// never stored in the clear: those columns hold ciphertext sealed with the case's own data key
// (internal/vault), and lookups of secrets (receipt codes, session tokens, idempotency keys) go
// through keyed or cryptographic hashes. A dump of the database therefore reveals no content.
package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"
	"github.com/google/uuid"
)

// IDMixin gives an entity a random UUID primary key, so that ids reveal neither order nor volume.
type IDMixin struct{ mixin.Schema }

// Fields of the IDMixin.
func (IDMixin) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(uuid.New).Immutable(),
	}
}

// TimeMixin records creation and last update.
type TimeMixin struct{ mixin.Schema }

// Fields of the TimeMixin.
func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Default(time.Now).Immutable(),
		field.Time("updated_at").Default(time.Now).UpdateDefault(time.Now),
	}
}

// VersionMixin is an optimistic-lock counter: an update names the version it read and fails
// when somebody else changed the row in between.
type VersionMixin struct{ mixin.Schema }

// Fields of the VersionMixin.
func (VersionMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("version").Default(1),
	}
}
