// Package cases is the case domain of Meldpunt: the types of a case and its report, the
// lifecycle state machine, the deadlines of domain.md §6, and the Service with the commands of
// reporters and staff.
//
// The Service is where confidentiality is enforced: content is sealed with the case's own data
// key (internal/vault) before it reaches the Repository and opened only for a caller who may see
// it, and every read of content and every change is handed to the Repository together with its
// audit event, so that both land in one transaction. The Repository (internal/store) therefore
// only ever sees ciphertext and keyed hashes.
package cases
