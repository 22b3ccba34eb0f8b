package vault

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// fieldADLabel starts the associated data of every field ciphertext. It
// versions the encoding and keeps it apart from any other use of AEAD
// associated data, should a case key ever be used for something else.
const fieldADLabel = "meldpunt/field/v1"

// CaseKey is the unwrapped data key of one case. It is safe for concurrent
// use. Do not keep CaseKeys around longer than a request needs them: the
// wrapped form is what gets stored.
type CaseKey struct {
	caseID string
	aead   tink.AEAD
}

// NewCaseKey generates a fresh data key for caseID (a Tink AES256-GCM keyset)
// and returns it together with its wrapped form: the keyset encrypted under
// the KEK with caseID as associated data, serialized as a Tink
// EncryptedKeyset (binary protobuf). Store wrapped with the case; it is not
// secret, but it only opens with the same caseID and the same keys file.
func (v *Vault) NewCaseKey(caseID string) (wrapped []byte, ck *CaseKey, err error) {
	if caseID == "" {
		return nil, nil, errors.New("vault: NewCaseKey: empty case id")
	}
	h, err := keyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		return nil, nil, fmt.Errorf("vault: generate case key: %w", err)
	}
	var buf bytes.Buffer
	// Tink's own encrypted-keyset format keeps the key type and id in
	// cleartext metadata and works unchanged with a KMS-backed KEK.
	if err := h.WriteWithAssociatedData(keyset.NewBinaryWriter(&buf), v.kek, []byte(caseID)); err != nil {
		return nil, nil, fmt.Errorf("vault: wrap case key: %w", err)
	}
	ck, err = newCaseKey(caseID, h)
	if err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), ck, nil
}

// OpenCaseKey unwraps a key made by [Vault.NewCaseKey] for the same caseID.
// It fails with an error wrapping [ErrDecrypt] if caseID differs, the wrapped
// key was modified, or it was made with another keys file.
func (v *Vault) OpenCaseKey(caseID string, wrapped []byte) (*CaseKey, error) {
	if caseID == "" {
		return nil, errors.New("vault: OpenCaseKey: empty case id")
	}
	h, err := keyset.ReadWithAssociatedData(keyset.NewBinaryReader(bytes.NewReader(wrapped)), v.kek, []byte(caseID))
	if err != nil {
		// Tink's error text is not needed by callers and varies between
		// parse and authentication failures; one sentinel keeps callers
		// from branching on an attacker-controlled distinction.
		return nil, fmt.Errorf("vault: open case key: %w", ErrDecrypt)
	}
	// Only AES256-GCM case keys are produced; accepting another type here
	// would let whoever controls the KEK output choose the cipher.
	if err := checkPrimary(h, "case", "AES256-GCM", isAES256GCM); err != nil {
		return nil, err
	}
	return newCaseKey(caseID, h)
}

func newCaseKey(caseID string, h *keyset.Handle) (*CaseKey, error) {
	a, err := aead.New(h)
	if err != nil {
		return nil, fmt.Errorf("vault: case key primitive: %w", err)
	}
	return &CaseKey{caseID: caseID, aead: a}, nil
}

// CaseID returns the case the key belongs to.
func (ck *CaseKey) CaseID() string { return ck.caseID }

// Seal encrypts plaintext for the named field of this case. The associated
// data binds the case id and the field name, so the result opens only with
// Open on a key for the same case and the same field name. Each call uses a
// fresh random nonce, so sealing the same value twice gives different
// ciphertexts.
func (ck *CaseKey) Seal(field string, plaintext []byte) ([]byte, error) {
	if field == "" {
		return nil, errors.New("vault: Seal: empty field name")
	}
	ct, err := ck.aead.Encrypt(plaintext, ck.associatedData(field))
	if err != nil {
		return nil, fmt.Errorf("vault: seal %s: %w", field, err)
	}
	return ct, nil
}

// Open decrypts a ciphertext made by Seal for the same case and field. It
// fails with an error wrapping [ErrDecrypt] on any mismatch or tampering.
func (ck *CaseKey) Open(field string, ciphertext []byte) ([]byte, error) {
	if field == "" {
		return nil, errors.New("vault: Open: empty field name")
	}
	pt, err := ck.aead.Decrypt(ciphertext, ck.associatedData(field))
	if err != nil {
		return nil, fmt.Errorf("vault: open %s: %w", field, ErrDecrypt)
	}
	return pt, nil
}

// associatedData encodes (label, caseID, field) with a length prefix on each
// variable part, so that distinct pairs can never produce equal bytes
// (without prefixes, case "a" field "bc" would equal case "ab" field "c").
func (ck *CaseKey) associatedData(field string) []byte {
	ad := make([]byte, 0, len(fieldADLabel)+8+len(ck.caseID)+len(field))
	ad = append(ad, fieldADLabel...)
	ad = binary.BigEndian.AppendUint32(ad, uint32(len(ck.caseID)))
	ad = append(ad, ck.caseID...)
	ad = binary.BigEndian.AppendUint32(ad, uint32(len(field)))
	ad = append(ad, field...)
	return ad
}

// String redacts the key so that it can never be printed by accident.
func (ck *CaseKey) String() string { return "vault.CaseKey{redacted}" }

// GoString redacts the key for %#v as well.
func (ck *CaseKey) GoString() string { return ck.String() }
