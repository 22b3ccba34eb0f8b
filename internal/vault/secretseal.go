package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
)

// SealForSecret encrypts plaintext (AES-256-GCM, random nonce, bound to ad) under a key derived
// from the vault's MAC key and a secret that the caller does not keep: only someone who presents
// the same secret again — and the vault — can open it. The receipt code of a filed report is
// kept this way under the reporter's idempotency key, so that a retried filing gets its code back
// while a copy of the database alone reveals nothing. purpose separates uses as in [Vault.MAC].
//
// The result is nonce ‖ ciphertext.
func (v *Vault) SealForSecret(purpose string, secret, plaintext, ad []byte) ([]byte, error) {
	return SealUnderKey(v.MAC(purpose, secret), plaintext, ad) // MACSize = 32 bytes: AES-256
}

// OpenForSecret opens what SealForSecret sealed with the same purpose, secret and ad.
func (v *Vault) OpenForSecret(purpose string, secret, sealed, ad []byte) ([]byte, error) {
	return OpenUnderKey(v.MAC(purpose, secret), sealed, ad)
}

// SealUnderKey encrypts plaintext with AES-GCM (random nonce, bound to ad) under a 32-byte key
// the caller derived from something only its rightful reader holds — for example a staff
// session's ID token under a key derived from the session token in the browser's cookie. The
// result is nonce ‖ ciphertext.
func SealUnderKey(key, plaintext, ad []byte) ([]byte, error) {
	g, err := gcmFor(key)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, g.NonceSize(), g.NonceSize()+len(plaintext)+g.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return g.Seal(nonce, nonce, plaintext, ad), nil
}

// OpenUnderKey opens what SealUnderKey sealed with the same key and ad.
func OpenUnderKey(key, sealed, ad []byte) ([]byte, error) {
	g, err := gcmFor(key)
	if err != nil {
		return nil, err
	}
	if len(sealed) < g.NonceSize() {
		return nil, errors.New("vault: sealed data truncated")
	}
	pt, err := g.Open(nil, sealed[:g.NonceSize()], sealed[g.NonceSize():], ad)
	if err != nil {
		return nil, fmt.Errorf("vault: open sealed data: %w", err)
	}
	return pt, nil
}

func gcmFor(key []byte) (cipher.AEAD, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("vault: sealing key of %d bytes, want 32", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
