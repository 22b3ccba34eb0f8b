// Package architecture has no code: its tests hold the layering of the others in place.
//
//   - The domain (cases, org, report, precedents, rules, sanctions, taxonomy, advisers, audit,
//     notify, receipt) depends on no database, ent, gRPC or page code: storage and transport
//     depend on the domain, never the reverse.
//   - Encryption is built in one place, the vault: no other package imports crypto/aes,
//     crypto/cipher or Tink.
//   - Outside the composition root (cmd, cli) and the test harnesses, only a short list of
//     packages still imports the store; that list may only shrink.
package architecture
