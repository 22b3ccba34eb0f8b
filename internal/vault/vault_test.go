package vault

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
)

func newTestVault(t testing.TB) *Vault {
	t.Helper()
	v, err := NewEphemeral()
	if err != nil {
		t.Fatalf("NewEphemeral: %v", err)
	}
	return v
}

func TestSealOpenRoundTrip(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	tests := []struct {
		name      string
		field     string
		plaintext []byte
	}{
		{"text", "description", []byte("De afdelingsmanager heeft facturen vervalst.")},
		{"empty", "contact", []byte{}},
		{"binary", "attachment", bytes.Repeat([]byte{0, 1, 2, 0xff}, 1000)},
		{"unicode field", "naam-melder/ü", []byte("anoniem")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wrapped, ck, err := v.NewCaseKey("case-1")
			if err != nil {
				t.Fatalf("NewCaseKey: %v", err)
			}
			ct, err := ck.Seal(tc.field, tc.plaintext)
			if err != nil {
				t.Fatalf("Seal: %v", err)
			}
			// Open through a freshly unwrapped key, as a later request would.
			ck2, err := v.OpenCaseKey("case-1", wrapped)
			if err != nil {
				t.Fatalf("OpenCaseKey: %v", err)
			}
			if got := ck2.CaseID(); got != "case-1" {
				t.Errorf("CaseID() = %q, want case-1", got)
			}
			pt, err := ck2.Open(tc.field, ct)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if !bytes.Equal(pt, tc.plaintext) {
				t.Errorf("Open = %q, want %q", pt, tc.plaintext)
			}
		})
	}
}

func TestOpenRejectsMismatch(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	other := newTestVault(t)
	wrappedA, ckA, err := v.NewCaseKey("case-a")
	if err != nil {
		t.Fatal(err)
	}
	_, ckB, err := v.NewCaseKey("case-b")
	if err != nil {
		t.Fatal(err)
	}
	// Two case ids whose naive concatenation with the field name is equal:
	// the length-prefixed associated data must keep them apart.
	_, ckAmb, err := v.NewCaseKey("case-ab")
	if err != nil {
		t.Fatal(err)
	}
	ct, err := ckA.Seal("description", []byte("geheim"))
	if err != nil {
		t.Fatal(err)
	}
	tampered := bytes.Clone(ct)
	tampered[len(tampered)-1] ^= 0x01
	tamperedWrap := bytes.Clone(wrappedA)
	tamperedWrap[len(tamperedWrap)-1] ^= 0x01

	tests := []struct {
		name string
		open func() ([]byte, error)
	}{
		{"wrong field", func() ([]byte, error) { return ckA.Open("subject", ct) }},
		{"wrong case key", func() ([]byte, error) { return ckB.Open("description", ct) }},
		{"tampered ciphertext", func() ([]byte, error) { return ckA.Open("description", tampered) }},
		{"truncated ciphertext", func() ([]byte, error) { return ckA.Open("description", ct[:len(ct)-1]) }},
		{"empty ciphertext", func() ([]byte, error) { return ckA.Open("description", nil) }},
		{"wrapped key under other case id", func() ([]byte, error) { return unwrapAndOpen(v, "case-b", wrappedA, ct) }},
		{"tampered wrapped key", func() ([]byte, error) { return unwrapAndOpen(v, "case-a", tamperedWrap, ct) }},
		{"other vault", func() ([]byte, error) { return unwrapAndOpen(other, "case-a", wrappedA, ct) }},
		{"ambiguous concatenation", func() ([]byte, error) {
			ct2, err := ckAmb.Seal("c", []byte("x"))
			if err != nil {
				return nil, err
			}
			// Same key material, so only the associated data differs.
			ck := &CaseKey{caseID: "case-a", aead: ckAmb.aead}
			return ck.Open("bc", ct2)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pt, err := tc.open()
			if err == nil {
				t.Fatalf("opened successfully (%q), want error", pt)
			}
			if !errors.Is(err, ErrDecrypt) {
				t.Errorf("error %v does not wrap ErrDecrypt", err)
			}
		})
	}
}

func unwrapAndOpen(v *Vault, caseID string, wrapped, ct []byte) ([]byte, error) {
	ck, err := v.OpenCaseKey(caseID, wrapped)
	if err != nil {
		return nil, err
	}
	return ck.Open("description", ct)
}

func TestCiphertextHidesPlaintext(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	wrapped, ck, err := v.NewCaseKey("case-1")
	if err != nil {
		t.Fatal(err)
	}
	secret := []byte("Jan de Vries, kamer 4.12, meldt fraude")
	ct1, err := ck.Seal("description", secret)
	if err != nil {
		t.Fatal(err)
	}
	ct2, err := ck.Seal("description", secret)
	if err != nil {
		t.Fatal(err)
	}
	for _, probe := range [][]byte{secret, []byte("Jan de Vries"), []byte("fraude")} {
		if bytes.Contains(ct1, probe) || bytes.Contains(wrapped, probe) {
			t.Errorf("ciphertext contains %q", probe)
		}
	}
	if bytes.Equal(ct1, ct2) {
		t.Error("sealing twice gave identical ciphertexts; nonces are not fresh")
	}
}

func TestInvalidArguments(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	wrapped, ck, err := v.NewCaseKey("case-1")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		call func() error
	}{
		{"NewCaseKey empty id", func() error { _, _, err := v.NewCaseKey(""); return err }},
		{"OpenCaseKey empty id", func() error { _, err := v.OpenCaseKey("", wrapped); return err }},
		{"OpenCaseKey garbage", func() error { _, err := v.OpenCaseKey("case-1", []byte("garbage")); return err }},
		{"Seal empty field", func() error { _, err := ck.Seal("", []byte("x")); return err }},
		{"Open empty field", func() error { _, err := ck.Open("", []byte("x")); return err }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if err := tc.call(); err == nil {
				t.Error("got nil error")
			}
		})
	}
}

func TestMAC(t *testing.T) {
	t.Parallel()
	v1 := newTestVault(t)
	v2 := newTestVault(t)
	data := []byte("ABCDE12345FGHJK67890")

	base := v1.MAC("receipt-code", data)
	if len(base) != MACSize {
		t.Fatalf("len(MAC) = %d, want %d", len(base), MACSize)
	}
	tests := []struct {
		name     string
		mac      []byte
		wantSame bool
	}{
		{"same inputs are deterministic", v1.MAC("receipt-code", data), true},
		{"other purpose", v1.MAC("idempotency-key", data), false},
		{"other data", v1.MAC("receipt-code", []byte("ABCDE12345FGHJK67891")), false},
		{"other vault", v2.MAC("receipt-code", data), false},
		// Moving bytes between purpose and data must change the hash.
		{"purpose/data boundary", v1.MAC("receipt-cod", append([]byte("e"), data...)), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := bytes.Equal(tc.mac, base); got != tc.wantSame {
				t.Errorf("equal to base = %v, want %v", got, tc.wantSame)
			}
		})
	}
}

func TestRedactedFormatting(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	_, ck, err := v.NewCaseKey("case-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{fmt.Sprint(v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v),
		fmt.Sprint(ck), fmt.Sprintf("%+v", ck), fmt.Sprintf("%#v", ck)} {
		if !bytes.Contains([]byte(s), []byte("redacted")) {
			t.Errorf("formatted as %q, want redacted", s)
		}
	}
}
