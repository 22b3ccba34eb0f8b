// Package architecture has no code: its tests hold the layering of the others in place.
//
//   - The domain (cases, org, report, precedents, rules, sanctions, taxonomy, advisers, audit,
//     notify, receipt) depends on no database, ent, gRPC or page code: storage and transport
//     depend on the domain, never the reverse.
//   - Encryption is built in one place, the vault: no other package imports crypto/aes,
//     crypto/cipher or Tink.
//   - Outside the composition root (cmd, cli) no package imports the store (tests may): the
//     store implements the interfaces that the domain, the jobs and the pages declare.
package architecture
