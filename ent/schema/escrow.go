package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// EscrowEntry is a matching entry ("not alone", domain.md §10): a reporter names a person and
// leaves a short account, to go ahead only together with someone else who names the same person.
// Nothing in the row names anyone: the person is a keyed hash of their personnel number, the
// reporter a keyed hash of their case, and the account with the chosen adviser is sealed under
// the vault's escrow key, which no staff call uses. The day it was made, no time of day.
type EscrowEntry struct{ ent.Schema }

// Mixin of the EscrowEntry.
func (EscrowEntry) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the EscrowEntry.
func (EscrowEntry) Fields() []ent.Field {
	return []ent.Field{
		field.Bytes("person_hash").NotEmpty().Immutable().Comment("Keyed hash of the named person's personnel number"),
		field.Bytes("reporter_hash").NotEmpty().Comment("Keyed hash of the reporter (their case, or the receipt code of entries made without a report, until that report is filed): two entries of one reporter count once"),
		field.Bytes("sealed").NotEmpty().Immutable().Comment("The account and the chosen adviser, sealed under the escrow key"),
		field.Time("created_on").Immutable().Comment("The day the entry was made (midnight UTC)"),
		field.Enum("state").Values("WAITING", "MATCHED", "ACCEPTED").Default("WAITING"),
		field.Bytes("case_sealed").Optional().Nillable().Comment("After going ahead: the reporter's case reference, sealed under the escrow key, shown to the others who go ahead"),
	}
}

// Indexes of the EscrowEntry.
func (EscrowEntry) Indexes() []ent.Index {
	return []ent.Index{index.Fields("person_hash"), index.Fields("reporter_hash"), index.Fields("state", "created_on")}
}

// EscrowTally counts matching entries per year for the annual report: made, matched and taken
// further. Counts only; a destroyed entry leaves nothing but its share of a count.
type EscrowTally struct{ ent.Schema }

// Fields of the EscrowTally.
func (EscrowTally) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").NotEmpty().Immutable().Comment("YEAR/what, e.g. 2026/made, 2026/matched, 2026/accepted"),
		field.Int("count").Default(0),
	}
}
