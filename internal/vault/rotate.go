package vault

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/core/cryptofmt"
	"github.com/tink-crypto/tink-go/v2/keyset"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
	"google.golang.org/protobuf/proto"

	"github.com/utrecht/meldpunt/internal/atomicfile"
)

// KeysFile is a keys file opened to change its key-encryption keyset, for a rotation of the KEK
// (internal/keyrotation). Changes are made in memory ([KeysFile.AddKEK],
// [KeysFile.SetPrimaryKEK], [KeysFile.RemoveKEKsExcept]) and written by [KeysFile.Save]. The
// PRF keyset is carried along unchanged: it is never rotated.
type KeysFile struct {
	path string
	// read is the file as it was read (or last saved), so that Save can tell whether another
	// process changed it in between.
	read []byte
	kek  *keyset.Handle
	prf  *keyset.Handle
}

// KEKKey describes a key of the KEK keyset: its id and state, never its material.
type KEKKey struct {
	// ID is Tink's key id, which prefixes every ciphertext the key makes.
	ID      uint32
	Primary bool
	Enabled bool
}

// ErrKeysFileChanged reports that the keys file on disk changed after it was read.
var ErrKeysFileChanged = errors.New("vault: the keys file changed after it was read (is another `meldpunt keys` command running?)")

// OpenKeysFile reads the keys file at path for a change of its KEK keyset, with the checks of
// [Load].
func OpenKeysFile(path string) (*KeysFile, error) {
	data, err := readKeysFile(path)
	if err != nil {
		return nil, err
	}
	kek, pk, err := decodeKeysFile(data)
	if err == nil {
		_, err = newVault(kek, pk)
	}
	if err != nil {
		return nil, fmt.Errorf("%w (keys file %s)", err, path)
	}
	return &KeysFile{path: path, read: data, kek: kek, prf: pk}, nil
}

// Path returns where the file is.
func (f *KeysFile) Path() string { return f.path }

// KEKKeys lists the keys of the KEK keyset in keyset order.
func (f *KeysFile) KEKKeys() []KEKKey {
	out := make([]KEKKey, 0, f.kek.Len())
	for i := range f.kek.Len() {
		e, err := f.kek.Entry(i)
		if err != nil {
			continue
		}
		out = append(out, KEKKey{ID: e.KeyID(), Primary: e.IsPrimary(), Enabled: e.KeyStatus() == keyset.Enabled})
	}
	return out
}

// HasKEK reports whether the KEK keyset holds an enabled key with this id.
func (f *KeysFile) HasKEK(id uint32) bool {
	for _, k := range f.KEKKeys() {
		if k.ID == id && k.Enabled {
			return true
		}
	}
	return false
}

// PrimaryKEK returns the id of the KEK's primary key: the key new case keys are wrapped under.
func (f *KeysFile) PrimaryKEK() uint32 {
	e, err := f.kek.Primary()
	if err != nil {
		return 0 // OpenKeysFile checked there is one
	}
	return e.KeyID()
}

// Vault returns a Vault of the keys as they are now in memory.
func (f *KeysFile) Vault() (*Vault, error) { return newVault(f.kek, f.prf) }

// VaultWithOnly returns a Vault whose KEK keyset holds the key id alone (as primary), leaving
// the keys in memory as they are: what a keys file without the other keys would open.
func (f *KeysFile) VaultWithOnly(id uint32) (*Vault, error) {
	m := keyset.NewManagerFromHandle(f.kek)
	if err := m.SetPrimary(id); err != nil {
		return nil, fmt.Errorf("vault: key-encryption key %d: %w", id, err)
	}
	for _, k := range f.KEKKeys() {
		if k.ID != id {
			if err := m.Delete(k.ID); err != nil {
				return nil, fmt.Errorf("vault: key-encryption key %d: %w", k.ID, err)
			}
		}
	}
	h, err := m.Handle()
	if err != nil {
		return nil, fmt.Errorf("vault: kek keyset: %w", err)
	}
	return newVault(h, f.prf)
}

// AddKEK adds a fresh AES256-GCM key to the KEK keyset, enabled but not primary: a Vault of
// the keyset opens case keys wrapped under it, but wraps none under it yet.
func (f *KeysFile) AddKEK() (uint32, error) {
	m := keyset.NewManagerFromHandle(f.kek)
	id, err := m.Add(aead.AES256GCMKeyTemplate())
	if err != nil {
		return 0, fmt.Errorf("vault: add a key-encryption key: %w", err)
	}
	return id, f.set(m)
}

// SetPrimaryKEK makes the key id the KEK's primary key, under which case keys are wrapped from
// then on. The other keys stay and still open what they wrapped.
func (f *KeysFile) SetPrimaryKEK(id uint32) error {
	m := keyset.NewManagerFromHandle(f.kek)
	if err := m.SetPrimary(id); err != nil {
		return fmt.Errorf("vault: make key %d the primary key-encryption key: %w", id, err)
	}
	if err := f.set(m); err != nil {
		return err
	}
	_, err := f.Vault() // the primary must be AES256-GCM
	return err
}

// RemoveKEKsExcept deletes every key of the KEK keyset but keep, which must be the primary,
// and returns the ids it deleted. A case key wrapped under a deleted key can never be opened
// with the result.
func (f *KeysFile) RemoveKEKsExcept(keep uint32) ([]uint32, error) {
	if f.PrimaryKEK() != keep {
		return nil, fmt.Errorf("vault: key %d is not the primary key-encryption key; only the primary can be kept alone", keep)
	}
	m := keyset.NewManagerFromHandle(f.kek)
	var gone []uint32
	for _, k := range f.KEKKeys() {
		if k.ID == keep {
			continue
		}
		if err := m.Delete(k.ID); err != nil {
			return nil, fmt.Errorf("vault: remove key-encryption key %d: %w", k.ID, err)
		}
		gone = append(gone, k.ID)
	}
	return gone, f.set(m)
}

func (f *KeysFile) set(m *keyset.Manager) error {
	h, err := m.Handle()
	if err != nil {
		return fmt.Errorf("vault: kek keyset: %w", err)
	}
	f.kek = h
	return nil
}

// Save writes the keys as they are in memory to the file, atomically (a reader, such as a
// replica starting, reads the old file or the new one, whole), mode 0600, and keeps the file it
// replaces beside it as PATH.bak-<UTC time>, whose name it returns. That backup holds the keys
// the new file may no longer have: destroy it once the rotation is over and the new file is
// backed up.
//
// When the file on disk is no longer what was read, Save writes nothing: it returns nil when the
// file already holds exactly these keys (another run of the same step wrote it), and an error
// wrapping [ErrKeysFileChanged] otherwise. When the keys are unchanged it writes nothing either.
func (f *KeysFile) Save(now time.Time) (backup string, err error) {
	data, err := encodeKeysFile(f.kek, f.prf)
	if err != nil {
		return "", err
	}
	if bytes.Equal(data, f.read) {
		return "", nil
	}
	cur, err := readKeysFile(f.path)
	if err != nil {
		return "", err
	}
	if !bytes.Equal(cur, f.read) {
		if bytes.Equal(cur, data) {
			f.read = data
			return "", nil
		}
		return "", fmt.Errorf("%w: %s", ErrKeysFileChanged, f.path)
	}
	stamp := now.UTC().Format("20060102T150405Z")
	for i := 1; ; i++ {
		backup = f.path + ".bak-" + stamp
		if i > 1 {
			backup += fmt.Sprintf("-%d", i)
		}
		err = atomicfile.Replace(f.path, data, 0o600, backup)
		if !errors.Is(err, fs.ErrExist) || i == 100 {
			break
		}
	}
	if err != nil {
		return "", fmt.Errorf("vault: write keys file: %w", err)
	}
	f.read = data
	return backup, nil
}

// KEKPrimaryID returns the id of the KEK key that case keys are wrapped under.
func (v *Vault) KEKPrimaryID() uint32 { return v.kekID }

// WrappingKeyID returns the id of the KEK key a wrapped case key (from [Vault.NewCaseKey]) was
// made with. It decrypts nothing: a wrapped key is a Tink EncryptedKeyset, and Tink starts every
// ciphertext of a key with a version byte and that key's id. The id tells which case keys a
// rotation still has to re-wrap; whether they open is checked by opening them.
func WrappingKeyID(wrapped []byte) (uint32, error) {
	var ek tinkpb.EncryptedKeyset
	if err := proto.Unmarshal(wrapped, &ek); err != nil {
		return 0, errors.New("vault: not a wrapped case key")
	}
	ct := ek.GetEncryptedKeyset()
	if len(ct) < cryptofmt.NonRawPrefixSize || ct[0] != cryptofmt.TinkStartByte {
		return 0, errors.New("vault: the wrapped case key has no key id prefix")
	}
	return binary.BigEndian.Uint32(ct[1:cryptofmt.NonRawPrefixSize]), nil
}

// RewrapCaseKey opens a wrapped case key made for caseID under any key of the KEK keyset and
// returns it wrapped under the primary key instead, with the same associated data (the case
// id). The case key itself is not changed, not even re-encoded: the same bytes get a new
// envelope, so everything sealed with the case key opens as before. It fails with an error
// wrapping [ErrDecrypt] when the wrapped key does not open.
func (v *Vault) RewrapCaseKey(caseID string, wrapped []byte) ([]byte, error) {
	if caseID == "" {
		return nil, errors.New("vault: RewrapCaseKey: empty case id")
	}
	var ek tinkpb.EncryptedKeyset
	if err := proto.Unmarshal(wrapped, &ek); err != nil {
		return nil, fmt.Errorf("vault: re-wrap case key: %w", ErrDecrypt)
	}
	plain, err := v.kek.Decrypt(ek.GetEncryptedKeyset(), []byte(caseID))
	if err != nil {
		return nil, fmt.Errorf("vault: re-wrap case key: %w", ErrDecrypt)
	}
	ct, err := v.kek.Encrypt(plain, []byte(caseID))
	clear(plain)
	if err != nil {
		return nil, fmt.Errorf("vault: re-wrap case key: %w", err)
	}
	ek.EncryptedKeyset = ct
	out, err := proto.Marshal(&ek)
	if err != nil {
		return nil, fmt.Errorf("vault: re-wrap case key: %w", err)
	}
	return out, nil
}
