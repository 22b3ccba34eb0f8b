package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// KeyCheck binds the database to its keys file: one row, written on the first start, with a
// fingerprint of the keys (never the keys) that every later start verifies, so that a replica
// with another keys file refuses to start instead of filing cases the others cannot read
// (vault.Fingerprint). A rotation of the key-encryption key (internal/keyrotation) makes the
// sealed part anew under the new key; the keyed hash stays, as the PRF keyset is never rotated.
type KeyCheck struct{ ent.Schema }

// Fields of the KeyCheck.
func (KeyCheck) Fields() []ent.Field {
	return []ent.Field{
		field.Int("id").Immutable().
			Comment("Always 1: a database has one row, and a second first start's insert conflicts with it"),
		field.Bytes("keyed_hash").
			Comment("Keyed hash (vault.MAC) of a fixed label under the keys file's PRF keyset"),
		field.Bytes("sealed").
			Comment("A fixed label encrypted under the key-encryption key, with fixed associated data; made anew under the new key when the key-encryption key is rotated"),
		field.Time("created_at").Default(time.Now).Immutable(),
	}
}
