package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// KeyCheck binds the database to its keys file: one row, written on the first start, with a
// fingerprint of the keys (never the keys) that every later start verifies, so that a replica
// with another keys file refuses to start instead of filing cases the others cannot read
// (vault.Fingerprint).
type KeyCheck struct{ ent.Schema }

// Fields of the KeyCheck.
func (KeyCheck) Fields() []ent.Field {
	return []ent.Field{
		field.Int("id").Immutable().
			Comment("Always 1: a database has one row, and a second first start's insert conflicts with it"),
		field.Bytes("keyed_hash").Immutable().
			Comment("Keyed hash (vault.MAC) of a fixed label under the keys file's PRF keyset"),
		field.Bytes("sealed").Immutable().
			Comment("A fixed label encrypted under the key-encryption key, with fixed associated data"),
		field.Time("created_at").Default(time.Now).Immutable(),
	}
}
