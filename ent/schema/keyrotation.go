package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"github.com/google/uuid"
)

// KeyRotation is one rotation of the key-encryption key (internal/keyrotation): which key of
// the keys file's KEK keyset replaces which, how far the rotation has come, and the cursor of its
// re-wrap over the cases, moved in the same transaction as each batch, so that a rotation that
// was killed resumes where it stopped. It holds key ids, never keys.
type KeyRotation struct{ ent.Schema }

// Fields of the KeyRotation.
func (KeyRotation) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("old_key_id").Immutable().
			Comment("Tink key id of the KEK's primary key when the rotation began: the key that is retired"),
		field.Int64("new_key_id").
			Comment("Tink key id of the new KEK key (changed only while the phase is ADDED, to the key the keys file holds)"),
		field.Enum("phase").Values("ADDED", "REWRAPPING", "REWRAPPED", "RETIRING", "RETIRED").
			Comment("ADDED: new key in the file, not primary; REWRAPPING/REWRAPPED: new key primary, case keys re-wrapped under it; RETIRING: stragglers re-wrapped and checked; RETIRED: old key gone"),
		field.UUID("cursor", uuid.UUID{}).Optional().Nillable().
			Comment("The last case id the current re-wrap pass has done; cases are walked in id order"),
		field.Int64("rewrapped").Default(0).
			Comment("Case keys re-wrapped under the new key, all passes together"),
		field.Time("started_at").Default(time.Now).Immutable(),
		field.Time("updated_at").Default(time.Now),
		field.Time("retired_at").Optional().Nillable(),
	}
}
