package vault

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/keyset"
)

// keysets returns a vault together with the keysets it was made from, so that a test can make
// a vault that shares one of them.
func keysets(t *testing.T) (*Vault, *keyset.Handle, *keyset.Handle) {
	t.Helper()
	kek, pk, err := newKeysets()
	if err != nil {
		t.Fatal(err)
	}
	v, err := newVault(kek, pk)
	if err != nil {
		t.Fatal(err)
	}
	return v, kek, pk
}

// rotated returns kek with a new primary key added; keepOld false drops the old key.
func rotated(t *testing.T, kek *keyset.Handle, keepOld bool) *keyset.Handle {
	t.Helper()
	m := keyset.NewManagerFromHandle(kek)
	old, err := kek.Primary()
	if err != nil {
		t.Fatal(err)
	}
	id, err := m.Add(aead.AES256GCMKeyTemplate())
	if err != nil {
		t.Fatal(err)
	}
	if err := m.SetPrimary(id); err != nil {
		t.Fatal(err)
	}
	if !keepOld {
		if err := m.Delete(old.KeyID()); err != nil {
			t.Fatal(err)
		}
	}
	h, err := m.Handle()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func newVaultT(t *testing.T, kek, pk *keyset.Handle) *Vault {
	t.Helper()
	v, err := newVault(kek, pk)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestFingerprintVerifiesOnlyWithTheSameKeys(t *testing.T) {
	t.Parallel()
	v, kek, pk := keysets(t)
	other, otherKEK, otherPRF := keysets(t)
	fp, err := v.NewFingerprint()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		keys       *Vault
		wantReason string // "" for a match
	}{
		{"the same keys", v, ""},
		{"the same keys loaded again", newVaultT(t, kek, pk), ""},
		{"the kek rotated, old key kept", newVaultT(t, rotated(t, kek, true), pk), ""},
		{"another keys file", other, "neither of its keys"},
		{"another kek", newVaultT(t, otherKEK, pk), "key-encryption key (kek) does not hold"},
		{"the kek rotated, old key dropped", newVaultT(t, rotated(t, kek, false), pk), "key-encryption key (kek) does not hold"},
		{"another prf", newVaultT(t, kek, otherPRF), "keyed-hash key (prf) is another one"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.keys.VerifyFingerprint(fp)
			if tc.wantReason == "" {
				if err != nil {
					t.Fatalf("VerifyFingerprint: %v, want a match", err)
				}
				return
			}
			var me *MismatchError
			if !errors.As(err, &me) || !errors.Is(err, ErrKeysMismatch) {
				t.Fatalf("VerifyFingerprint: %v, want a *MismatchError wrapping ErrKeysMismatch", err)
			}
			if !strings.Contains(me.Reason, tc.wantReason) {
				t.Errorf("reason %q, want it to say %q", me.Reason, tc.wantReason)
			}
			if me.Keys != tc.keys.ShortID() || me.Database != fp.ShortID() {
				t.Errorf("short ids: keys %q database %q, want %q and %q", me.Keys, me.Database, tc.keys.ShortID(), fp.ShortID())
			}
		})
	}
}

func TestFingerprintIsStableAndShowsOnlyAShortID(t *testing.T) {
	t.Parallel()
	v, _, _ := keysets(t)
	a, err := v.NewFingerprint()
	if err != nil {
		t.Fatal(err)
	}
	b, err := v.NewFingerprint()
	if err != nil {
		t.Fatal(err)
	}
	if hex.EncodeToString(a.KeyedHash) != hex.EncodeToString(b.KeyedHash) {
		t.Error("the keyed-hash part differs between two fingerprints of the same keys")
	}
	if len(a.KeyedHash) != MACSize || len(a.Sealed) == 0 {
		t.Errorf("fingerprint parts of %d and %d bytes", len(a.KeyedHash), len(a.Sealed))
	}
	if id := v.ShortID(); len(id) != 8 || id != a.ShortID() {
		t.Errorf("ShortID %q, fingerprint's %q: want the same 8 hex characters", id, a.ShortID())
	}
	// A fingerprint must not open as a case key, whatever id is tried: its associated data is
	// no case id.
	if _, err := v.OpenCaseKey(fingerprintAD, a.Sealed); err == nil {
		t.Error("the fingerprint opened as a case key")
	}

	other, _, _ := keysets(t)
	full := hex.EncodeToString(a.KeyedHash)
	for _, s := range []string{
		fmt.Sprint(a), fmt.Sprintf("%v %+v %#v", a, a, a),
		other.VerifyFingerprint(a).Error(),
	} {
		if strings.Contains(s, full) || strings.Contains(s, full[:16]) || strings.Contains(s, hex.EncodeToString(a.Sealed)) {
			t.Errorf("printed more of the fingerprint than its short id: %s", s)
		}
	}
}
