package vault

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"testing"
)

func TestSealedForASecretOpensOnlyWithThatSecretAndBinding(t *testing.T) {
	v := newTestVault(t)
	sealed, err := v.SealForSecret("replay-key", []byte("idem-1"), []byte("CODE-1234"), []byte("case-A"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("CODE-1234")) {
		t.Fatal("the sealed data holds the plaintext")
	}
	got, err := v.OpenForSecret("replay-key", []byte("idem-1"), sealed, []byte("case-A"))
	if err != nil || string(got) != "CODE-1234" {
		t.Fatalf("open: %q %v", got, err)
	}
	for name, try := range map[string]func() ([]byte, error){
		"another secret": func() ([]byte, error) {
			return v.OpenForSecret("replay-key", []byte("idem-2"), sealed, []byte("case-A"))
		},
		"another case": func() ([]byte, error) {
			return v.OpenForSecret("replay-key", []byte("idem-1"), sealed, []byte("case-B"))
		},
		"another purpose": func() ([]byte, error) { return v.OpenForSecret("other", []byte("idem-1"), sealed, []byte("case-A")) },
		"another vault": func() ([]byte, error) {
			return newTestVault(t).OpenForSecret("replay-key", []byte("idem-1"), sealed, []byte("case-A"))
		},
		"truncated": func() ([]byte, error) {
			return v.OpenForSecret("replay-key", []byte("idem-1"), sealed[:5], []byte("case-A"))
		},
	} {
		if pt, err := try(); err == nil {
			t.Errorf("%s opened it: %q", name, pt)
		}
	}
	again, _ := v.SealForSecret("replay-key", []byte("idem-1"), []byte("CODE-1234"), []byte("case-A"))
	if bytes.Equal(again, sealed) {
		t.Fatal("sealing twice gave the same bytes: the nonce is not random")
	}
}

// TestSealedForASecretReadsWhatWasStoredBefore: receipt codes kept for retries before the sealing
// moved into the vault (AES-256-GCM under MAC(purpose, secret), nonce ‖ ciphertext) still open.
func TestSealedForASecretReadsWhatWasStoredBefore(t *testing.T) {
	v := newTestVault(t)
	block, err := aes.NewCipher(v.MAC("replay-key", []byte("idem-1")))
	if err != nil {
		t.Fatal(err)
	}
	g, err := cipher.NewGCM(block)
	if err != nil {
		t.Fatal(err)
	}
	nonce := bytes.Repeat([]byte{7}, g.NonceSize())
	old := g.Seal(bytes.Clone(nonce), nonce, []byte("CODE-OLD"), []byte("case-A"))
	got, err := v.OpenForSecret("replay-key", []byte("idem-1"), old, []byte("case-A"))
	if err != nil || string(got) != "CODE-OLD" {
		t.Fatalf("a code stored before: %q %v", got, err)
	}
}
