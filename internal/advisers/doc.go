// Package advisers is the registry of confidential advisers (vertrouwenspersonen): internal
// colleagues and external advisers, each with a public profile — name, a short introduction,
// the languages they speak, internal or external, and optionally a photo. Anyone, an anonymous
// visitor included, may list the active advisers to choose one; administrators manage the
// registry.
//
// The profile is public on purpose and holds nothing confidential. The staff subject that links
// a profile to a staff member's sign-in is not part of it (the API never shows it), and the
// cases an adviser holds live elsewhere (internal/cases). Every change is handed to the
// Repository together with its audit event, so that both land in one transaction; updates carry
// the version the administrator read (optimistic locking), so two administrators editing the
// same profile cannot silently overwrite each other.
package advisers
