package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// StaffAccount is a staff member as the staff pages have seen them sign in: their roles come
// from the identity provider at each sign-in; the administrator can block an account.
type StaffAccount struct{ ent.Schema }

// Mixin of the StaffAccount.
func (StaffAccount) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the StaffAccount.
func (StaffAccount) Fields() []ent.Field {
	return []ent.Field{
		field.String("subject").NotEmpty().Unique().Immutable().Comment("The identity provider's sub"),
		field.String("name").Optional(),
		field.String("roles").Optional().Comment("Roles of the last sign-in, comma-separated"),
		field.Time("first_seen").Immutable(),
		field.Time("last_sign_in").Optional().Nillable().Comment("Unset for an account blocked before it ever signed in"),
		field.Bool("blocked").Default(false),
		field.String("blocked_by").Optional(),
	}
}

// StaffSession is a staff member's signed-in session of the staff pages. It lives in the
// database so that any replica can serve the next request, and sign-out or blocking ends it
// everywhere at once.
type StaffSession struct{ ent.Schema }

// Mixin of the StaffSession.
func (StaffSession) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}} }

// Fields of the StaffSession.
func (StaffSession) Fields() []ent.Field {
	return []ent.Field{
		field.Bytes("token_hash").Sensitive().Unique().Immutable().
			Comment("SHA-256 of the 256-bit session token; the token is never stored"),
		field.String("subject").NotEmpty().Immutable(),
		field.String("name").Optional().Immutable(),
		field.String("roles").Immutable().Comment("Comma-separated"),
		field.Time("created_at").Immutable(),
		field.Time("last_seen_at"),
		field.Time("expires_at").Immutable().Comment("Absolute end, whatever the activity"),
		field.Bytes("id_token_sealed").Optional().Sensitive().Immutable().
			Comment("The sign-in's ID token (for id_token_hint at sign-out), AES-256-GCM under a key derived from the session token, which only the browser holds"),
		field.String("provider_sid").Optional().Immutable().
			Comment("The ID token's sid: the provider's session, which back-channel logout names"),
	}
}

// Indexes of the StaffSession.
func (StaffSession) Indexes() []ent.Index {
	return []ent.Index{index.Fields("subject"), index.Fields("expires_at"), index.Fields("provider_sid")}
}
