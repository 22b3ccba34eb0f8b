// Package vault keeps Meldpunt's case data confidential at rest, using
// Google Tink for every cryptographic primitive.
//
// # Key hierarchy
//
// Two long-lived keysets live in a keys file outside the database:
//
//   - the key-encryption key (KEK), a Tink AEAD keyset (AES256-GCM), and
//   - a PRF keyset (HMAC-SHA256) used for keyed hashes ([Vault.MAC]).
//
// Every case gets its own data key ([Vault.NewCaseKey]): a fresh Tink AEAD
// keyset (AES256-GCM) that is stored next to the case only in wrapped form,
// encrypted under the KEK with the case id as associated data. A database
// dump therefore holds nothing but ciphertext, wrapped keys and keyed hashes;
// without the keys file none of it can be read, and receipt-code hashes
// cannot even be brute-forced. Per-case keys make crypto-shredding possible
// (delete the wrapped key and the case is gone, backups included) and keep
// the amount of data under a single AES-GCM key tiny, so random 96-bit nonces
// are nowhere near their collision bound. Binding the wrapped key to its case
// id stops an insider with database access from transplanting one case's key
// row onto another case. The KEK wraps case keys and, apart from the fixed
// label of the keys fingerprint (below), nothing else, which is why the bare
// case id is enough as associated data there.
//
// Field values are sealed with associated data that encodes both the case id
// and the field name (length-prefixed, so no two (case, field) pairs encode
// alike). A ciphertext copied into another case or into another column of the
// same case fails to open instead of silently showing up in the wrong place.
//
// # The keys file
//
// The keys file is JSON, mode 0600:
//
//	{"version":1,"kek":<Tink JSON keyset>,"prf":<Tink JSON keyset>}
//
// The keysets are written in cleartext through Tink's
// insecurecleartextkeyset package: the file itself is the secret. That is a
// deliberate trade-off for a small service with one host. The file must be
// kept out of the database and out of database backups (back it up
// separately, e.g. offline), and [Load] refuses a file that group or others
// can read. Because the KEK is used only through the tink.AEAD interface, a
// KMS-backed KEK (Tink's KMS envelope AEAD, or a KMS client's AEAD) can
// replace the cleartext KEK later without changing the wrapped-key format;
// existing wrapped keys are then re-wrapped once.
//
// # Rotating the KEK
//
// A Tink keyset may hold several keys: it encrypts under its primary key and
// decrypts with whichever key a ciphertext's 5-byte prefix (a version byte and
// the key id) names. A rotation of the KEK uses exactly that, through
// [KeysFile] (open a keys file, [KeysFile.AddKEK], [KeysFile.SetPrimaryKEK],
// [KeysFile.RemoveKEKsExcept], and [KeysFile.Save], which replaces the file
// atomically and keeps the previous one as a 0600 backup beside it),
// [WrappingKeyID] (which KEK key wraps a case key, read from the prefix
// without decrypting) and [Vault.RewrapCaseKey] (the same case key in a new
// envelope under the primary key; the case key itself is not touched, so
// everything sealed with it opens as before). The protocol — a new key added
// as a secondary key and rolled out, then made primary while every case key
// is re-wrapped, then the old key removed — and why it is safe with replicas
// that hold their keys file in memory are in internal/keyrotation; the
// commands are `meldpunt keys rotate` and `meldpunt keys retire`.
//
// The PRF keyset must not be rotated without recomputing every stored keyed
// hash, because lookups depend on MAC outputs being stable; a KEK rotation
// carries it over unchanged.
//
// # Binding keys to a database
//
// A database is bound to the keys file it was first started with: it records a [Fingerprint]
// of the keys (never the keys), and every later start verifies it ([Vault.Bind]). Without it,
// a replica started with another keys file would start, report ready and file cases the other
// replicas can never read. The fingerprint has a part per keyset, so a check proves both:
//
//   - a keyed hash ([Vault.MAC]) of a fixed label under the PRF keyset, and
//   - the same label encrypted under the KEK with fixed associated data.
//
// Neither reveals anything about the keys: the first is a PRF output on public input, the
// second an AES-GCM ciphertext of a public plaintext. Its associated data can never equal a
// case id (a UUID), so it cannot pass for a wrapped case key, and the rule that the KEK wraps
// only case keys still holds for everything a case id can name.
//
// Rotation and the fingerprint: the KEK part is verified by decrypting it, not by recomputing
// it. Tink prefixes each ciphertext with the id of the key that made it and decrypts with any
// key of the keyset, so a KEK keyset that holds the key the fingerprint was sealed under
// passes, whichever key is primary, exactly as the case keys wrapped under that key open. The
// rotation records the KEK part anew under the new key when the new key becomes primary (the
// database's case keys move to it from then on) and again when the old key is retired: the
// files of the rotation's first two steps hold the new key and keep passing while they are
// rolled out, and a file with only the old key fails from the moment case keys are wrapped
// under a key it lacks. The PRF part is recomputed with the primary PRF key, in line with the
// rule above that the PRF keyset is never rotated.
//
// # Performance and concurrency
//
// Filing a report creates a case key and seals a few fields. Generating a
// Tink keyset, wrapping it and sealing 1 KiB takes under 10 µs on a server
// core (BenchmarkNewCaseKeySeal), so envelope encryption with a key per case
// costs nothing noticeable next to a database round trip. A *Vault and a *CaseKey are immutable after
// construction and the Tink primitives they hold are stateless, so both are
// safe for concurrent use without locks.
//
// Nothing in this package logs, and errors never contain key material or
// plaintext.
package vault

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/aead/aesgcm"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/prf"
	"github.com/tink-crypto/tink-go/v2/prf/hmacprf"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// MACSize is the length in bytes of every [Vault.MAC] output.
const MACSize = 32

// ErrDecrypt reports that a wrapped key or a ciphertext could not be opened:
// it was tampered with, belongs to another case or field, or was made with
// other keys. The causes are deliberately not distinguished.
var ErrDecrypt = errors.New("vault: decryption failed (wrong case or field, wrong keys, or data was modified)")

// Vault holds the long-lived keys. It is safe for concurrent use.
type Vault struct {
	kek tink.AEAD
	// kekID is the id of the KEK keyset's primary key, under which case keys are wrapped.
	kekID uint32
	// kekIDs are the ids of every key in the KEK keyset.
	kekIDs []uint32
	mac    prf.PRF
}

// NewEphemeral returns a Vault with fresh random keys that are never written
// anywhere. It is meant for tests of other packages: everything sealed with
// it is unreadable once the Vault is dropped.
func NewEphemeral() (*Vault, error) {
	kek, pk, err := newKeysets()
	if err != nil {
		return nil, err
	}
	return newVault(kek, pk)
}

// newKeysets generates the two long-lived keysets.
func newKeysets() (kek, pk *keyset.Handle, err error) {
	kek, err = keyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		return nil, nil, fmt.Errorf("vault: generate key-encryption key: %w", err)
	}
	pk, err = keyset.NewHandle(prf.HMACSHA256PRFKeyTemplate())
	if err != nil {
		return nil, nil, fmt.Errorf("vault: generate PRF key: %w", err)
	}
	return kek, pk, nil
}

// newVault builds the primitives and checks that the keysets are of the
// expected kinds. Checking the key types (not just that Tink accepts them)
// prevents a hand-edited keys file from quietly downgrading to a weaker
// algorithm or a shorter PRF output.
func newVault(kek, pk *keyset.Handle) (*Vault, error) {
	if err := checkPrimary(kek, "kek", "AES256-GCM", isAES256GCM); err != nil {
		return nil, err
	}
	if err := checkPrimary(pk, "prf", "HMAC-SHA256 PRF, key of at least 32 bytes", func(k any) bool {
		h, ok := k.(*hmacprf.Key)
		if !ok {
			return false
		}
		p := h.Parameters().(*hmacprf.Parameters)
		return p.HashType() == hmacprf.SHA256 && p.KeySizeInBytes() >= 32
	}); err != nil {
		return nil, err
	}

	a, err := aead.New(kek)
	if err != nil {
		return nil, fmt.Errorf("vault: kek keyset: %w", err)
	}
	set, err := prf.NewPRFSet(pk)
	if err != nil {
		return nil, fmt.Errorf("vault: prf keyset: %w", err)
	}
	// Holding the primary PRF directly saves a map lookup per MAC and
	// surfaces a missing primary here rather than on every call.
	p, ok := set.PRFs[set.PrimaryID]
	if !ok {
		return nil, errors.New("vault: prf keyset has no primary key")
	}
	primary, err := kek.Primary()
	if err != nil {
		return nil, errors.New("vault: kek keyset has no usable primary key")
	}
	var ids []uint32
	for i := range kek.Len() {
		if e, err := kek.Entry(i); err == nil {
			ids = append(ids, e.KeyID())
		}
	}
	return &Vault{kek: a, kekID: primary.KeyID(), kekIDs: ids, mac: p}, nil
}

// HoldsKEK reports whether the KEK keyset holds the key with this id (primary or not).
func (v *Vault) HoldsKEK(id uint32) bool { return slices.Contains(v.kekIDs, id) }

func isAES256GCM(k any) bool {
	g, ok := k.(*aesgcm.Key)
	return ok && g.Parameters().(*aesgcm.Parameters).KeySizeInBytes() == 32
}

func checkPrimary(h *keyset.Handle, name, want string, ok func(any) bool) error {
	e, err := h.Primary()
	if err != nil {
		return fmt.Errorf("vault: %s keyset has no usable primary key", name)
	}
	if !ok(e.Key()) {
		return fmt.Errorf("vault: %s keyset primary key has the wrong type (want %s)", name, want)
	}
	return nil
}

// MAC returns a deterministic keyed hash (HMAC-SHA256 PRF, [MACSize] bytes) of
// data, domain-separated by purpose. Use a distinct constant purpose per use
// (for example "receipt-code", "idempotency-key") so that equal inputs
// used for different things never produce equal hashes. The output is a PRF
// value, so it may also serve as derived key material for a purpose of its
// own.
//
// The purpose is length-prefixed, so (purpose, data) pairs map one-to-one to
// PRF inputs: ("ab", "c") and ("a", "bc") hash differently.
func (v *Vault) MAC(purpose string, data []byte) []byte {
	in := make([]byte, 0, 4+len(purpose)+len(data))
	in = binary.BigEndian.AppendUint32(in, uint32(len(purpose)))
	in = append(in, purpose...)
	in = append(in, data...)
	out, err := v.mac.ComputePRF(in, MACSize)
	if err != nil {
		// Unreachable: newVault verified the key is HMAC-SHA256, whose
		// output is exactly MACSize bytes, and HMAC itself cannot fail.
		// Returning a zero hash instead would make every lookup collide.
		panic("vault: HMAC-SHA256 PRF failed: " + err.Error())
	}
	return out
}

// String redacts the Vault so that it can never be printed by accident.
func (v *Vault) String() string { return "vault.Vault{redacted}" }

// GoString redacts the Vault for %#v as well.
func (v *Vault) GoString() string { return v.String() }
