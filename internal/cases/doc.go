// Package cases is the case domain of Meldpunt: the types of a case and its report, the
// lifecycle state machine, the deadlines of domain.md §6, and the Service with the commands of
// reporters and staff.
//
// The Service is where confidentiality is enforced: content is sealed with the case's own data
// key (internal/vault) before it reaches the Repository and opened only for a caller who may see
// it, and every read of content and every change is made in a unit of work (UnitOfWork: a
// transaction carried in the context) together with its audit event (audit.Log), so that both
// land in one transaction or neither does. The Repository (internal/store) therefore only ever
// sees ciphertext and keyed hashes.
//
// The Repository is the composition of small capability interfaces (intake and messages,
// sessions, support, weighing, investigation, sanction and closure, evidence, conversations,
// precedent drafts, organisation lookups). internal/cases/casestest implements all of them in
// memory, and its rule suite runs the domain's rules against that fake here and against both
// databases in internal/store.
//
// # Who may do what, in which state
//
// The capability table (capabilities.go) is the one statement of who may take each case action:
// the roles, the relation to the case (intake handling a web-form case, the assigned adviser, the
// manager the case was escalated to, a member of its fact-finding team; a conflict of interest
// excludes everyone), the states and the guards (consent given, heard, assessed...). The
// commands check through it, the server's authorization takes each case RPC's roles from it,
// GetCase returns the caller's allowed actions from it, and the staff pages show the forms of
// exactly those actions.
//
// # How to add a state
//
//  1. types.go: the Status constant; capabilities.go: add it to allStates (in lifecycle order)
//     and to the States of every action allowed in it.
//  2. lifecycle.go: its row in the state machine, and the rows that lead to it; the command that
//     moves a case into it (checkTransition).
//  3. api/meldpunt/v1/common.proto: the CaseStatus value, in the same order; ent/schema/case.go:
//     the status enum value; then scripts/generate (and scripts/migration-diff for the database).
//  4. internal/catalogue: its names as staff and as reporters see it, in every language.
//
// Nothing else names the states one by one: the staff pages list the API's statuses and offer
// the forms of the allowed actions, the API converts statuses by name. TestEveryStateIsKnownEverywhere
// fails until steps 1 to 4 are done; TestEveryActionIsKnownEverywhere (and in internal/transport
// TestEveryActionIsInTheAPI, in internal/staffweb TestThePagesOfferEveryAction) do the same for a
// new action: its row here, its CaseAction value in case.proto, the RPC that takes it (acts in
// the authorization table) and its form on a page.
package cases
