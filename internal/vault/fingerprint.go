package vault

import (
	"crypto/hmac"
	"encoding/hex"
	"errors"
	"fmt"
)

const (
	// fingerprintPurpose is the [Vault.MAC] purpose of the keyed-hash part; no other use
	// shares it, so the fingerprint never equals a stored lookup hash.
	fingerprintPurpose = "keys-fingerprint"
	// fingerprintLabel is the fixed input of both parts.
	fingerprintLabel = "meldpunt keys fingerprint v1"
	// fingerprintAD is the associated data of the KEK part.
	fingerprintAD = "meldpunt/keys-fingerprint/v1"
	// shortIDLen is the number of hex characters of [Fingerprint.ShortID].
	shortIDLen = 8
)

// Fingerprint identifies a keys file without revealing it. Both fields are safe to store in
// the database; neither is secret.
type Fingerprint struct {
	// KeyedHash is the keyed hash of a fixed label under the PRF keyset ([MACSize] bytes).
	KeyedHash []byte
	// Sealed is the fixed label encrypted under the KEK with fixed associated data.
	Sealed []byte
}

// ShortID returns the first 8 hex characters of the keyed-hash part, for operators to tell
// keys files apart in messages ("keys file 1a2b3c4d, database 5e6f7a8b"). It is a MAC of a
// public label, so showing 32 bits of it gives nothing away about the keys; the full
// fingerprint is never printed.
func (fp Fingerprint) ShortID() string {
	h := hex.EncodeToString(fp.KeyedHash)
	if len(h) > shortIDLen {
		h = h[:shortIDLen]
	}
	return h
}

// String shows only the short id, so that a fingerprint printed by accident shows no more.
func (fp Fingerprint) String() string { return "vault.Fingerprint{" + fp.ShortID() + "}" }

// GoString does the same for %#v.
func (fp Fingerprint) GoString() string { return fp.String() }

// NewFingerprint returns the fingerprint of this Vault's keys, to be recorded in the database.
// The keyed-hash part is deterministic; the sealed part differs on every call (a fresh nonce)
// but verifies alike.
func (v *Vault) NewFingerprint() (Fingerprint, error) {
	sealed, err := v.kek.Encrypt([]byte(fingerprintLabel), []byte(fingerprintAD))
	if err != nil {
		return Fingerprint{}, fmt.Errorf("vault: seal the keys fingerprint: %w", err)
	}
	return Fingerprint{KeyedHash: v.keyedHashFingerprint(), Sealed: sealed}, nil
}

// ShortID returns the short id of this Vault's fingerprint ([Fingerprint.ShortID]).
func (v *Vault) ShortID() string {
	return Fingerprint{KeyedHash: v.keyedHashFingerprint()}.ShortID()
}

func (v *Vault) keyedHashFingerprint() []byte {
	return v.MAC(fingerprintPurpose, []byte(fingerprintLabel))
}

// ErrKeysMismatch reports that a keys file is not the one a database was bound to. Errors
// that wrap it are [*MismatchError]s, which say what differs.
var ErrKeysMismatch = errors.New("vault: the keys do not belong to this database")

// MismatchError says why a keys file does not belong to a database. Its fields are meant for
// an operator's message; none holds key material.
type MismatchError struct {
	// Reason says what differs, as a clause: "neither of its keys is ...".
	Reason string
	// Keys is the short id of the keys file's fingerprint.
	Keys string
	// Database is the short id of the fingerprint the database recorded, or "" when the
	// database has none yet (the keys were checked against a stored case key instead).
	Database string
}

// Error implements error.
func (e *MismatchError) Error() string {
	s := ErrKeysMismatch.Error() + ": " + e.Reason + " (keys file fingerprint " + e.Keys
	if e.Database != "" {
		s += ", database's " + e.Database
	}
	return s + ")"
}

// Unwrap makes errors.Is(err, ErrKeysMismatch) hold.
func (e *MismatchError) Unwrap() error { return ErrKeysMismatch }

// VerifyFingerprint checks that fp, read from the database, was made with this Vault's keys.
// It returns nil or a [*MismatchError] naming which keyset differs.
func (v *Vault) VerifyFingerprint(fp Fingerprint) error {
	// Neither part is secret, but comparing in constant time costs nothing.
	prfOK := hmac.Equal(fp.KeyedHash, v.keyedHashFingerprint())
	label, err := v.kek.Decrypt(fp.Sealed, []byte(fingerprintAD))
	kekOK := err == nil && hmac.Equal(label, []byte(fingerprintLabel))
	var reason string
	switch {
	case prfOK && kekOK:
		return nil
	case !prfOK && !kekOK:
		reason = "neither of its keys is one this database was started with"
	case !kekOK:
		reason = "its keyed-hash key (prf) matches, but its key-encryption key (kek) does not hold " +
			"the key the database's keys are recorded under (was the kek replaced, or is this a keys file from " +
			"before a rotation of the key-encryption key?)"
	default:
		reason = "its key-encryption key (kek) matches, but its keyed-hash key (prf) is another one " +
			"(receipt codes, sessions and audit seals would not be recognised)"
	}
	return &MismatchError{Reason: reason, Keys: v.ShortID(), Database: fp.ShortID()}
}
