package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Adviser is a confidential adviser (vertrouwenspersoon) with the public profile a reporter
// chooses by. The profile is public on purpose; the cases an adviser holds are not.
type Adviser struct{ ent.Schema }

// Mixin of the Adviser.
func (Adviser) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}, TimeMixin{}, VersionMixin{}} }

// Fields of the Adviser.
func (Adviser) Fields() []ent.Field {
	return []ent.Field{
		field.String("staff_subject").Unique().NotEmpty().Comment("Subject (sub) of the adviser's staff sign-in"),
		field.String("name").NotEmpty(),
		field.Enum("kind").Values("INTERNAL", "EXTERNAL"),
		field.String("intro").Optional(),
		field.String("languages").Optional().Comment("Comma-separated language codes, e.g. nl,en,tr"),
		field.String("photo_url").Optional(),
		field.Bool("active").Default(true).Comment("Inactive advisers are not offered to reporters"),
	}
}

// Edges of the Adviser.
func (Adviser) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("cases", CaseFile.Type).Ref("adviser"),
	}
}
