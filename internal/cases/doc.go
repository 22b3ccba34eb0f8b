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
package cases
