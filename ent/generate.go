// Package ent holds the generated data-access code for Meldpunt's data model (ent/schema).
// Only internal/store may use it. Regenerate with scripts/generate.
package ent

//go:generate go tool ent generate --feature sql/versioned-migration,sql/upsert,sql/lock,sql/execquery ./schema
