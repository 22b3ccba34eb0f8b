package vault

import (
	"bytes"
	"errors"
	"os"
	"testing"
	"time"
)

// TestRotationOfTheKEK follows a key-encryption key through a rotation: added beside the old
// key, made primary, the case key re-wrapped, the old key removed. What was sealed with the case
// key opens at every stage; the old key alone opens nothing re-wrapped, and the fingerprint
// follows the key that made it.
func TestRotationOfTheKEK(t *testing.T) {
	t.Parallel()
	path := initKeys(t)
	v0, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	const caseID = "0b8f2c4e-6d1a-4f3e-9c2b-7a5d1e0f3b6c"
	wrapped, ck, err := v0.NewCaseKey(caseID)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := ck.Seal("description", []byte("rotation canary"))
	if err != nil {
		t.Fatal(err)
	}
	fp0, err := v0.NewFingerprint()
	if err != nil {
		t.Fatal(err)
	}
	oldKey := v0.KEKPrimaryID()
	if id, err := WrappingKeyID(wrapped); err != nil || id != oldKey {
		t.Fatalf("WrappingKeyID = %d, %v; want the primary %d", id, err, oldKey)
	}

	// Step 1: a second key, not primary.
	f, err := OpenKeysFile(path)
	if err != nil {
		t.Fatal(err)
	}
	newKey, err := f.AddKEK()
	if err != nil {
		t.Fatal(err)
	}
	backup, err := f.Save(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(backup); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("backup %q: %v, want mode 0600", backup, err)
	}
	v1, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if v1.KEKPrimaryID() != oldKey {
		t.Fatalf("the added key became primary")
	}
	if err := v1.VerifyFingerprint(fp0); err != nil {
		t.Fatalf("step 1's file does not verify the old fingerprint: %v", err)
	}

	// Step 2: the new key primary; the case key re-wrapped under it.
	if err := f.SetPrimaryKEK(newKey); err != nil {
		t.Fatal(err)
	}
	v2, err := f.Vault()
	if err != nil {
		t.Fatal(err)
	}
	re, err := v2.RewrapCaseKey(caseID, wrapped)
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := WrappingKeyID(re); id != newKey {
		t.Fatalf("re-wrapped under %d, want the new key %d", id, newKey)
	}
	if _, err := v2.RewrapCaseKey("another case", wrapped); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("re-wrap under another case id: %v, want ErrDecrypt", err)
	}
	fp2, err := v2.NewFingerprint()
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]*Vault{"step 1's": v1, "step 2's": v2} {
		if err := v.VerifyFingerprint(fp2); err != nil {
			t.Fatalf("%s keys do not verify the fingerprint made under the new key: %v", name, err)
		}
		got, err := open(t, v, caseID, re, sealed)
		if err != nil || got != "rotation canary" {
			t.Fatalf("%s keys open the re-wrapped key to %q, %v", name, got, err)
		}
	}
	if err := v0.VerifyFingerprint(fp2); !errors.Is(err, ErrKeysMismatch) {
		t.Fatalf("the old keys verify the fingerprint made under the new key: %v", err)
	}
	if _, err := v0.OpenCaseKey(caseID, re); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("the old key opens the re-wrapped case key: %v", err)
	}

	// Step 3: the old key removed.
	onlyNew, err := f.VaultWithOnly(newKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := onlyNew.OpenCaseKey(caseID, wrapped); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("the new key alone opens a key wrapped under the old one: %v", err)
	}
	gone, err := f.RemoveKEKsExcept(newKey)
	if err != nil || len(gone) != 1 || gone[0] != oldKey {
		t.Fatalf("removed %v (%v), want the old key %d", gone, err, oldKey)
	}
	if _, err := f.Save(time.Now()); err != nil {
		t.Fatal(err)
	}
	v3, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := open(t, v3, caseID, re, sealed); err != nil || got != "rotation canary" {
		t.Fatalf("the retired file opens the canary to %q, %v", got, err)
	}
	if !bytes.Equal(v3.MAC("p", []byte("x")), v0.MAC("p", []byte("x"))) {
		t.Fatal("the rotation changed the keyed-hash key")
	}
}

func open(t *testing.T, v *Vault, caseID string, wrapped, sealed []byte) (string, error) {
	t.Helper()
	ck, err := v.OpenCaseKey(caseID, wrapped)
	if err != nil {
		return "", err
	}
	pt, err := ck.Open("description", sealed)
	return string(pt), err
}

// TestRotationSaveRefusesAFileChangedMeanwhile: a keys file changed by another process after it
// was read is not overwritten, unless it already holds exactly what would be written.
func TestRotationSaveRefusesAFileChangedMeanwhile(t *testing.T) {
	t.Parallel()
	path := initKeys(t)
	a, err := OpenKeysFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := OpenKeysFile(path)
	if err != nil {
		t.Fatal(err)
	}
	id, err := a.AddKEK()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Save(time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := b.AddKEK(); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Save(time.Now()); !errors.Is(err, ErrKeysFileChanged) {
		t.Fatalf("a second writer's save: %v, want ErrKeysFileChanged", err)
	}
	// The same change by a second run (here: the file a wrote, made primary by both).
	c, err := OpenKeysFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SetPrimaryKEK(id); err != nil {
		t.Fatal(err)
	}
	if err := c.SetPrimaryKEK(id); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Save(time.Now()); err != nil {
		t.Fatal(err)
	}
	if backup, err := c.Save(time.Now()); err != nil || backup != "" {
		t.Fatalf("the same change saved twice: %q %v, want nothing written", backup, err)
	}
}
