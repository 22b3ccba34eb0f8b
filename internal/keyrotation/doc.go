// Package keyrotation replaces the key-encryption key (KEK) of a running installation: every
// case key is re-wrapped under a new KEK key while the service runs, and the old key is then
// retired, so that a keys file with only the old key opens nothing and is refused at start.
//
// # Why in phases
//
// Running replicas hold their keys file in memory until they restart, and a replica must never
// meet a case key it cannot open. A Tink keyset holds several keys, wraps under its primary and
// unwraps with whichever key a ciphertext names in its prefix, so the new key is rolled out to
// the replicas before anything is wrapped under it, and the old key is removed only after no
// case key is wrapped under it and no replica wraps under it any more. The operator runs three
// steps, each of which writes the keys file, and rolls the file out (every replica restarted
// with it) after each:
//
//  1. `meldpunt keys rotate` adds a new key to the KEK keyset, enabled but not primary, and
//     records the rotation (phase ADDED). Replicas with this file wrap under the old key as
//     before and can also open keys wrapped under the new one. Roll out.
//  2. `meldpunt keys rotate --rolled-out` makes the new key primary, records the database's keys
//     fingerprint anew under it (phase REWRAPPING), and re-wraps every case key still under
//     another key, in batches (phase REWRAPPED when done). Every replica holds the new key since
//     step 1's rollout, so each opens what it meets. Roll out, so that no replica wraps new case
//     keys under the old key any more; until then those that still have step 1's file do.
//  3. `meldpunt keys retire --rolled-out` re-wraps those stragglers (phase RETIRING), checks that
//     every case key opens with the new key alone, removes every other key from the KEK keyset,
//     records the fingerprint anew under what is left (phase RETIRED) and writes the file. Roll
//     out; destroy the backups of the old files.
//
// --rolled-out is the operator's word that the previous file runs everywhere: the database
// cannot see which keys file a running replica holds, and a step taken before its rollout is the
// one way to strand a replica. A replica that restarts later with a file from before step 2 is
// refused all the same: step 2 records the fingerprint's KEK part under the new key, which such a
// file does not hold (vault.Bind), while the files of step 1 and step 2 pass.
//
// # Resumable and exactly once
//
// The rotation's state is a key_rotations row: the phase, the old and new key ids, and the
// cursor of the current re-wrap pass, which walks the cases in id order. Each batch is one
// transaction under the rotation's lock (a PostgreSQL advisory transaction lock; SQLite has one
// writer at a time): it reads the cursor, re-wraps the next cases, swaps each wrapped key with a
// compare-and-swap (`UPDATE ... WHERE id = ? AND wrapped_key = <the key read>`) and moves the
// cursor, so a run killed at any point resumes after the last batch that committed, and two runs
// at once take turns batch by batch and re-wrap each case key once in all. The compare-and-swap
// leaves alone a key that changed under it, so the retention job's erasure (crypto-shredding)
// stays erased. On PostgreSQL that job's erasure also takes the rotation's lock: both update
// many case rows in one transaction, in no common order, and would deadlock otherwise. The swap
// leaves the case's version and updated_at alone; service calls on the case go on meanwhile,
// since the case key inside the envelope does not change. Phase changes are compare-and-swaps on the phase too, and every step first finishes
// what an interrupted run of it left: the database moves first and the file follows, and a step
// that finds the file behind the database writes it again.
//
// Which key wraps a case key is read from the Tink prefix of its ciphertext
// (vault.WrappingKeyID): no decryption is needed to skip the keys already under the new key.
// Before the old key goes, every case key is opened with the new key alone, so a wrong reading
// could cost an extra re-wrap but never a case.
//
// The PRF keyset is never rotated: the keyed hashes of receipt codes, sessions and idempotency
// keys, and the audit seals, depend on it.
package keyrotation
